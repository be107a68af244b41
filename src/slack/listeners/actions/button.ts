/**
 * What every button listener shares: who clicked and where, the record id a button carries in its
 * value, and `button(...)`, which acks at once and tells the clicker about a refusal or failure.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Caller } from "../../../services/context.js";
import { guarded, logFailure, tellClicker } from "../../dispatch.js";
import { errorReply } from "../../replies.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Who clicked, and where (a DM when Slack names no channel). */
export function clickerOf(body: BlockAction): Caller {
  return {
    teamId: body.team?.id ?? body.user.team_id ?? "",
    userId: body.user.id,
    channelId: body.channel?.id ?? `D${body.user.id}`,
  };
}

/** A record id from a button's value; undefined when it is not one. */
export function idFrom(value: string | undefined): number | undefined {
  const text = (value ?? "").trim();
  return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/**
 * A button handler: acks at once, reads the id from the value, runs `work`, and tells the clicker
 * about any refusal (a DomainError) or failure.
 */
export function button(
  name: string,
  logger: Logger,
  work: (args: ButtonArgs, caller: Caller, id: number) => Promise<void>,
) {
  return guarded(name, logger, async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const id = idFrom(args.action.value);
    if (id === undefined) {
      await tellClicker(
        args.client,
        args.body,
        ":warning: This button is out of date; nothing was changed.",
        logger,
      );
      return;
    }
    try {
      await work(args, clickerOf(args.body), id);
    } catch (error) {
      logFailure(logger, name, error);
      await tellClicker(args.client, args.body, errorReply(error).text, logger);
    }
  });
}
