import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc objective`: placeholder until its slice lands. */
export const objectiveCommand: SubcommandHandler = async () => notAvailableMessage("objective");
