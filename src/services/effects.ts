/**
 * The Slack work a change leaves to do once its database write is committed: prompt messages to
 * rewrite, blocker messages to post or update, notices to send. A service returns it as
 * `effects`; the listener acks first and then calls `deliver`, so a Slack failure is logged
 * without undoing what was recorded.
 */
import type { ServiceKit } from "./kit.js";
import { blockerMessage, buildPromptMessage } from "./messages.js";
import type { Notice, PromptOutcome } from "./ports.js";

/** Slack work to do once the database write is done. */
export interface Effects {
  /** Prompt messages to rewrite in place (the DM, and the channel fallback if there is one). */
  readonly prompts: readonly { readonly promptId: number; readonly outcome: PromptOutcome }[];
  /**
   * Blockers to post in their partnership's channel ("post"; a posted one is updated instead) or
   * to update there ("update"; one never posted is left alone, so two deliveries racing never
   * post it twice).
   */
  readonly blockers: readonly {
    readonly partnershipId: number;
    readonly blockerId: number;
    readonly mode: "post" | "update";
  }[];
  readonly notices: readonly { readonly userId: string; readonly notice: Notice }[];
}

export const NO_EFFECTS: Effects = { prompts: [], blockers: [], notices: [] };

/**
 * Does the Slack work of `effects`: each item on its own, so one failure (logged) never stops the
 * others, and nothing is thrown.
 */
export async function deliverEffects(kit: ServiceKit, effects: Effects): Promise<void> {
  for (const { promptId, outcome } of effects.prompts) {
    try {
      const prompt = kit.repos.prompts.findById(promptId);
      const message = buildPromptMessage(kit, promptId);
      if (prompt === undefined || message === undefined) continue;
      if (prompt.dmChannelId !== null && prompt.messageTs !== null) {
        await kit.messenger.updatePrompt(prompt.dmChannelId, prompt.messageTs, message, outcome);
      }
      if (prompt.channelFallbackTs !== null) {
        await kit.messenger.updatePrompt(
          message.channelId,
          prompt.channelFallbackTs,
          message,
          outcome,
        );
      }
    } catch (error) {
      kit.logger.warn(`prompt ${promptId} not updated in Slack:`, error);
    }
  }
  for (const { partnershipId, blockerId, mode } of effects.blockers) {
    try {
      const found = blockerMessage(kit, partnershipId, blockerId);
      if (found === undefined) continue;
      const { message, detail } = found;
      if (detail.channelId !== null && detail.messageTs !== null) {
        await kit.messenger.updateBlocker(detail.channelId, detail.messageTs, message);
      } else if (mode === "post") {
        const channelId = detail.partnershipChannelId;
        const ts = await kit.messenger.postBlocker(channelId, message);
        kit.repos.blockers.update(blockerId, { channelId, messageTs: ts });
      }
    } catch (error) {
      kit.logger.warn(`blocker ${blockerId} not posted or updated in Slack:`, error);
    }
  }
  for (const { userId, notice } of effects.notices) {
    try {
      await kit.messenger.notify(userId, notice);
    } catch (error) {
      kit.logger.warn(`${notice.kind} notice to ${userId} not delivered:`, error);
    }
  }
}
