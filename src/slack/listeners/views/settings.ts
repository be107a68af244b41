import { z } from "zod";
import { WEEKDAY_NAMES } from "../../../domain/types.js";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { safe } from "../../views/reading.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.settings;

/** The settings modal's submission: validate inline, save, confirm to the coordinator. */
export function settingsSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "settings save",
      metadata: z.object({ channelId: z.string().regex(/^[CG][A-Z0-9]+$/) }),
      firstBlock: B.reminderDelayHours,
      outOfDate: "This form is out of date: close it and run /poc settings again.",
      save: ({ caller, values: v }) =>
        services.settings.save(
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
        ),
      after: async (partnership, { meta, confirm }) => {
        const text = `:white_check_mark: Settings of *${safe(partnership.name, 80)}* saved: reminder after ${Math.round(partnership.reminderDelayMinutes / 60)} h (${partnership.maxReminders === 0 ? "no reminder" : "one reminder"}), coordinators told after ${partnership.silentPeriodsBeforeEscalation} silent periods, blockers escalated after ${partnership.blockerEscalationDays} days, digest on ${WEEKDAY_NAMES[partnership.digestWeekday - 1] ?? "Monday"} at ${partnership.digestTime}.`;
        await confirm(meta.channelId, text, "settings confirmation");
      },
    },
    logger,
  );
}
