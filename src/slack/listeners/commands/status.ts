import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc status`: placeholder until its slice lands. */
export const statusCommand: SubcommandHandler = async () => notAvailableMessage("status");
