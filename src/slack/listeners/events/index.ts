import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { appHomeOpened } from "./appHome.js";

export function register(app: App, services: Services, logger: Logger): void {
  app.event("app_home_opened", appHomeOpened(services, logger));
}
