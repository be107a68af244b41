import { COMMAND } from "../../ids.js";
import { reply } from "../../replies.js";
import { awayText } from "../../views/away.js";
import { inlineCode } from "../../views/mrkdwn.js";
import type { SubcommandHandler } from "./types.js";

const USAGE = [
  `\`${COMMAND} away 2026-08-31\`  no check-in prompts up to and including that day`,
  `\`${COMMAND} away off\`  prompts again from the next period`,
  "In a partnership's channel it applies there; in a DM with the app, to all your partnerships.",
].join("\n");

/**
 * `/poc away <YYYY-MM-DD>|off`. The prompts it skips are rewritten in the background, after the
 * answer is in the ack.
 */
export const awayCommand: SubcommandHandler = async ({
  caller,
  command,
  now,
  services,
  logger,
}) => {
  const arg = command.args[0];
  if (arg === undefined || command.args.length > 1) {
    return reply(
      `${arg === undefined ? "Until when?" : `${inlineCode(command.rest)} is not a date.`} You can type:\n${USAGE}`,
    );
  }
  const until = arg.toLowerCase() === "off" ? null : arg;
  const result = services.checkIns.away(caller, until, now);
  services.checkIns.deliver(result.effects).catch((error: unknown) => {
    logger.warn("away: prompt messages not updated:", error);
  });
  return reply(awayText(result));
};
