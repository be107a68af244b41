import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc commit`: placeholder until its slice lands. */
export const commitCommand: SubcommandHandler = async () => notAvailableMessage("commit");
