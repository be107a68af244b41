/**
 * The prompt's buttons (value: the prompt id): *On track, no change*, *Update*, *Snooze*, *I'm
 * away*. Every handler acks first; the service checks that the clicker owns the commitment, and
 * anything the clicker should read (a refusal, "already answered") comes back to them alone as an
 * ephemeral answer. The prompt message itself is rewritten in place by the service's effects.
 */
import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { ACTIONS } from "../../ids.js";
import { awayModal } from "../../views/away.js";
import { checkInModal } from "../../views/checkIn.js";
import type { ListenerTable } from "../table.js";
import { button } from "./button.js";

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
