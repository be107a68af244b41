import { reply } from "../../replies.js";
import { statusMessage } from "../../views/reading.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc status`: the partnership at a glance (any member). */
export const statusCommand: SubcommandHandler = async ({ caller, now, services }) => {
  const { text, blocks } = statusMessage(services.reading.status(caller, now));
  return reply(text, blocks);
};
