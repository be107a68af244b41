import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.decision;

/** The decision modal's submission: validate inline, record, confirm to the caller. */
export function decisionSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "recording a decision",
      metadata: z.object({ channelId: z.string().regex(/^[CGD][A-Z0-9]+$/) }),
      firstBlock: B.text,
      outOfDate: "This form is out of date: close it and run /poc decision add again.",
      save: ({ caller, values }) =>
        services.decisions.add(
          caller,
          {
            text: viewState.text(values, B.text),
            ownerUserId: viewState.user(values, B.owner),
            dueDate: viewState.date(values, B.dueDate),
          },
          services.clock(),
        ),
      after: async (decision, { meta, confirm }) => {
        await confirm(
          meta.channelId,
          `:white_check_mark: Decision #${decision.id} *${escapeMrkdwn(truncate(decision.text, 300))}* is recorded. \`/poc decision list\` shows the open ones.`,
          "decision confirmation",
        );
      },
    },
    logger,
  );
}
