/**
 * The `/poc blocker add` modal's submission: the service checks the commitment is one the caller
 * may raise a blocker on; after the ack the blocker is posted in the partnership channel.
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
import { escapeMrkdwn, truncate } from "../../views/mrkdwn.js";

const B = BLOCKS.blockerAdd;
const metadata = z.object({ channelId: z.string().regex(/^[CGD][A-Z0-9]+$/) });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function blockerAddSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.text]: "This form is out of date: close it and run /poc blocker add again." },
      });
      return;
    }
    const caller = {
      teamId: body.team?.id ?? body.user.team_id ?? "",
      userId: body.user.id,
      channelId: meta.channelId,
    };
    const v = view.state.values as StateValues;
    let added: ReturnType<Services["blockers"]["add"]>;
    try {
      added = services.blockers.add(
        caller,
        {
          commitmentId: viewState.option(v, B.commitment),
          text: viewState.text(v, B.text),
          couldHelp: couldHelpValue(v, B.couldHelp),
        },
        services.clock(),
      );
    } catch (error) {
      const errors = modalErrors(error, B.text);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("raising a blocker failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.text]: NOTHING_SAVED,
        },
      });
      return;
    }
    await ack();
    await services.blockers.deliver(added.effects);
    const title = escapeMrkdwn(truncate(added.commitmentTitle, 150));
    await client.chat
      .postEphemeral({
        channel: meta.channelId,
        user: caller.userId,
        text: `:construction: Blocker #${added.blockerId} on *${title}* is raised and posted in the partnership channel.`,
      })
      .catch((error: unknown) => logger.warn("blocker confirmation not delivered:", error));
  };
}
