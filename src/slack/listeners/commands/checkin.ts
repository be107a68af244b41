import { parseIdArgument } from "../../parsers/command.js";
import { checkInModal, checkInPicker } from "../../views/checkIn.js";
import type { SubcommandHandler } from "./types.js";

/**
 * `/poc checkin [id]`: opens the check-in modal for the caller's only active commitment (or the
 * one named), or answers with a picker when they own several.
 */
export const checkinCommand: SubcommandHandler = async ({
  caller,
  command,
  triggerId,
  now,
  client,
  services,
}) => {
  const idArg = command.args[0];
  if (idArg !== undefined) {
    const commitmentId = parseIdArgument(idArg, "a commitment", "/poc mine");
    const form = services.checkIns.form(caller, { commitmentId }, now);
    await client.views.open({ trigger_id: triggerId, view: checkInModal(form, caller.channelId) });
    return undefined;
  }
  const start = services.checkIns.start(caller, now);
  if (start.kind === "pick") return checkInPicker(start.commitments);
  await client.views.open({
    trigger_id: triggerId,
    view: checkInModal(start.form, caller.channelId),
  });
  return undefined;
};
