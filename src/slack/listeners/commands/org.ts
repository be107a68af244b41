import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc org`: placeholder until its slice lands. */
export const orgCommand: SubcommandHandler = async () => notAvailableMessage("org");
