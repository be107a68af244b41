import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc blockers`: placeholder until its slice lands. */
export const blockersCommand: SubcommandHandler = async () => notAvailableMessage("blockers");
