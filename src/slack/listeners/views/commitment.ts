import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { commitmentName, ownerText, scheduleText } from "../../views/commitment.js";
import { escapeMrkdwn } from "../../views/mrkdwn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.commitment;

/** The commitment modal's submission (record or edit): validate inline, save, confirm. */
export function commitmentSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "saving a commitment",
      metadata: z.object({
        channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
        commitmentId: z.number().int().positive().optional(),
      }),
      firstBlock: B.title,
      outOfDate: "This form is out of date: close it and run /poc commit again.",
      save: ({ caller, meta, values: v }) =>
        services.commitments.save(
          caller,
          meta.commitmentId,
          {
            title: viewState.text(v, B.title),
            ownerUserId: viewState.user(v, B.owner),
            organizationId: viewState.option(v, B.organization),
            objectiveIds: viewState.options(v, B.objectives),
            dueDate: viewState.date(v, B.dueDate),
            cadence: viewState.option(v, B.cadence),
            weekday: viewState.option(v, B.weekday),
            time: viewState.time(v, B.time),
          },
          services.clock(),
        ),
      after: async ({ commitment, created }, { meta, confirm }) => {
        const who = `${ownerText(commitment)} (${escapeMrkdwn(commitment.organizationName)})`;
        const text = created
          ? `:white_check_mark: Commitment ${commitmentName(commitment)} is recorded for ${who}. Check-ins: ${scheduleText(commitment)} in the owner's time zone.`
          : `:white_check_mark: Commitment ${commitmentName(commitment)} is updated: ${who}, check-ins ${scheduleText(commitment)}.`;
        await confirm(meta.channelId, text, "commitment confirmation");
      },
    },
    logger,
  );
}
