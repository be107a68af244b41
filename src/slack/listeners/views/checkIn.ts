/**
 * The check-in modal's submission. private_metadata names the prompt, commitment and period, but
 * it travels through the client: the service checks every id again (the caller's workspace and
 * partnership, ownership, the prompt's commitment). Validation errors come back inline; once
 * saved, the modal closes (ack) and only then does the Slack work run: the prompt message is
 * rewritten in place and a blocker is posted in the partnership channel.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import {
  couldHelpValue,
  parseMetadata,
  type StateValues,
  viewState,
} from "../../parsers/viewState.js";
import { modalErrors, NOTHING_SAVED } from "../../replies.js";
import { checkInConfirmation } from "../../views/checkIn.js";

const B = BLOCKS.checkIn;
const metadata = z.object({
  promptId: z.number().int().positive().optional(),
  commitmentId: z.number().int().positive(),
  periodKey: z.string().min(1).max(40),
  channelId: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
});

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function checkInSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.status]: "This form is out of date: close it and open the check-in again." },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = {
      teamId,
      userId: body.user.id,
      channelId: meta.channelId ?? `D${body.user.id}`,
    };
    const v = view.state.values as StateValues;
    let recorded: ReturnType<Services["checkIns"]["submit"]>;
    try {
      recorded = services.checkIns.submit(
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
      );
    } catch (error) {
      const errors = modalErrors(error, B.status);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("recording a check-in failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.status]: NOTHING_SAVED,
        },
      });
      return;
    }
    await ack();
    await services.checkIns.deliver(recorded.effects);
    if (!recorded.promptMessage && meta.channelId !== undefined) {
      await client.chat
        .postEphemeral({
          channel: meta.channelId,
          user: caller.userId,
          text: checkInConfirmation(recorded),
        })
        .catch((error: unknown) => logger.warn("check-in confirmation not delivered:", error));
    }
  };
}
