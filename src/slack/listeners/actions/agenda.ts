/**
 * The agenda preview's *Post to the channel* button (value: the partnership id): acks, drafts the
 * agenda again for the clicker (who must be a member) and posts it to the partnership's channel.
 */
import type { BlockAction, ButtonAction } from "@slack/bolt";
import { DomainError } from "../../../domain/errors.js";
import { literal, say } from "../../../domain/wording.js";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { tellClicker } from "../../dispatch.js";
import { ACTIONS } from "../../ids.js";
import { agendaBlocks } from "../../views/agenda.js";
import type { ListenerTable } from "../table.js";
import { button } from "./button.js";

export function agendaActions(table: ListenerTable, services: Services, logger: Logger): void {
  table.action<BlockAction<ButtonAction>>(
    ACTIONS.agendaPost,
    button("post the agenda", logger, async (args, caller, partnershipId) => {
      const agenda = services.agenda.draft(caller, services.clock());
      if (agenda.partnership.id !== partnershipId) {
        throw new DomainError(
          "conflict",
          say`This agenda belongs to another partnership: run ${literal("/poc agenda")} again in its channel.`,
        );
      }
      const { text, blocks } = agendaBlocks(agenda, {
        withPostButton: false,
        draftedBy: caller.userId,
      });
      await args.client.chat.postMessage({ channel: agenda.partnership.channelId, text, blocks });
      await tellClicker(
        args.client,
        args.body,
        ":white_check_mark: The agenda is posted to the channel.",
        logger,
      );
    }),
  );
}
