import { windowLabel } from "../../../domain/digest.js";
import { DomainError } from "../../../domain/errors.js";
import { literal, say } from "../../../domain/wording.js";
import { reply } from "../../replies.js";
import { renderDigest } from "../../views/digest.js";
import type { SubcommandHandler } from "./types.js";

/**
 * `/poc digest`: a preview, shown to the caller only (the parent message; nothing is posted in
 * the channel), of the week the next digest will cover, so far. `/poc digest post`
 * (coordinators): posts the digest due at the last digest time (the last full week) now, when
 * the scheduler has not; it counts as that week's digest (docs/definitions.md).
 */
export const digestCommand: SubcommandHandler = async ({ caller, command, now, services }) => {
  const sub = (command.args[0] ?? "").toLowerCase();
  if (sub === "post") {
    const { chartOmitted, window } = await services.digests.postNow(caller, now);
    const what = `the digest of the ${windowLabel(window, { inSentence: true })}`;
    return reply(
      chartOmitted
        ? `Posted ${what} in the channel (without the chart: Slack did not accept it). The scheduler will not post it again.`
        : `Posted ${what} in the channel. The scheduler will not post it again.`,
    );
  }
  if (sub !== "") {
    throw new DomainError(
      "invalid_input",
      say`Use ${literal("/poc digest")} to preview the next digest (the week so far), or ${literal("/poc digest post")} to post the last full week's digest now if the scheduler has not.`,
    );
  }
  const { parent } = renderDigest(services.digests.preview(caller, now), { chart: true });
  return reply(`Preview, only you can see it: ${parent.text}`, [
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "Preview: only you can see this. It shows the week the next digest will cover, so far; the thread detail is posted with the digest.",
        },
      ],
    },
    ...parent.blocks,
  ]);
};
