import { reply } from "../../replies.js";
import { agendaBlocks } from "../../views/agenda.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc agenda`: the review agenda, to the caller only, with a button to post it. */
export const agendaCommand: SubcommandHandler = async ({ caller, now, services }) => {
  const agenda = services.agenda.draft(caller, now);
  const { text, blocks } = agendaBlocks(agenda, { withPostButton: true });
  return reply(text, blocks);
};
