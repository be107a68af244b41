/**
 * The services' Messenger port over the Web API: each area renders with its views and sends.
 * Failures become DeliveryErrors (./errors.ts); a rate-limited call is made again once Slack's
 * Retry-After is over. Every chat.postMessage goes through one pacer (./pacer.ts), which keeps the
 * posts under Slack's workspace cap once a 429 has shown where it is.
 */
import type { WebClient } from "@slack/web-api";
import type { Messenger } from "../../services/ports.js";
import { blockerMessaging } from "./blockers.js";
import { digestMessaging } from "./digests.js";
import { noticeMessaging } from "./notices.js";
import { pacedPoster } from "./pacer.js";
import { promptMessaging } from "./prompts.js";

export function createSlackMessenger(client: WebClient): Messenger {
  const post = pacedPoster(client);
  return {
    ...promptMessaging(client, post),
    ...noticeMessaging(post),
    ...blockerMessaging(client, post),
    ...digestMessaging(post),
  };
}
