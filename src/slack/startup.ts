/**
 * What a start-up or link failure means to an operator, in one line naming the variable to fix:
 * main.ts prints it after `poc:` and exits non-zero, never with a stack trace.
 */
/** A start-up failure that main.ts prints as one line before exiting 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export function describeSlackFailure(error: unknown, apiUrl: string): string {
  const e = error as {
    code?: string;
    data?: { error?: string };
    original?: Error;
    message?: string;
  };
  if (e?.data?.error === "invalid_auth" || e?.data?.error === "not_authed") {
    return `Slack rejected SLACK_BOT_TOKEN (${e.data.error}): check the bot token under OAuth & Permissions`;
  }
  if (e?.data?.error !== undefined) {
    return `Slack answered auth.test with "${e.data.error}"`;
  }
  const original = e?.original as
    | (Error & { cause?: { code?: string; message?: string } })
    | undefined;
  const cause =
    original?.cause?.code ?? original?.cause?.message ?? original?.message ?? e?.message;
  return `Cannot reach Slack at ${apiUrl} (SLACK_API_URL): ${cause ?? String(error)}`;
}

/** Where an app-level token comes from, for every message that asks for a new one. */
const APP_TOKEN_FIX =
  "generate an app-level token with the connections:write scope under Basic Information > App-Level Tokens (or leave SLACK_APP_TOKEN unset for HTTP mode)";

const APP_TOKEN_REJECTED = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "not_allowed_token_type",
]);

/** Slack's own trouble, which passes: a link that cannot open for these is tried again. */
const TRANSIENT = new Set(["ratelimited", "internal_error", "fatal_error", "service_unavailable"]);

/**
 * Whether `apps.connections.open` refused SLACK_APP_TOKEN or the app itself (a refusal, as
 * opposed to Slack being unreachable or in trouble): trying again cannot help.
 */
export function appTokenRefused(error: unknown): boolean {
  const code = (error as { data?: { error?: string } })?.data?.error;
  return code !== undefined && !TRANSIENT.has(code);
}

/**
 * What Socket Mode's `apps.connections.open` failing with SLACK_APP_TOKEN means to an operator,
 * in one line naming the variable and the fix.
 */
export function describeAppTokenFailure(error: unknown, apiUrl: string): string {
  const code = (error as { data?: { error?: string } })?.data?.error;
  if (code === undefined) return describeSlackFailure(error, apiUrl);
  if (APP_TOKEN_REJECTED.has(code)) {
    return `Slack rejected SLACK_APP_TOKEN (${code}): ${APP_TOKEN_FIX}`;
  }
  if (code === "missing_scope") {
    return `SLACK_APP_TOKEN lacks the connections:write scope (missing_scope): ${APP_TOKEN_FIX}`;
  }
  return `Slack refused a Socket Mode connection for SLACK_APP_TOKEN ("${code}"): check that Socket Mode is on in the app's settings, or ${APP_TOKEN_FIX}`;
}

/** Slack's `disconnect` with reason `link_disabled`: Socket Mode was turned off for the app. */
export const LINK_DISABLED =
  "Slack closed the Socket Mode link for good (link_disabled): Socket Mode is off in the app's settings; turn it on under Settings > Socket Mode, or unset SLACK_APP_TOKEN and use HTTP mode";
