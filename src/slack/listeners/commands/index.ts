import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { guarded } from "../../dispatch.js";
import { COMMAND } from "../../ids.js";
import { pocCommand } from "./poc.js";

export function register(app: App, services: Services, logger: Logger): void {
  app.command(COMMAND, guarded(COMMAND, logger, pocCommand(services, logger)));
}
