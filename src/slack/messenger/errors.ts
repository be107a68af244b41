/**
 * Turns a Web API failure into a DeliveryError the services understand. Permanent: Slack said no
 * for a reason that will not change by waiting (the person is gone, cannot be DMed, is an external
 * user our workspace cannot reach, the channel does not exist or we are not in it). Everything
 * else (rate limits, 5xx, timeouts, network) is retryable.
 *
 * Rate limits are settled here, not by the services: a 429 means Slack did nothing, so the same
 * call is made again as soon as Slack allows, up to RATE_LIMIT_RETRIES times (docs/outbox.md).
 */
import { DeliveryError } from "../../services/ports.js";

export const PERMANENT_ERRORS = new Set([
  "user_not_found",
  "users_not_found",
  "account_inactive",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_user_combination",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
  "missing_scope",
  "not_authed",
  "invalid_auth",
  "token_revoked",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
  "message_not_found",
  "cant_update_message",
  "ekm_access_denied",
]);

interface WebApiFailure {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  retryAfter?: number;
  original?: { message?: string; cause?: { code?: string } };
  message?: string;
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (error ?? {}) as WebApiFailure;
  const platform = e.data?.error;
  if (platform !== undefined) {
    if (platform === "ratelimited") return new DeliveryError("retryable", "ratelimited");
    return new DeliveryError(PERMANENT_ERRORS.has(platform) ? "permanent" : "retryable", platform);
  }
  if (e.code === "slack_webapi_rate_limited_error" || waitedOutRateLimit(error)) {
    return new DeliveryError("retryable", "ratelimited");
  }
  if (e.code === "slack_webapi_http_error") {
    return new DeliveryError("retryable", `http_${e.statusCode ?? "error"}`);
  }
  const cause = e.original?.cause?.code ?? e.original?.message ?? e.message ?? "unknown";
  return new DeliveryError("retryable", String(cause));
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
