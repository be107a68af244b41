import type { WebClient } from "@slack/web-api";
import { DeliveryError, type Messenger } from "../../services/ports.js";

/** Placeholder until the digest delivery slice lands. */
export function digestMessaging(_client: WebClient): Pick<Messenger, "postDigest"> {
  return {
    postDigest: async () => {
      throw new DeliveryError("retryable", "not_implemented");
    },
  };
}
