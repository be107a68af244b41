/**
 * The app's own Web API client for work outside a listener (directory lookups, App Home, later
 * the scheduler's sends), configured like Bolt's: same base URL, same deliberate retry policy.
 */
import { type RetryOptions, WebClient } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import type { Logger } from "../logger.js";

export function createSlackClient(
  slack: SlackConfig,
  retryConfig: RetryOptions,
  logger: Logger,
): WebClient {
  return new WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig,
    timeout: 10_000,
    logger,
  });
}

/**
 * The Web API client's retries. @slack/web-api retries any failed call 10 times over about 30
 * minutes by default; an interactive call (views.open has a 3-second trigger) must fail fast, and
 * scheduled sends are retried by the outbox's `next attempt at`, never by a loop in the client.
 * 429s are separate: the client pauses its queue for `Retry-After` and tries again.
 */
export const DEFAULT_RETRY: RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 2000,
};

/**
 * The client the outbox sends with: no retries of its own. A retried chat.postMessage after a 5xx
 * or a timeout may post twice (Slack has no idempotency key); the outbox retries later instead,
 * after checking the history when the first attempt's outcome is unknown. A 429 still waits for
 * Retry-After (the client pauses its whole queue) and then fails; the messenger makes that call
 * again at once (nothing was posted), a bounded number of times (`deliver` in messenger/errors.ts).
 */
export const OUTBOX_RETRY: RetryOptions = { retries: 0 };
