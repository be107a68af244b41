import type { WebClient } from "@slack/web-api";
import { DeliveryError, type Messenger } from "../../services/ports.js";

type PromptMessaging = Pick<
  Messenger,
  "openDm" | "postPrompt" | "findPrompt" | "postReminder" | "updatePrompt"
>;

const pending = async (): Promise<never> => {
  throw new DeliveryError("retryable", "not_implemented");
};

/** Placeholder until the outbox slice lands. */
export function promptMessaging(_client: WebClient): PromptMessaging {
  return {
    openDm: pending,
    postPrompt: pending,
    findPrompt: pending,
    postReminder: pending,
    updatePrompt: pending,
  };
}
