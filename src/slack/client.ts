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
