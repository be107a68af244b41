import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { agendaActions } from "./agenda.js";
import { blockerActions } from "./blocker.js";
import { checkInPicked } from "./checkInPick.js";
import { promptActions } from "./prompt.js";

/** Buttons and menus: each file registers the actions of one message or view. */
export function register(app: App, services: Services, logger: Logger): void {
  promptActions(app, services, logger);
  checkInPicked(app, services, logger);
  blockerActions(app, services, logger);
  agendaActions(app, services, logger);
}
