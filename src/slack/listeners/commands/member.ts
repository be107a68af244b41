import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc member`: placeholder until its slice lands. */
export const memberCommand: SubcommandHandler = async () => notAvailableMessage("member");
