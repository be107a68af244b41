/**
 * The `/poc blocker add` modal's submission: the service checks the commitment is one the caller
 * may raise a blocker on; after the ack the blocker is posted in the partnership channel.
 */
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { couldHelpValue, viewState } from "../../parsers/viewState.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.blockerAdd;

export function blockerAddSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "raising a blocker",
      metadata: z.object({ channelId: z.string().regex(/^[CGD][A-Z0-9]+$/) }),
      firstBlock: B.text,
      outOfDate: "This form is out of date: close it and run /poc blocker add again.",
      save: ({ caller, values: v }) =>
        services.blockers.add(
          caller,
          {
            commitmentId: viewState.option(v, B.commitment),
            text: viewState.text(v, B.text),
            couldHelp: couldHelpValue(v, B.couldHelp),
          },
          services.clock(),
        ),
      after: async (added, { meta, confirm }) => {
        await services.blockers.deliver(added.effects);
        const title = escapeMrkdwn(truncate(added.commitmentTitle, 150));
        await confirm(
          meta.channelId,
          `:construction: Blocker #${added.blockerId} on *${title}* is raised and posted in the partnership channel.`,
          "blocker confirmation",
        );
      },
    },
    logger,
  );
}
