import type { ModalView } from "@slack/types";
import { SETTINGS_LIMITS as L } from "../../domain/defaults.js";
import type { SettingsForm } from "../../services/settings.js";
import { BLOCKS, VIEWS } from "../ids.js";
import { numberInput, option, plain, selectInput, timeInput } from "./inputs.js";
import { safe } from "./reading.js";
import { weekdayOptions } from "./setup.js";

const B = BLOCKS.settings;

/** What the submission carries back: the partnership's channel, which resolves the caller. */
export interface SettingsMetadata {
  readonly channelId: string;
}

/** `/poc settings`: reminders, escalation and the digest's time (coordinators). */
export function settingsModal(form: SettingsForm): ModalView {
  const metadata: SettingsMetadata = { channelId: form.channelId };
  return {
    type: "modal",
    callback_id: VIEWS.settings,
    private_metadata: JSON.stringify(metadata),
    title: plain("Partnership settings"),
    submit: plain("Save"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `Settings of *${safe(form.partnershipName, 80)}* (<#${form.channelId}>). Owners get at most two messages per commitment per period: the check-in prompt and one reminder.`,
        },
      },
      numberInput(B.reminderDelayHours, "Reminder after (hours)", {
        initial: form.reminderDelayHours,
        decimal: false,
        min: L.reminderDelayHours.min,
        max: L.reminderDelayHours.max,
        hint: `How long an unanswered prompt waits before its reminder: ${L.reminderDelayHours.min} to ${L.reminderDelayHours.max} hours (default 24).`,
      }),
      selectInput(
        B.maxReminders,
        "Reminders per prompt",
        [option("No reminder", "0"), option("One reminder", "1")],
        { initial: String(form.maxReminders) },
      ),
      numberInput(B.silentPeriods, "Silent periods before escalation", {
        initial: form.silentPeriods,
        decimal: false,
        min: L.silentPeriods.min,
        max: L.silentPeriods.max,
        hint: `Unanswered check-in periods in a row before coordinators are told: ${L.silentPeriods.min} to ${L.silentPeriods.max} (default 2).`,
      }),
      numberInput(B.blockerEscalationDays, "Escalate blockers after (days)", {
        initial: form.blockerEscalationDays,
        decimal: false,
        min: L.blockerEscalationDays.min,
        max: L.blockerEscalationDays.max,
        hint: `Age at which an open blocker is escalated to coordinators: ${L.blockerEscalationDays.min} to ${L.blockerEscalationDays.max} days (default 7).`,
      }),
      selectInput(B.digestWeekday, "Digest day", weekdayOptions(), {
        initial: String(form.digestWeekday),
      }),
      timeInput(B.digestTime, "Digest time", {
        initial: form.digestTime,
        hint: "In the partnership's time zone (set with /poc setup).",
      }),
    ],
  };
}
