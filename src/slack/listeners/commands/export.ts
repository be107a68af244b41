import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc export`: placeholder until its slice lands. */
export const exportCommand: SubcommandHandler = async () => notAvailableMessage("export");
