import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { guarded } from "../../dispatch.js";
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
  app.view(VIEWS.setup, guarded("set-up modal", logger, setupSubmitted(services, logger)));
  app.view(
    VIEWS.objective,
    guarded("objective modal", logger, objectiveSubmitted(services, logger)),
  );
  app.view(
    VIEWS.commitment,
    guarded("commitment modal", logger, commitmentSubmitted(services, logger)),
  );
  app.view(VIEWS.settings, guarded("settings modal", logger, settingsSubmitted(services, logger)));
  app.view(VIEWS.checkIn, guarded("check-in modal", logger, checkInSubmitted(services, logger)));
  app.view(VIEWS.away, guarded("away modal", logger, awaySubmitted(services, logger)));
  app.view(
    VIEWS.blockerAdd,
    guarded("blocker modal", logger, blockerAddSubmitted(services, logger)),
  );
  app.view(
    VIEWS.blockerResolve,
    guarded("blocker resolution modal", logger, blockerResolveSubmitted(services, logger)),
  );
  app.view(VIEWS.decision, guarded("decision modal", logger, decisionSubmitted(services, logger)));
}
