import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc blocker`: placeholder until its slice lands. */
export const blockerCommand: SubcommandHandler = async () => notAvailableMessage("blocker");
