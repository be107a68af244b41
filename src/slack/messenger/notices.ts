import type { WebClient } from "@slack/web-api";
import { DeliveryError, type Messenger } from "../../services/ports.js";

/** Placeholder until the outbox slice lands. */
export function noticeMessaging(_client: WebClient): Pick<Messenger, "notify"> {
  return {
    notify: async () => {
      throw new DeliveryError("retryable", "not_implemented");
    },
  };
}
