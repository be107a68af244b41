/**
 * "Who could help" with a blocker (raised in a check-in or with `/poc blocker add`): the choices,
 * the select's value checked against the partnership, and the columns it is stored in.
 */
import type { Partnership } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import type { ServiceKit } from "./kit.js";
import type { BlockerMessage } from "./ports.js";

/** Who could help with a blocker: the partnership's people and organizations. */
export interface CouldHelpChoices {
  readonly people: readonly { readonly userId: string; readonly name: string }[];
  readonly organizations: readonly { readonly id: number; readonly name: string }[];
}

export type CouldHelp = { readonly userId: string } | { readonly organizationId: number } | null;

export function couldHelpChoices(kit: ServiceKit, partnership: Partnership): CouldHelpChoices {
  return {
    people: kit.repos.members
      .people(partnership.id)
      .map((m) => ({ userId: m.slackUserId, name: m.displayName ?? m.slackUserId })),
    organizations: kit.repos.organizations
      .list(partnership.id)
      .map((o) => ({ id: o.id, name: o.name })),
  };
}

/** "user:U123" or "org:4" as the select sends it; anything else, or a stranger, is refused. */
export function parseCouldHelp(
  kit: ServiceKit,
  partnership: Partnership,
  raw: string | undefined,
  field: string,
): CouldHelp {
  const text = (raw ?? "").trim();
  if (text === "") return null;
  const user = /^user:([UW][A-Z0-9]{1,20})$/.exec(text);
  if (user?.[1] !== undefined) {
    if (kit.repos.members.findByUser(partnership.id, user[1]) !== undefined) {
      return { userId: user[1] };
    }
  }
  const org = /^org:(\d{1,12})$/.exec(text);
  if (org?.[1] !== undefined) {
    const found = kit.repos.organizations.findById(partnership.id, Number(org[1]));
    if (found !== undefined && found.removedAt === null) return { organizationId: found.id };
  }
  throw new DomainError(
    "invalid_input",
    "Who could help must be a member or an organization of this partnership: choose one from the list.",
    field,
  );
}

export function couldHelpColumns(couldHelp: CouldHelp): {
  couldHelpUserId: string | null;
  couldHelpOrganizationId: number | null;
} {
  return {
    couldHelpUserId: couldHelp !== null && "userId" in couldHelp ? couldHelp.userId : null,
    couldHelpOrganizationId:
      couldHelp !== null && "organizationId" in couldHelp ? couldHelp.organizationId : null,
  };
}

/** Who could help, as a blocker's message and listing show it. */
export type CouldHelpShown = BlockerMessage["couldHelp"];

/** The stored columns (the organization already read as its name) as a message shows them. */
export function couldHelpShown(
  userId: string | null,
  organizationName: string | null,
): CouldHelpShown {
  if (userId !== null) return { userId };
  return organizationName !== null ? { organizationName } : null;
}
