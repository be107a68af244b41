/**
 * Who may do what in a partnership: one table, enforced by the services (never by listeners), and
 * rendered in docs/permissions.md. A refusal is a DomainError("forbidden") whose message says why
 * and what to do instead.
 */
import { DomainError } from "./errors.js";
import type { Role } from "./types.js";
import { literal, say } from "./wording.js";

/** A role in the partnership, or "none" for a Slack user who is not a member of it. */
export type Standing = Role | "none";

export const ACTIONS = [
  "partnership.create",
  "partnership.edit",
  "settings.edit",
  "organization.manage",
  "member.manage",
  "objective.manage",
  "commitment.create",
  "commitment.edit",
  "partnership.read",
  "checkin.submit",
  "blocker.raise",
  "blocker.help",
  "digest.post",
  "agenda.draft",
  "decision.manage",
  "export.run",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * yes: allowed; own: allowed only on the actor's own record (a commitment they own, for their own
 * organization); no: refused.
 */
export type Grant = "yes" | "own" | "no";

export const PERMISSIONS: Readonly<Record<Action, Readonly<Record<Standing, Grant>>>> = {
  // Creating a partnership: whoever runs /poc setup in a channel that has none becomes its first
  // coordinator; that check is on the channel, not on a role, so every standing may try.
  "partnership.create": { coordinator: "yes", partner: "yes", observer: "yes", none: "yes" },
  "partnership.edit": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "settings.edit": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "organization.manage": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "member.manage": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "objective.manage": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "commitment.create": { coordinator: "yes", partner: "own", observer: "no", none: "no" },
  "commitment.edit": { coordinator: "yes", partner: "own", observer: "no", none: "no" },
  "partnership.read": { coordinator: "yes", partner: "yes", observer: "yes", none: "no" },
  "checkin.submit": { coordinator: "own", partner: "own", observer: "no", none: "no" },
  "blocker.raise": { coordinator: "yes", partner: "own", observer: "no", none: "no" },
  "blocker.help": { coordinator: "yes", partner: "yes", observer: "yes", none: "no" },
  "digest.post": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "agenda.draft": { coordinator: "yes", partner: "yes", observer: "yes", none: "no" },
  "decision.manage": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
  "export.run": { coordinator: "yes", partner: "no", observer: "no", none: "no" },
};

const DOING: Record<Action, string> = {
  "partnership.create": "set up a partnership",
  "partnership.edit": "edit this partnership",
  "settings.edit": "change this partnership's settings",
  "organization.manage": "manage organizations",
  "member.manage": "manage members",
  "objective.manage": "manage objectives",
  "commitment.create": "record this commitment",
  "commitment.edit": "change this commitment",
  "partnership.read": "see this partnership",
  "checkin.submit": "check in on this commitment",
  "blocker.raise": "raise a blocker on this commitment",
  "blocker.help": "offer help on blockers",
  "digest.post": "post the digest",
  "agenda.draft": "draft the review agenda",
  "decision.manage": "record decisions",
  "export.run": "export the partnership's data",
};

export function grantFor(standing: Standing, action: Action): Grant {
  return PERMISSIONS[action][standing];
}

/**
 * Throws DomainError("forbidden") unless `standing` may do `action`. `ownsTarget` says whether the
 * target belongs to the actor, for "own" grants; when the action has no target, pass true.
 */
export function authorize(standing: Standing, action: Action, ownsTarget: boolean): void {
  const grant = grantFor(standing, action);
  if (grant === "yes" || (grant === "own" && ownsTarget)) return;
  const doing = DOING[action];
  if (standing === "none") {
    throw new DomainError(
      "forbidden",
      say`You are not a member of this partnership, so you cannot ${doing}. Ask a coordinator to add you with ${literal("/poc member add")}.`,
    );
  }
  if (grant === "own") {
    throw new DomainError(
      "forbidden",
      `As a ${standing} you can ${doing} only for yourself and your own organization; a coordinator can do it for others.`,
    );
  }
  const allowed = (["coordinator", "partner", "observer"] as const).filter(
    (s) => PERMISSIONS[action][s] !== "no",
  );
  const who = allowed.map((s) => `${s}s`).join(" and ");
  const article = standing === "observer" ? "an" : "a";
  throw new DomainError(
    "forbidden",
    `Only ${who} can ${doing}; you are ${article} ${standing} here.`,
  );
}

const STANDINGS: readonly Standing[] = ["coordinator", "partner", "observer", "none"];
const GRANT_TEXT: Record<Grant, string> = { yes: "yes", own: "own only", no: "no" };

/** The table as markdown, for docs/permissions.md (a test keeps the two identical). */
export function permissionsMarkdown(): string {
  const header = "| action | coordinator | partner | observer | non-member |";
  const rule = "|---|---|---|---|---|";
  const rows = ACTIONS.map(
    (action) =>
      `| ${DOING[action]} (\`${action}\`) | ${STANDINGS.map((s) => GRANT_TEXT[PERMISSIONS[action][s]]).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}
