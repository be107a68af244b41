import { COMMAND } from "../../ids.js";
import { reply } from "../../replies.js";
import { blockerAddModal } from "../../views/blocker.js";
import { inlineCode } from "../../views/mrkdwn.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc blocker add`: opens the modal to raise a blocker on a commitment. */
export const blockerCommand: SubcommandHandler = async ({
  caller,
  command,
  triggerId,
  now,
  client,
  services,
}) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  if (verb !== "add" || command.args.length > 1) {
    return reply(
      `${verb === "" ? "What about blockers?" : `${inlineCode(`${COMMAND} blocker ${command.rest}`)} is not something I know.`} You can type:\n\`${COMMAND} blocker add\`  raise a blocker on a commitment (opens a form)\n\`${COMMAND} blockers\`  the open blockers, oldest first`,
    );
  }
  const form = services.blockers.addForm(caller, now);
  await client.views.open({ trigger_id: triggerId, view: blockerAddModal(form) });
  return undefined;
};
