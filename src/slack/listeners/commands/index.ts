import type { App } from "@slack/bolt";
import type { Services } from "../../../services/index.js";
import { COMMAND } from "../../ids.js";
import { pocCommand } from "./poc.js";

export function register(app: App, services: Services): void {
  app.command(COMMAND, pocCommand(services));
}
