import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { guarded } from "../../dispatch.js";
import type { ListenerTable } from "../table.js";
import { appHomeOpened } from "./appHome.js";
import { eventGate, lifecycleEvents } from "./lifecycle.js";

/** Events API listeners; the gate (dedupe, uninstall state) runs before every listener. */
export function registerGate(app: App, services: Services, logger: Logger): void {
  app.use(eventGate(services, logger));
}

export function register(table: ListenerTable, services: Services, logger: Logger): void {
  lifecycleEvents(table, services, logger);
  table.event(
    "app_home_opened",
    guarded("app_home_opened", logger, appHomeOpened(services, logger)),
  );
}
