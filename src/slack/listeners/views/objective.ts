import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.objective;

/** The objective modal's submission (add or edit): validate inline, save, confirm. */
export function objectiveSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "saving an objective",
      metadata: z.object({
        channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
        objectiveId: z.number().int().positive().optional(),
      }),
      firstBlock: B.title,
      outOfDate: "This form is out of date: close it and run /poc objective again.",
      save: ({ caller, meta, values: v }) =>
        services.objectives.save(
          caller,
          meta.objectiveId,
          {
            title: viewState.text(v, B.title),
            indicator: viewState.text(v, B.indicator),
            unit: viewState.text(v, B.unit),
            baseline: viewState.text(v, B.baseline),
            target: viewState.text(v, B.target),
            targetDate: viewState.date(v, B.targetDate),
          },
          services.clock(),
        ),
      after: async ({ objective, created }, { meta, confirm }) => {
        const title = escapeMrkdwn(truncate(objective.title, 150));
        const text = created
          ? `:white_check_mark: Objective #${objective.id} *${title}* is added. Commitments can now name it.`
          : `:white_check_mark: Objective #${objective.id} *${title}* is updated.`;
        await confirm(meta.channelId, text, "objective confirmation");
      },
    },
    logger,
  );
}
