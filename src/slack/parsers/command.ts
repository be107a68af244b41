/**
 * Splits `/poc` command text into a subcommand and its arguments. Slack sends the text exactly as
 * typed (after its own escaping of mentions and links), so this tolerates any spacing.
 */
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { literal, say, typed } from "../../domain/wording.js";

/** Slack's own limit on slash command text is 4,000 characters; refuse anything beyond it. */
export const MAX_COMMAND_TEXT = 4000;

export const commandText = z.string().max(MAX_COMMAND_TEXT);

export interface ParsedCommand {
  /** Lower-cased first word, or "" when the text is empty. */
  readonly name: string;
  /** The words after the subcommand, as typed. */
  readonly args: readonly string[];
  /** Everything after the subcommand, trimmed, as typed. */
  readonly rest: string;
}

export function parseCommandText(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (trimmed === "") return { name: "", args: [], rest: "" };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const first = match?.[1] ?? "";
  const rest = (match?.[2] ?? "").trim();
  return {
    name: first.toLowerCase(),
    args: rest === "" ? [] : rest.split(/\s+/),
    rest,
  };
}

/** An id as people type it: "12" or "#12". */
export function parseIdArgument(text: string | undefined, what: string, listHint: string): number {
  const match = /^#?(\d{1,9})$/.exec((text ?? "").trim());
  if (match === null) {
    throw new DomainError(
      "invalid_input",
      say`${typed(text ?? "")} is not ${what} number. ${literal(listHint)} shows them with their numbers.`,
    );
  }
  return Number(match[1]);
}
