/**
 * How a check-in status looks in Slack: its icon beside its words (domain/types.ts
 * `STATUS_WORDS`). Every view that shows a status takes it from here.
 */
import {
  STATUS_KEYS,
  STATUS_WORDS,
  type Status,
  type StatusCounts,
  type StatusKey,
} from "../../domain/types.js";

export const STATUS_ICONS: Readonly<Record<StatusKey, string>> = {
  on_track: ":large_green_circle:",
  at_risk: ":large_yellow_circle:",
  off_track: ":red_circle:",
  done: ":white_check_mark:",
  none: ":white_circle:",
};

/** A commitment's status now, in words: "on track"; "no check-in yet" before the first one. */
export function statusNow(status: StatusKey | null): string {
  const key = status ?? "none";
  return key === "none" ? `${STATUS_WORDS.none} yet` : STATUS_WORDS[key];
}

/** ":large_green_circle: on track"; ":white_circle: no check-in yet" before the first check-in. */
export function statusLabel(status: StatusKey | null): string {
  return `${STATUS_ICONS[status ?? "none"]} ${statusNow(status)}`;
}

/** The words as a title or an option: "On track", "No check-in". */
export function statusTitle(key: StatusKey): string {
  const words = STATUS_WORDS[key];
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** The check-in form's choices: "On track" … "Done (closes the commitment)". */
export function statusChoice(status: Status): string {
  return status === "done" ? `${statusTitle(status)} (closes the commitment)` : statusTitle(status);
}

/** "3 on track, 1 at risk, 0 off track, 2 done, 1 no check-in": a count per status, in order. */
export function statusCountsText(
  counts: StatusCounts,
  options: {
    readonly separator?: string;
    readonly keys?: readonly StatusKey[];
    /** The words for "none", e.g. "without a check-in". */
    readonly none?: string;
  } = {},
): string {
  const { separator = ", ", keys = STATUS_KEYS, none = STATUS_WORDS.none } = options;
  return keys.map((k) => `${counts[k]} ${k === "none" ? none : STATUS_WORDS[k]}`).join(separator);
}
