/**
 * Notices: DMs to coordinators (silence, delivery failures, blocker escalations) and to a
 * blocker's owner (help offered). Posted with the user id as the channel, which Slack delivers
 * to the app's DM with that person: one call, no conversations.open.
 */
import type { Messenger } from "../../services/ports.js";
import { noticeBlocks, noticeText } from "../views/notices.js";
import { deliver } from "./errors.js";
import type { PostMessage } from "./pacer.js";

export function noticeMessaging(post: PostMessage): Pick<Messenger, "notify"> {
  return {
    async notify(userId, notice) {
      await deliver(() =>
        post({
          channel: userId,
          text: noticeText(notice),
          blocks: noticeBlocks(notice),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    },
  };
}
