/**
 * The resolution-note modal's submission: the service checks the caller may resolve the blocker
 * (owner, raiser or coordinator) and that it is still open; after the ack the channel message
 * shows the resolution.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors } from "../../replies.js";

const B = BLOCKS.blockerResolve;
const metadata = z.object({ blockerId: z.number().int().positive() });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function blockerResolveSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.resolution]: "This form is out of date: close it and try again." },
      });
      return;
    }
    const caller = {
      teamId: body.team?.id ?? body.user.team_id ?? "",
      userId: body.user.id,
      channelId: `D${body.user.id}`,
    };
    const v = view.state.values as StateValues;
    let resolved: ReturnType<Services["blockers"]["resolve"]>;
    try {
      resolved = services.blockers.resolve(
        caller,
        meta.blockerId,
        viewState.text(v, B.resolution),
        services.clock(),
      );
    } catch (error) {
      const errors = modalErrors(error, B.resolution);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("resolving a blocker failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.resolution]:
            "Something went wrong on our side and nothing was saved. Please try again.",
        },
      });
      return;
    }
    await ack();
    await services.blockers.deliver(resolved.effects);
  };
}
