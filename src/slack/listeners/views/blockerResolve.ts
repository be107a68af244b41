/**
 * The resolution-note modal's submission: the service checks the caller may resolve the blocker
 * (owner, raiser or coordinator) and that it is still open; after the ack the channel message
 * shows the resolution.
 */
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.blockerResolve;

export function blockerResolveSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "resolving a blocker",
      metadata: z.object({ blockerId: z.number().int().positive() }),
      firstBlock: B.resolution,
      save: ({ caller, meta, values }) =>
        services.blockers.resolve(
          caller,
          meta.blockerId,
          viewState.text(values, B.resolution),
          services.clock(),
        ),
      after: (resolved) => services.blockers.deliver(resolved.effects),
    },
    logger,
  );
}
