import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc settings`: placeholder until its slice lands. */
export const settingsCommand: SubcommandHandler = async () => notAvailableMessage("settings");
