import { DomainError } from "../../../domain/errors.js";
import { parseSector } from "../../../domain/rules.js";
import { literal, say, typed, type Wording } from "../../../domain/wording.js";
import type { RenameOrganizationInput } from "../../../services/organizations.js";
import { phrase, type Token, tokenize } from "../../parsers/mentions.js";
import {
  organizationAdded,
  organizationListMessage,
  organizationRemoved,
  organizationRenamed,
} from "../../views/organizations.js";
import type { SubcommandHandler } from "./types.js";

export const ORG_USAGE = say`Usage: ${literal("/poc org add <name> [sector]")} · ${literal("/poc org list")} · ${literal("/poc org rename <old name> to <new name>")} · ${literal("/poc org remove <name>")}. Names with spaces may be quoted: ${literal('/poc org add "Acme Water" business')}.`;

function usage(reason: Wording): DomainError {
  return new DomainError("invalid_input", say`${reason} ${ORG_USAGE}`);
}

function isSector(text: string): boolean {
  try {
    parseSector(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `add` arguments: a quoted name then the sector; or words whose trailing one or two form a
 * sector ("civil society"), the rest being the name. A name that ends in a sector word can be
 * quoted to keep it whole.
 */
export function readAddArguments(tokens: readonly Token[]): { name: string; sector?: string } {
  const [first, ...rest] = tokens;
  if (first === undefined) throw usage(say`${literal("/poc org add")} needs a name.`);
  if (first.quoted) {
    return rest.length === 0 ? { name: first.text } : { name: first.text, sector: phrase(rest) };
  }
  for (const size of [2, 1]) {
    if (tokens.length <= size) continue;
    const tail = tokens.slice(-size);
    if (tail.every((t) => !t.quoted) && isSector(phrase(tail))) {
      return { name: phrase(tokens.slice(0, -size)), sector: phrase(tail) };
    }
  }
  return { name: phrase(tokens) };
}

/**
 * `rename` arguments: `"old" "new"`, `"old" to "new"`, or `old to new`. When the unquoted word
 * "to" appears more than once, every split is offered and the service picks the one whose old
 * name exists.
 */
export function readRenameArguments(tokens: readonly Token[]): RenameOrganizationInput[] {
  const isTo = (t: Token | undefined) =>
    t !== undefined && !t.quoted && t.text.toLowerCase() === "to";
  const [first, second] = tokens;
  if (first?.quoted) {
    const rest = tokens.slice(isTo(second) ? 2 : 1);
    if (rest.length === 0)
      throw usage(say`${literal("/poc org rename")} needs the new name after ${literal("to")}.`);
    return [{ from: first.text, to: phrase(rest) }];
  }
  const choices: RenameOrganizationInput[] = [];
  tokens.forEach((t, i) => {
    if (isTo(t) && i > 0 && i < tokens.length - 1) {
      choices.push({ from: phrase(tokens.slice(0, i)), to: phrase(tokens.slice(i + 1)) });
    }
  });
  if (choices.length === 0) {
    throw usage(
      say`${literal("/poc org rename")} needs the old name, the word ${literal("to")}, and the new name.`,
    );
  }
  return choices;
}

/** `/poc org add|list|rename|remove`: parses the words and calls one organizations service. */
export const orgCommand: SubcommandHandler = async ({ caller, command, now, services }) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  const rest = command.rest.slice((command.args[0] ?? "").length);
  const tokens = tokenize(rest);
  const organizations = services.organizations;
  switch (verb) {
    case "add": {
      const input = readAddArguments(tokens);
      const { organization, restored } = organizations.add(caller, input, now);
      return organizationAdded(organization, restored);
    }
    case "list": {
      if (tokens.length > 0) throw usage(say`${literal("/poc org list")} takes no arguments.`);
      const { partnershipName, rows } = organizations.list(caller, now);
      return organizationListMessage(partnershipName, rows);
    }
    case "rename": {
      const { before, after } = organizations.rename(caller, readRenameArguments(tokens), now);
      return organizationRenamed(before, after);
    }
    case "remove": {
      if (tokens.length === 0)
        throw usage(say`${literal("/poc org remove")} needs the organization's name.`);
      return organizationRemoved(organizations.remove(caller, phrase(tokens), now));
    }
    case "":
      throw usage(say`${literal("/poc org")} needs what to do.`);
    default:
      throw new DomainError(
        "unknown_command",
        say`I don't know ${typed(`/poc org ${command.args[0]}`)}. ${ORG_USAGE}`,
      );
  }
};
