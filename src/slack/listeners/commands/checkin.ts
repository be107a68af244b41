import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc checkin`: placeholder until its slice lands. */
export const checkinCommand: SubcommandHandler = async () => notAvailableMessage("checkin");
