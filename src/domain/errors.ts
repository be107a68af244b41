/**
 * Errors the domain and services raise. Each carries a stable `code`; the Slack adapter turns it
 * into an ephemeral message or a modal error, the scheduler logs it and moves on.
 */
export type ErrorCode =
  | "invalid_input"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "no_partnership"
  | "unknown_command";

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** For modal errors: the input block the message belongs to. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.field = field;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
