import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc mine`: placeholder until its slice lands. */
export const mineCommand: SubcommandHandler = async () => notAvailableMessage("mine");
