import { DomainError } from "../../../domain/errors.js";
import { reply } from "../../replies.js";
import { renderDigest } from "../../views/digest.js";
import type { SubcommandHandler } from "./types.js";

/**
 * `/poc digest`: this week's digest, shown to the caller only (the parent message; nothing is
 * posted in the channel). `/poc digest post` (coordinators): posts it in the channel now, and
 * it counts as this week's digest (the scheduler will not post it again).
 */
export const digestCommand: SubcommandHandler = async ({ caller, command, now, services }) => {
  const sub = (command.args[0] ?? "").toLowerCase();
  if (sub === "post") {
    const { chartOmitted } = await services.digests.postNow(caller, now);
    return reply(
      chartOmitted
        ? "Posted this week's digest in the channel (without the chart: Slack did not accept it). The scheduler will not post it again this week."
        : "Posted this week's digest in the channel. The scheduler will not post it again this week.",
    );
  }
  if (sub !== "") {
    throw new DomainError(
      "invalid_input",
      "Use `/poc digest` to preview this week's digest, or `/poc digest post` to post it now.",
    );
  }
  const { parent } = renderDigest(services.digests.preview(caller, now), { chart: true });
  return reply(`Preview, only you can see it: ${parent.text}`, [
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "Preview: only you can see this. The thread detail is posted with the digest.",
        },
      ],
    },
    ...parent.blocks,
  ]);
};
