import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc digest`: placeholder until its slice lands. */
export const digestCommand: SubcommandHandler = async () => notAvailableMessage("digest");
