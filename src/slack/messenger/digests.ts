/**
 * Posts a weekly digest: the parent in the partnership channel, then the detail as replies in its
 * thread. When Slack rejects the parent's blocks (`invalid_blocks`: a workspace or client that
 * does not know the chart block), the parent goes once more without the chart and the result
 * says `chartOmitted` (the service logs it). Once the parent is posted the digest counts as
 * delivered: a reply that fails is not retried by posting the whole digest again (that would post
 * it twice), so reply failures are skipped and the rest still go out.
 */
import { DeliveryError, type Messenger } from "../../services/ports.js";
import { renderDigest } from "../views/digest.js";
import { deliver } from "./errors.js";
import type { PostMessage } from "./pacer.js";

export function digestMessaging(postMessage: PostMessage): Pick<Messenger, "postDigest"> {
  const post = async (channel: string, text: string, blocks: unknown[], threadTs?: string) => {
    const answer = await deliver(() =>
      postMessage({
        channel,
        text,
        blocks: blocks as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      }),
    );
    if (typeof answer.ts !== "string") {
      throw new DeliveryError("retryable", "no_ts", "Slack answered without a message ts");
    }
    return answer.ts;
  };

  return {
    async postDigest(channelId, digest) {
      const withChart = renderDigest(digest, { chart: true });
      let chartOmitted = false;
      let ts: string;
      try {
        ts = await post(channelId, withChart.parent.text, withChart.parent.blocks);
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.code !== "invalid_blocks") throw error;
        chartOmitted = true;
        const plain = renderDigest(digest, { chart: false });
        ts = await post(channelId, plain.parent.text, plain.parent.blocks);
      }
      for (const reply of withChart.replies) {
        try {
          await post(channelId, reply.text, reply.blocks, ts);
        } catch {
          // Delivered already: never post the digest twice for a missing reply.
        }
      }
      return { ts, chartOmitted };
    },
  };
}
