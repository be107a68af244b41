import { notAvailableMessage } from "../../views/help.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc away`: placeholder until its slice lands. */
export const awayCommand: SubcommandHandler = async () => notAvailableMessage("away");
