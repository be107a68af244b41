/**
 * The prompt's buttons (value: the prompt id): *On track, no change*, *Update*, *Snooze*, *I'm
 * away*. Every handler acks first; the service checks that the clicker owns the commitment, and
 * anything the clicker should read (a refusal, "already answered") comes back to them alone as an
 * ephemeral answer. The prompt message itself is rewritten in place by the service's effects.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Caller } from "../../../services/context.js";
import type { Services } from "../../../services/index.js";
import { guarded, logFailure, tellClicker } from "../../dispatch.js";
import { ACTIONS } from "../../ids.js";
import { errorReply } from "../../replies.js";
import { awayModal } from "../../views/away.js";
import { checkInModal } from "../../views/checkIn.js";
import type { ListenerTable } from "../table.js";

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

export function promptActions(table: ListenerTable, services: Services, logger: Logger): void {
  table.action<BlockAction<ButtonAction>>(
    ACTIONS.promptOnTrack,
    button("on track, no change", logger, async (_args, caller, promptId) => {
      const recorded = services.checkIns.onTrack(caller, promptId, services.clock());
      await services.checkIns.deliver(recorded.effects);
    }),
  );

  table.action<BlockAction<ButtonAction>>(
    ACTIONS.promptUpdate,
    button("update (check-in modal)", logger, async ({ body, client }, caller, promptId) => {
      const form = services.checkIns.form(caller, { promptId }, services.clock());
      await client.views.open({ trigger_id: body.trigger_id, view: checkInModal(form) });
    }),
  );

  table.action<BlockAction<ButtonAction>>(
    ACTIONS.promptSnooze,
    button("snooze", logger, async (_args, caller, promptId) => {
      const snoozed = services.checkIns.snooze(caller, promptId, services.clock());
      await services.checkIns.deliver(snoozed.effects);
    }),
  );

  table.action<BlockAction<ButtonAction>>(
    ACTIONS.promptAway,
    button("I'm away (modal)", logger, async ({ body, client }, caller, promptId) => {
      const form = services.checkIns.awayForm(caller, promptId, services.clock());
      await client.views.open({ trigger_id: body.trigger_id, view: awayModal(form) });
    }),
  );
}
