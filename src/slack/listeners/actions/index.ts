import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import type { ListenerTable } from "../table.js";
import { agendaActions } from "./agenda.js";
import { blockerActions } from "./blocker.js";
import { checkInPicked } from "./checkInPick.js";
import { promptActions } from "./prompt.js";

/** Buttons and menus: each file registers the actions of one message or view. */
export function register(table: ListenerTable, services: Services, logger: Logger): void {
  promptActions(table, services, logger);
  checkInPicked(table, services, logger);
  blockerActions(table, services, logger);
  agendaActions(table, services, logger);
}
