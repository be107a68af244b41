import { blockerListMessage } from "../../views/blocker.js";
import { blockerCommand } from "./blocker.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc blockers`: the open blockers, oldest first. `/poc blockers add` is `/poc blocker add`. */
export const blockersCommand: SubcommandHandler = async (request) => {
  const { caller, command, now, services } = request;
  if ((command.args[0] ?? "").toLowerCase() === "add") return blockerCommand(request);
  return blockerListMessage(services.blockers.listOpen(caller, now));
};
