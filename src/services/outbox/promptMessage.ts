import type { ServiceKit } from "../kit.js";
import type { PromptMessage } from "../ports.js";

/**
 * Everything a prompt shows, read from the database: the commitment, its organization and
 * objectives, and the last check-in. undefined when the prompt is unknown. Placeholder until the
 * outbox slice lands.
 */
export function buildPromptMessage(_kit: ServiceKit, _promptId: number): PromptMessage | undefined {
  return undefined;
}
