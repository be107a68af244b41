/**
 * Turns a Web API failure into a DeliveryError the services understand. Permanent: Slack said no
 * for a reason that will not change by waiting (the person is gone, cannot be DMed, is an external
 * user our workspace cannot reach, the channel does not exist or we are not in it). Everything
 * else (rate limits the client gave up on, 5xx, timeouts, network) is retryable.
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
  if (e.code === "slack_webapi_rate_limited_error") {
    return new DeliveryError("retryable", "ratelimited");
  }
  if (e.code === "slack_webapi_http_error") {
    return new DeliveryError("retryable", `http_${e.statusCode ?? "error"}`);
  }
  const cause = e.original?.cause?.code ?? e.original?.message ?? e.message ?? "unknown";
  return new DeliveryError("retryable", String(cause));
}

/** Runs a Web API call, translating any failure into a DeliveryError. */
export async function deliver<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeliveryError(error);
  }
}
