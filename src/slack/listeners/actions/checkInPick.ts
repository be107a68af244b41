/**
 * The `/poc checkin` picker's buttons (value: the commitment id) open the check-in modal for that
 * commitment; the "who could help" select inside the check-in and blocker modals only needs an
 * ack (its value is read from view.state on submit).
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { guarded } from "../../dispatch.js";
import { ACTIONS } from "../../ids.js";
import { checkInModal } from "../../views/checkIn.js";
import type { ListenerTable } from "../table.js";
import { button } from "./button.js";

export function checkInPicked(table: ListenerTable, services: Services, logger: Logger): void {
  table.action<BlockAction<ButtonAction>>(
    ACTIONS.checkInPick,
    button("check-in picker", logger, async ({ body, client }, caller, commitmentId) => {
      const form = services.checkIns.form(caller, { commitmentId }, services.clock());
      await client.views.open({
        trigger_id: body.trigger_id,
        view: checkInModal(form, body.channel?.id),
      });
    }),
  );

  table.action(
    ACTIONS.couldHelpSelect,
    guarded("who-could-help select", logger, async ({ ack }: SlackActionMiddlewareArgs) => {
      await ack();
    }),
  );
}
