/**
 * Errors the domain and services raise. Each carries a stable `code` and its wording (./wording.ts:
 * words and marked parts, never mrkdwn); the Slack adapter renders it as an ephemeral message or
 * a modal error, the terminal and the log read `message` (the wording as plain text).
 */
import { textOf, type Wording, wordingOf } from "./wording.js";

export type ErrorCode =
  | "invalid_input"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "no_partnership"
  | "unknown_command";

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** What the person is told; a string is words as they are. */
  readonly wording: Wording;
  /** For modal errors: the input block the message belongs to. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string | Wording, field?: string) {
    const wording = wordingOf(message);
    super(textOf(wording));
    this.name = "DomainError";
    this.code = code;
    this.wording = wording;
    this.field = field;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
