import type { WebClient } from "@slack/web-api";
import { DeliveryError, type Messenger } from "../../services/ports.js";

const pending = async (): Promise<never> => {
  throw new DeliveryError("retryable", "not_implemented");
};

/** Placeholder until the check-ins slice lands. */
export function blockerMessaging(
  _client: WebClient,
): Pick<Messenger, "postBlocker" | "updateBlocker"> {
  return { postBlocker: pending, updateBlocker: pending };
}
