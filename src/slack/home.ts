/**
 * Keeps App Home tabs current: subscribes to the services' change feed and republishes the Home
 * of every user a change affects.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.js";
import type { Services } from "../services/index.js";

/** Placeholder until the App Home slice lands; returns an unsubscribe function. */
export function startHomePublisher(
  _client: WebClient,
  _services: Services,
  _logger: Logger,
): () => void {
  return () => {};
}
