import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc decision`: placeholder until its slice lands. */
export const decisionCommand: SubcommandHandler = async () => notAvailableMessage("decision");
