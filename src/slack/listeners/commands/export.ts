import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../../logger.js";
import type { ExportBundle } from "../../../services/exporter.js";
import { workspaceFailureText } from "../../../services/workspaceFailure.js";
import { toDeliveryError } from "../../messenger/errors.js";
import { reply } from "../../replies.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";
import { mrkdwnOf } from "../../views/wording.js";
import type { SubcommandHandler } from "./types.js";

/**
 * `/poc export` (coordinators): the files are built before the ack (a refusal is the ack's
 * answer), then uploaded to the caller's DM after it, so the 3-second window never depends on
 * the upload.
 */
export const exportCommand: SubcommandHandler = async ({
  caller,
  now,
  client,
  services,
  logger,
}) => {
  const bundle = services.exporter.forCaller(caller, "csv", now);
  setImmediate(() => {
    void upload(client, caller.userId, bundle, logger);
  });
  return reply(
    `:outbox_tray: Exporting *${escapeMrkdwn(truncate(bundle.partnershipName, 150))}*: ${bundle.files.length} CSV files are on their way to your direct messages.`,
  );
};

async function upload(
  client: WebClient,
  userId: string,
  bundle: ExportBundle,
  logger: Logger,
): Promise<void> {
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (channel === undefined) throw new Error("conversations.open named no channel");
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: `Export of ${escapeMrkdwn(truncate(bundle.partnershipName, 150))}: organizations, members, objectives, commitments, check-ins, blockers and decisions, one CSV file each.`,
      file_uploads: bundle.files.map((f) => ({
        file: Buffer.from(f.content, "utf8"),
        filename: f.filename,
        title: f.filename,
      })),
    });
  } catch (error) {
    const failure = toDeliveryError(error);
    logger.error(`export upload failed (${failure.code}):`, error);
    // A refused token or a missing scope (files:write) is for an admin to fix: say which.
    const text =
      failure.kind === "unauthorized"
        ? `:x: Your export could not be delivered: ${mrkdwnOf(workspaceFailureText(failure, "member"))}.`
        : ":x: Your export could not be delivered. Please try `/poc export` again.";
    await client.chat.postMessage({ channel: userId, text }).catch(() => undefined);
  }
}
