/**
 * Prompt messaging over the Web API. Every prompt post carries message metadata naming the
 * prompt (PROMPT_METADATA_TYPE), which `findPrompt` looks for in the channel's history
 * (`conversations.history` with `include_all_metadata`, scope im:history for DMs) after a crash.
 */
import type { WebClient } from "@slack/web-api";
import type { Messenger, PromptMessage } from "../../services/ports.js";
import { PROMPT_METADATA_TYPE } from "../ids.js";
import { promptBlocks, promptText, reminderText } from "../views/prompt.js";
import { deliver } from "./errors.js";
import type { PostMessage } from "./pacer.js";

type PromptMessaging = Pick<
  Messenger,
  "openDm" | "postPrompt" | "findPrompt" | "postReminder" | "updatePrompt"
>;

/** History pages read when looking for a prompt (200 messages each). */
const HISTORY_PAGES = 10;
const HISTORY_PAGE_SIZE = 200;

function metadata(prompt: PromptMessage) {
  return { event_type: PROMPT_METADATA_TYPE, event_payload: { prompt_id: prompt.promptId } };
}

/** A partnership channel (not a DM): the owner is mentioned so the message reaches them. */
function isChannel(channelId: string): boolean {
  return !channelId.startsWith("D");
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function promptMessaging(client: WebClient, post: PostMessage): PromptMessaging {
  return {
    async openDm(userId) {
      const answer = await deliver(() => client.conversations.open({ users: userId }));
      const id = answer.channel?.id;
      if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
      return id;
    },

    async postPrompt(channelId, prompt, { mention }) {
      const answer = await deliver(() =>
        post({
          channel: channelId,
          text: promptText(prompt, { mention }),
          blocks: promptBlocks(prompt, undefined, { mention }),
          metadata: metadata(prompt),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!answer.ts) throw new Error("chat.postMessage gave no ts");
      return answer.ts;
    },

    async findPrompt(channelId, promptId, sinceMs) {
      const oldest = (Math.max(0, sinceMs) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page += 1) {
        const answer = await deliver(() =>
          client.conversations.history({
            channel: channelId,
            oldest,
            limit: HISTORY_PAGE_SIZE,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const message of (answer.messages ?? []) as HistoryMessage[]) {
          const meta = message.metadata;
          if (
            meta?.event_type === PROMPT_METADATA_TYPE &&
            Number(meta.event_payload?.prompt_id) === promptId &&
            message.ts
          ) {
            return message.ts;
          }
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!answer.has_more || cursor === undefined) return undefined;
      }
      return undefined;
    },

    async postReminder(channelId, threadTs, prompt, kind) {
      const mention = isChannel(channelId);
      const lead =
        kind === "snoozed"
          ? ":alarm_clock: Your snooze is over: here is your check-in again."
          : ":wave: A reminder: this check-in is still open. One click is enough if nothing changed.";
      const answer = await deliver(() =>
        post({
          channel: channelId,
          thread_ts: threadTs,
          text: reminderText(prompt, kind, { mention }),
          blocks: promptBlocks(prompt, undefined, { mention, lead }),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!answer.ts) throw new Error("chat.postMessage gave no ts");
      return answer.ts;
    },

    async updatePrompt(channelId, ts, prompt, outcome) {
      const mention = isChannel(channelId);
      await deliver(() =>
        client.chat.update({
          channel: channelId,
          ts,
          text: promptText(prompt, { mention }),
          blocks: promptBlocks(prompt, outcome, { mention }),
        }),
      );
    },
  };
}
