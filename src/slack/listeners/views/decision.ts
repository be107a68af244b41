import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors } from "../../replies.js";
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";

const B = BLOCKS.decision;
const metadata = z.object({ channelId: z.string().regex(/^[CGD][A-Z0-9]+$/) });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The decision modal's submission: validate inline, record, confirm to the caller. */
export function decisionSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.text]: "This form is out of date: close it and run /poc decision add again." },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = { teamId, userId: body.user.id, channelId: meta.channelId };
    const v = view.state.values as StateValues;
    try {
      const decision = services.decisions.add(
        caller,
        {
          text: viewState.text(v, B.text),
          ownerUserId: viewState.user(v, B.owner),
          dueDate: viewState.date(v, B.dueDate),
        },
        services.clock(),
      );
      await ack();
      await client.chat
        .postEphemeral({
          channel: meta.channelId,
          user: caller.userId,
          text: `:white_check_mark: Decision #${decision.id} *${escapeMrkdwn(truncate(decision.text, 300))}* is recorded. \`/poc decision list\` shows the open ones.`,
        })
        .catch((error: unknown) => logger.warn("decision confirmation not delivered:", error));
    } catch (error) {
      const errors = modalErrors(error, B.text);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("recording a decision failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.text]: "Something went wrong on our side and nothing was saved. Please try again.",
        },
      });
    }
  };
}
