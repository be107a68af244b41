/**
 * Blocker messages in the partnership channel (postBlocker / updateBlocker), rendered by
 * ../views/blocker.ts. Web API failures become DeliveryErrors (./errors.ts).
 */
import type { WebClient } from "@slack/web-api";
import type { Messenger } from "../../services/ports.js";
import { blockerBlocks, blockerText } from "../views/blocker.js";
import { deliver } from "./errors.js";
import type { PostMessage } from "./pacer.js";

export function blockerMessaging(
  client: WebClient,
  post: PostMessage,
): Pick<Messenger, "postBlocker" | "updateBlocker"> {
  return {
    async postBlocker(channelId, blocker) {
      const result = await deliver(() =>
        post({
          channel: channelId,
          text: blockerText(blocker),
          blocks: blockerBlocks(blocker),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (typeof result.ts !== "string") {
        throw new Error("chat.postMessage answered without a ts");
      }
      return result.ts;
    },
    async updateBlocker(channelId, ts, blocker) {
      await deliver(() =>
        client.chat.update({
          channel: channelId,
          ts,
          text: blockerText(blocker),
          blocks: blockerBlocks(blocker),
        }),
      );
    },
  };
}
