import { reply } from "../../replies.js";
import { mineMessage } from "../../views/reading.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc mine`: my active commitments here (from a DM: in every partnership I belong to). */
export const mineCommand: SubcommandHandler = async ({ caller, now, services }) => {
  const { text, blocks } = mineMessage(services.reading.mine(caller, now));
  return reply(text, blocks);
};
