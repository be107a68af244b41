/**
 * Turning outcomes into what Slack shows: ephemeral replies for commands, inline errors for
 * modals. A DomainError's wording is written for the person reading it, and rendered here as mrkdwn
 * or (in a modal, where marks would show literally) plain text; anything else is logged and
 * answered with a generic apology that changes nothing.
 */
import type { KnownBlock } from "@slack/types";
import { DomainError, isDomainError } from "../domain/errors.js";
import { mrkdwnOf, plainOf } from "./views/wording.js";

export interface Reply {
  readonly response_type: "ephemeral";
  readonly text: string;
  readonly blocks?: KnownBlock[];
}

/** A plain ephemeral answer; `text` is mrkdwn the caller has already escaped. */
export function reply(text: string, blocks?: KnownBlock[]): Reply {
  return {
    response_type: "ephemeral",
    text,
    blocks: blocks ?? [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}

const ICONS: Record<DomainError["code"], string> = {
  invalid_input: ":warning:",
  not_found: ":mag:",
  forbidden: ":no_entry:",
  conflict: ":warning:",
  no_partnership: ":information_source:",
  unknown_command: ":grey_question:",
};

/** A section holds 3000 characters; an error listing many names is cut well before that. */
const MAX_ERROR = 2800;

/** A modal's answer when saving failed on our side (shown at a field, so plain text). */
export const NOTHING_SAVED =
  "Something went wrong on our side and nothing was saved. Please try again.";

/** Slack's refusals of a modal's trigger: a slow answer or a replayed request, not our failure. */
const TRIGGER_REFUSALS = new Set([
  "expired_trigger_id",
  "exchanged_trigger_id",
  "invalid_trigger_id",
]);

/** The Slack error code when views.open refused the trigger, else undefined. */
export function triggerRefusal(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === "string" && TRIGGER_REFUSALS.has(code) ? code : undefined;
}

/** Whether an error is one to log as a failure of ours (not a refusal the person reads). */
export function isOurFailure(error: unknown): boolean {
  return !isDomainError(error) && triggerRefusal(error) === undefined;
}

export function errorReply(error: unknown): Reply {
  if (triggerRefusal(error) !== undefined) {
    return reply(
      ":hourglass: Slack did not let the form open in time; nothing was changed. Please try again.",
    );
  }
  if (isDomainError(error)) {
    const text = `${ICONS[error.code]} ${mrkdwnOf(error.wording)}`;
    return reply(text.length > MAX_ERROR ? `${cutAtBoundary(text, MAX_ERROR)} …` : text);
  }
  return reply(":x: Something went wrong on our side and nothing was changed. Please try again.");
}

/** `response_action: "errors"` for a modal, or undefined when the error is not about a field. */
export function modalErrors(
  error: unknown,
  fallbackBlock: string,
): { response_action: "errors"; errors: Record<string, string> } | undefined {
  if (!isDomainError(error)) return undefined;
  return {
    response_action: "errors",
    errors: { [error.field ?? fallbackBlock]: plainOf(error.wording) },
  };
}

/** Cuts escaped mrkdwn without splitting an entity like "&amp;" or leaving a mark unclosed. */
function cutAtBoundary(text: string, max: number): string {
  let cut = text.slice(0, max);
  const amp = cut.lastIndexOf("&");
  if (amp > cut.lastIndexOf(";")) cut = cut.slice(0, amp);
  const lastComma = cut.lastIndexOf(", ");
  return lastComma > max / 2 ? cut.slice(0, lastComma) : cut;
}

export { DomainError };
