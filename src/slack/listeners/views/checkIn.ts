/**
 * The check-in modal's submission. private_metadata names the prompt, commitment and period, but
 * it travels through the client: the service checks every id again (the caller's workspace and
 * partnership, ownership, the prompt's commitment). Validation errors come back inline; once
 * saved, the modal closes (ack) and only then does the Slack work run: the prompt message is
 * rewritten in place and a blocker is posted in the partnership channel.
 */
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { couldHelpValue, viewState } from "../../parsers/viewState.js";
import { checkInConfirmation } from "../../views/checkIn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.checkIn;

export function checkInSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "recording a check-in",
      metadata: z.object({
        promptId: z.number().int().positive().optional(),
        commitmentId: z.number().int().positive(),
        periodKey: z.string().min(1).max(40),
        channelId: z
          .string()
          .regex(/^[CGD][A-Z0-9]+$/)
          .optional(),
      }),
      firstBlock: B.status,
      outOfDate: "This form is out of date: close it and open the check-in again.",
      save: ({ caller, meta, values: v }) =>
        services.checkIns.submit(
          caller,
          { promptId: meta.promptId, commitmentId: meta.commitmentId, periodKey: meta.periodKey },
          {
            status: viewState.option(v, B.status),
            progress: viewState.text(v, B.progress),
            whatMoved: viewState.text(v, B.whatMoved),
            nextStep: viewState.text(v, B.nextStep),
            blocker: viewState.text(v, B.blocker),
            couldHelp: couldHelpValue(v, B.couldHelp),
            learning: viewState.text(v, B.learning),
          },
          services.clock(),
        ),
      after: async (recorded, { meta, confirm }) => {
        await services.checkIns.deliver(recorded.effects);
        if (!recorded.promptMessage && meta.channelId !== undefined) {
          await confirm(meta.channelId, checkInConfirmation(recorded), "check-in confirmation");
        }
      },
    },
    logger,
  );
}
