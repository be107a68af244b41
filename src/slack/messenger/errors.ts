/**
 * Turns a Web API failure into a DeliveryError the services understand (the kinds are described
 * on DeliveryError in services/ports.ts):
 * - `unauthorized`: the bot token or the app's grant is wrong (UNAUTHORIZED_ERRORS);
 * - `unavailable`: no connection to Slack, or a rate limit that outlasted the waits Slack asked
 *   for;
 * - `permanent`: Slack said no for a reason about this person, channel or payload that waiting
 *   will not change (PERMANENT_ERRORS);
 * - `retryable`: everything else (5xx, timeouts without an answer, unknown platform errors).
 *
 * Rate limits are settled here, not by the services: a 429 means Slack did nothing, so the same
 * call is made again as soon as Slack allows, up to RATE_LIMIT_RETRIES times (docs/outbox.md).
 */
import { DeliveryError } from "../../services/ports.js";

/** About the app's token or grant, never about one person: an operator must act. */
export const UNAUTHORIZED_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  // For a bot token: the bot user or the workspace was deactivated (a person's deactivated
  // account answers user_disabled or user_not_found).
  "account_inactive",
  "missing_scope",
  "not_allowed_token_type",
  "team_access_not_granted",
  "org_login_required",
]);

/** About one person, channel or payload. */
export const PERMANENT_ERRORS = new Set([
  "user_not_found",
  "users_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_user_combination",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
  "message_not_found",
  "cant_update_message",
  // About one conversation: the app is not in it, or its workspace's key management refused it.
  "no_permission",
  "ekm_access_denied",
]);

interface WebApiFailure {
  code?: string;
  data?: { error?: string; needed?: string };
  statusCode?: number;
  retryAfter?: number;
  original?: { message?: string; code?: string; cause?: { code?: string } };
  message?: string;
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (error ?? {}) as WebApiFailure;
  const platform = e.data?.error;
  if (platform !== undefined) {
    if (platform === "ratelimited") return new DeliveryError("unavailable", "ratelimited");
    if (UNAUTHORIZED_ERRORS.has(platform)) {
      const needed = e.data?.needed;
      return new DeliveryError("unauthorized", platform, undefined, needed ? { needed } : {});
    }
    return new DeliveryError(PERMANENT_ERRORS.has(platform) ? "permanent" : "retryable", platform);
  }
  if (e.code === "slack_webapi_rate_limited_error" || waitedOutRateLimit(error)) {
    return new DeliveryError("unavailable", "ratelimited");
  }
  if (e.code === "slack_webapi_http_error") {
    return new DeliveryError("retryable", `http_${e.statusCode ?? "error"}`);
  }
  const cause = e.original?.cause?.code ?? e.original?.code;
  if (e.code === "slack_webapi_request_error") {
    // No answer from Slack: no connection, a reset, a timeout. The code tells whether the
    // request may have reached Slack (`isUncertain`).
    return new DeliveryError("unavailable", String(cause ?? e.original?.message ?? "network"));
  }
  return new DeliveryError(
    "retryable",
    String(cause ?? e.original?.message ?? e.message ?? "unknown"),
  );
}

/**
 * How many times a call is made again after a 429 the client has already waited out. Each of
 * them waited a whole Retry-After first, so this bounds the time (and calls) spent on one item
 * when Slack keeps saying "not now"; after that the outbox's backoff takes over.
 */
export const RATE_LIMIT_RETRIES = 5;

/**
 * True for what @slack/web-api 8 throws after a 429 with Retry-After when it does not reject rate
 * limited calls and has no retries left: it has paused its queue for Retry-After seconds, then
 * failed with a request error wrapping "A rate limit was exceeded (url: …, retry-after: N)".
 * Slack did nothing with the call, and the wait Slack asked for is over.
 */
function waitedOutRateLimit(error: unknown): boolean {
  const e = (error ?? {}) as WebApiFailure;
  return (
    e.code === "slack_webapi_request_error" &&
    (e.original?.message ?? "").startsWith("A rate limit was exceeded")
  );
}

/**
 * Runs a Web API call, translating any failure into a DeliveryError. A call Slack rate-limited
 * (429, nothing done) is made again at once, since the client has waited out Retry-After with
 * its whole queue paused, at most RATE_LIMIT_RETRIES times. Nothing else is repeated here: after
 * a 5xx or a timeout Slack may have acted, and only the caller can check (docs/outbox.md).
 */
export async function deliver<T>(call: () => Promise<T>): Promise<T> {
  for (let retries = 0; ; retries += 1) {
    try {
      return await call();
    } catch (error) {
      if (retries < RATE_LIMIT_RETRIES && waitedOutRateLimit(error)) continue;
      throw toDeliveryError(error);
    }
  }
}
