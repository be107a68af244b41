/**
 * The product's words as types (see ../shared/design/product.md). Shared by every layer; imports
 * nothing.
 */

export const CADENCES = ["weekly", "biweekly", "monthly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/** A wall-clock time of day, "HH:MM" in 24-hour form. */
export type LocalTime = string;

export const STATUSES = ["on_track", "at_risk", "off_track", "done"] as const;
export type Status = (typeof STATUSES)[number];

/** A status, or "none" before the first check-in. */
export type StatusKey = Status | "none";
export const STATUS_KEYS: readonly StatusKey[] = [...STATUSES, "none"];

/** How each status reads in a sentence or beside a count ("3 on track", "1 no check-in"). */
export const STATUS_WORDS: Readonly<Record<StatusKey, string>> = {
  on_track: "on track",
  at_risk: "at risk",
  off_track: "off track",
  done: "done",
  none: "no check-in",
};

/** How many commitments are in each status. */
export type StatusCounts = Readonly<Record<StatusKey, number>>;

/** Every status at zero, to count into. */
export function emptyStatusCounts(): Record<StatusKey, number> {
  return { on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 0 };
}

export const ROLES = ["coordinator", "partner", "observer"] as const;
export type Role = (typeof ROLES)[number];

export const SECTORS = [
  "business",
  "government",
  "civil_society",
  "academia",
  "philanthropy",
  "multilateral",
  "other",
] as const;
export type Sector = (typeof SECTORS)[number];

export const COMMITMENT_STATES = ["active", "closed", "dropped"] as const;
export type CommitmentState = (typeof COMMITMENT_STATES)[number];

export const OBJECTIVE_STATES = ["active", "retired"] as const;
export type ObjectiveState = (typeof OBJECTIVE_STATES)[number];

/**
 * pending: planned, waiting for its due time or next attempt; sending: claimed by a tick;
 * sent: in the owner's DM; answered: a check-in exists for its period; failed: a permanent
 * delivery failure (recorded, shown to coordinators); skipped: not sent (owner away, commitment
 * closed before it went out).
 */
export const PROMPT_STATES = [
  "pending",
  "sending",
  "sent",
  "answered",
  "failed",
  "skipped",
] as const;
export type PromptState = (typeof PROMPT_STATES)[number];

export const BLOCKER_STATES = ["open", "resolved"] as const;
export type BlockerState = (typeof BLOCKER_STATES)[number];

export const DIGEST_STATES = ["pending", "posting", "posted", "failed"] as const;
export type DigestState = (typeof DIGEST_STATES)[number];

export const DECISION_STATES = ["open", "done"] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
