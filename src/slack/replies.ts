/**
 * Turning outcomes into what Slack shows: ephemeral replies for commands, inline errors for
 * modals. A DomainError's message is written for the person reading it; anything else is logged
 * and answered with a generic apology that changes nothing.
 */
import type { KnownBlock } from "@slack/types";
import { DomainError, isDomainError } from "../domain/errors.js";

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

export function errorReply(error: unknown): Reply {
  if (isDomainError(error)) return reply(`${ICONS[error.code]} ${error.message}`);
  return reply(":x: Something went wrong on our side and nothing was changed. Please try again.");
}

/** `response_action: "errors"` for a modal, or undefined when the error is not about a field. */
export function modalErrors(
  error: unknown,
  fallbackBlock: string,
): { response_action: "errors"; errors: Record<string, string> } | undefined {
  if (!isDomainError(error)) return undefined;
  return { response_action: "errors", errors: { [error.field ?? fallbackBlock]: error.message } };
}

export { DomainError };
