import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc agenda`: placeholder until its slice lands. */
export const agendaCommand: SubcommandHandler = async () => notAvailableMessage("agenda");
