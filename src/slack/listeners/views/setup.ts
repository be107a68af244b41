import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors } from "../../replies.js";
import { escapeMrkdwn } from "../../views/mrkdwn.js";

const B = BLOCKS.setup;
const metadata = z.object({ channelId: z.string().regex(/^[CG][A-Z0-9]+$/) });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The set-up modal's submission: validate inline, save, then tell the caller what is next. */
export function setupSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: { [B.name]: "This form is out of date: close it and run /poc setup again." },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = { teamId, userId: body.user.id, channelId: meta.channelId };
    const v = view.state.values as StateValues;
    try {
      const user = await services.directory.user(teamId, caller.userId).catch(() => null);
      const { partnership, created } = services.partnerships.saveSetup(
        caller,
        {
          name: viewState.text(v, B.name),
          purpose: viewState.text(v, B.purpose),
          timeZone: viewState.text(v, B.timeZone),
          digestWeekday: viewState.option(v, B.digestWeekday),
          digestTime: viewState.time(v, B.digestTime),
        },
        user,
        services.clock(),
      );
      await ack();
      const name = escapeMrkdwn(partnership.name);
      const text = created
        ? `:white_check_mark: *${name}* is set up in this channel and you are its coordinator. Next: \`/poc org add &lt;name&gt; &lt;sector&gt;\`, \`/poc member add @person &lt;org&gt; [role]\`, \`/poc objective add\`, then \`/poc commit\`.`
        : `:white_check_mark: *${name}* is updated.`;
      await client.chat
        .postEphemeral({ channel: meta.channelId, user: caller.userId, text })
        .catch((error: unknown) => logger.warn("set-up confirmation not delivered:", error));
    } catch (error) {
      const errors = modalErrors(error, B.name);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("set-up failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.name]: "Something went wrong on our side and nothing was saved. Please try again.",
        },
      });
    }
  };
}
