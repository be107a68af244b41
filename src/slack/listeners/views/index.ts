import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { VIEWS } from "../../ids.js";
import { awaySubmitted } from "./away.js";
import { blockerAddSubmitted } from "./blockerAdd.js";
import { blockerResolveSubmitted } from "./blockerResolve.js";
import { checkInSubmitted } from "./checkIn.js";
import { commitmentSubmitted } from "./commitment.js";
import { decisionSubmitted } from "./decision.js";
import { objectiveSubmitted } from "./objective.js";
import { settingsSubmitted } from "./settings.js";
import { setupSubmitted } from "./setup.js";

export function register(app: App, services: Services, logger: Logger): void {
  app.view(VIEWS.setup, setupSubmitted(services, logger));
  app.view(VIEWS.objective, objectiveSubmitted(services, logger));
  app.view(VIEWS.commitment, commitmentSubmitted(services, logger));
  app.view(VIEWS.settings, settingsSubmitted(services, logger));
  app.view(VIEWS.checkIn, checkInSubmitted(services, logger));
  app.view(VIEWS.away, awaySubmitted(services, logger));
  app.view(VIEWS.blockerAdd, blockerAddSubmitted(services, logger));
  app.view(VIEWS.blockerResolve, blockerResolveSubmitted(services, logger));
  app.view(VIEWS.decision, decisionSubmitted(services, logger));
}
