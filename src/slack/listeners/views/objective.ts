import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors, NOTHING_SAVED } from "../../replies.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";

const B = BLOCKS.objective;
const metadata = z.object({
  channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
  objectiveId: z.number().int().positive().optional(),
});

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The objective modal's submission (add or edit): validate inline, save, confirm. */
export function objectiveSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.title]: "This form is out of date: close it and run /poc objective again." },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = { teamId, userId: body.user.id, channelId: meta.channelId };
    const v = view.state.values as StateValues;
    try {
      const { objective, created } = services.objectives.save(
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
      );
      await ack();
      const title = escapeMrkdwn(truncate(objective.title, 150));
      const text = created
        ? `:white_check_mark: Objective #${objective.id} *${title}* is added. Commitments can now name it.`
        : `:white_check_mark: Objective #${objective.id} *${title}* is updated.`;
      await client.chat
        .postEphemeral({ channel: meta.channelId, user: caller.userId, text })
        .catch((error: unknown) => logger.warn("objective confirmation not delivered:", error));
    } catch (error) {
      const errors = modalErrors(error, B.title);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("saving an objective failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.title]: NOTHING_SAVED,
        },
      });
    }
  };
}
