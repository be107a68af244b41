import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { guarded } from "../../dispatch.js";
import { VIEWS } from "../../ids.js";
import type { ListenerTable } from "../table.js";
import { awaySubmitted } from "./away.js";
import { blockerAddSubmitted } from "./blockerAdd.js";
import { blockerResolveSubmitted } from "./blockerResolve.js";
import { checkInSubmitted } from "./checkIn.js";
import { commitmentSubmitted } from "./commitment.js";
import { decisionSubmitted } from "./decision.js";
import { objectiveSubmitted } from "./objective.js";
import { settingsSubmitted } from "./settings.js";
import { setupSubmitted } from "./setup.js";

/** Each modal's callback id, its name in the log, and its listener. */
const MODALS = [
  [VIEWS.setup, "set-up modal", setupSubmitted],
  [VIEWS.objective, "objective modal", objectiveSubmitted],
  [VIEWS.commitment, "commitment modal", commitmentSubmitted],
  [VIEWS.settings, "settings modal", settingsSubmitted],
  [VIEWS.checkIn, "check-in modal", checkInSubmitted],
  [VIEWS.away, "away modal", awaySubmitted],
  [VIEWS.blockerAdd, "blocker modal", blockerAddSubmitted],
  [VIEWS.blockerResolve, "blocker resolution modal", blockerResolveSubmitted],
  [VIEWS.decision, "decision modal", decisionSubmitted],
] as const;

export function register(table: ListenerTable, services: Services, logger: Logger): void {
  for (const [callbackId, name, submitted] of MODALS) {
    table.view(callbackId, guarded(name, logger, submitted(services, logger)));
  }
}
