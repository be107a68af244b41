import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { WEEKDAY_NAMES } from "../../../domain/types.js";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { parseMetadata, type StateValues, viewState } from "../../parsers/viewState.js";
import { modalErrors, NOTHING_SAVED } from "../../replies.js";
import { safe } from "../../views/reading.js";

const B = BLOCKS.settings;
const metadata = z.object({ channelId: z.string().regex(/^[CG][A-Z0-9]+$/) });

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The settings modal's submission: validate inline, save, confirm to the coordinator. */
export function settingsSubmitted(services: Services, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(metadata, view.private_metadata);
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: {
          [B.reminderDelayHours]: "This form is out of date: close it and run /poc settings again.",
        },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const caller = { teamId, userId: body.user.id, channelId: meta.channelId };
    const v = view.state.values as StateValues;
    try {
      const partnership = services.settings.save(
        caller,
        {
          reminderDelayHours: viewState.text(v, B.reminderDelayHours),
          maxReminders: viewState.option(v, B.maxReminders),
          silentPeriods: viewState.text(v, B.silentPeriods),
          blockerEscalationDays: viewState.text(v, B.blockerEscalationDays),
          digestWeekday: viewState.option(v, B.digestWeekday),
          digestTime: viewState.time(v, B.digestTime),
        },
        services.clock(),
      );
      await ack();
      const text = `:white_check_mark: Settings of *${safe(partnership.name, 80)}* saved: reminder after ${Math.round(partnership.reminderDelayMinutes / 60)} h (${partnership.maxReminders === 0 ? "no reminder" : "one reminder"}), coordinators told after ${partnership.silentPeriodsBeforeEscalation} silent periods, blockers escalated after ${partnership.blockerEscalationDays} days, digest on ${WEEKDAY_NAMES[partnership.digestWeekday - 1] ?? "Monday"} at ${partnership.digestTime}.`;
      await client.chat
        .postEphemeral({ channel: meta.channelId, user: caller.userId, text })
        .catch((error: unknown) => logger.warn("settings confirmation not delivered:", error));
    } catch (error) {
      const errors = modalErrors(error, B.reminderDelayHours);
      if (errors) {
        await ack(errors);
        return;
      }
      logger.error("settings save failed:", error);
      await ack({
        response_action: "errors",
        errors: {
          [B.reminderDelayHours]: NOTHING_SAVED,
        },
      });
    }
  };
}
