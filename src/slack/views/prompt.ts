import type { KnownBlock } from "@slack/types";
import type { PromptMessage, PromptOutcome } from "../../services/ports.js";

/**
 * The check-in prompt as Block Kit: the commitment, its objectives, its last status and the four
 * buttons; with an outcome, what happened instead of the buttons. Placeholder until the outbox
 * slice lands.
 */
export function promptBlocks(_prompt: PromptMessage, _outcome?: PromptOutcome): KnownBlock[] {
  return [];
}

export function promptText(prompt: PromptMessage): string {
  return `Check-in: ${prompt.commitment.title}`;
}
