import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors, NOTHING_SAVED } from "../../replies.js";
import { commitmentName, ownerText, scheduleText } from "../../views/commitment.js";
import { escapeMrkdwn } from "../../views/mrkdwn.js";

const B = BLOCKS.commitment;
const metadata = z.object({
  channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
  commitmentId: z.number().int().positive().optional(),
});

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The commitment modal's submission (record or edit): validate inline, save, confirm. */
export function commitmentSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.title]: "This form is out of date: close it and run /poc commit again." },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = { teamId, userId: body.user.id, channelId: meta.channelId };
    const v = view.state.values as StateValues;
    try {
      const { commitment, created } = await services.commitments.save(
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
      );
      await ack();
      const who = `${ownerText(commitment)} (${escapeMrkdwn(commitment.organizationName)})`;
      const text = created
        ? `:white_check_mark: Commitment ${commitmentName(commitment)} is recorded for ${who}. Check-ins: ${scheduleText(commitment)} in the owner's time zone.`
        : `:white_check_mark: Commitment ${commitmentName(commitment)} is updated: ${who}, check-ins ${scheduleText(commitment)}.`;
      await client.chat
        .postEphemeral({ channel: meta.channelId, user: caller.userId, text })
        .catch((error: unknown) => logger.warn("commitment confirmation not delivered:", error));
    } catch (error) {
      const errors = modalErrors(error, B.title);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("saving a commitment failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.title]: NOTHING_SAVED,
        },
      });
    }
  };
}
