/**
 * The *I'm away* modal's submission: the service checks the prompt is the caller's, validates the
 * date (inline errors), pauses the prompts; after the ack the prompt message shows "away".
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors } from "../../replies.js";

const B = BLOCKS.away;
const metadata = z.object({ promptId: z.number().int().positive() });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function awaySubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.until]: "This form is out of date: close it and try again." },
      });
      return;
    }
    const caller = {
      teamId: body.team?.id ?? body.user.team_id ?? "",
      userId: body.user.id,
      channelId: `D${body.user.id}`,
    };
    const v = view.state.values as StateValues;
    let result: ReturnType<Services["checkIns"]["awayFromPrompt"]>;
    try {
      result = services.checkIns.awayFromPrompt(
        caller,
        meta.promptId,
        viewState.date(v, B.until),
        services.clock(),
      );
    } catch (error) {
      const errors = modalErrors(error, B.until);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("setting away failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.until]: "Something went wrong on our side and nothing was saved. Please try again.",
        },
      });
      return;
    }
    await ack();
    await services.checkIns.deliver(result.effects);
  };
}
