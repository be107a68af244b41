/**
 * The services' Messenger port over the Web API: each area renders with its views and sends.
 * Failures become DeliveryErrors (./errors.ts).
 */
import type { WebClient } from "@slack/web-api";
import type { Messenger } from "../../services/ports.js";
import { blockerMessaging } from "./blockers.js";
import { digestMessaging } from "./digests.js";
import { noticeMessaging } from "./notices.js";
import { promptMessaging } from "./prompts.js";

export function createSlackMessenger(client: WebClient): Messenger {
  return {
    ...promptMessaging(client),
    ...noticeMessaging(client),
    ...blockerMessaging(client),
    ...digestMessaging(client),
  };
}
