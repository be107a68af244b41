/**
 * The *I'm away* modal's submission: the service checks the prompt is the caller's, validates the
 * date (inline errors), pauses the prompts; after the ack the prompt message shows "away".
 */
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.away;

export function awaySubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "setting away",
      metadata: z.object({ promptId: z.number().int().positive() }),
      firstBlock: B.until,
      save: ({ caller, meta, values }) =>
        services.checkIns.awayFromPrompt(
          caller,
          meta.promptId,
          viewState.date(values, B.until),
          services.clock(),
        ),
      after: (result) => services.checkIns.deliver(result.effects),
    },
    logger,
  );
}
