import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { VIEWS } from "../../ids.js";
import { setupSubmitted } from "./setup.js";

export function register(app: App, services: Services, logger: Logger): void {
  app.view(VIEWS.setup, setupSubmitted(services, logger));
}
