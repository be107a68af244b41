/**
 * A blocker message's buttons (value: the blocker id): *I can help* records the helper, tells
 * the owner and updates the message; *Resolve* opens the resolution-note modal.
 */
import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { tellClicker } from "../../dispatch.js";
import { ACTIONS } from "../../ids.js";
import { blockerResolveModal } from "../../views/blocker.js";
import type { ListenerTable } from "../table.js";
import { button } from "./button.js";

export function blockerActions(table: ListenerTable, services: Services, logger: Logger): void {
  table.action<BlockAction<ButtonAction>>(
    ACTIONS.blockerHelp,
    button("I can help", logger, async (args, caller, blockerId) => {
      const helped = services.blockers.help(caller, blockerId, services.clock());
      await services.blockers.deliver(helped.effects);
      const owner = helped.effects.notices[0]?.userId;
      await tellClicker(
        args.client,
        args.body,
        `:raised_hands: Thanks! ${owner ? `<@${owner}> is told` : "The owner is told"} that you can help with blocker #${blockerId}.`,
        logger,
      );
    }),
  );

  table.action<BlockAction<ButtonAction>>(
    ACTIONS.blockerResolve,
    button("resolve blocker (modal)", logger, async ({ body, client }, caller, blockerId) => {
      const form = services.blockers.resolveForm(caller, blockerId, services.clock());
      await client.views.open({ trigger_id: body.trigger_id, view: blockerResolveModal(form) });
    }),
  );
}
