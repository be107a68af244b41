/**
 * `/poc settings` (coordinators): how hard the app nudges, and when the digest goes out. The
 * defaults and ranges are documented in docs/settings.md.
 */
import type { Partnership } from "../db/schema.js";
import { SETTINGS_LIMITS } from "../domain/defaults.js";
import { DomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { parseTime, parseWeekday } from "../domain/rules.js";
import type { Weekday } from "../domain/types.js";
import type { Caller } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";

export interface SettingsForm {
  readonly partnershipName: string;
  /** The partnership's channel: the modal's submission is resolved through it. */
  readonly channelId: string;
  readonly reminderDelayHours: number;
  readonly maxReminders: number;
  readonly silentPeriods: number;
  readonly blockerEscalationDays: number;
  readonly digestWeekday: Weekday;
  readonly digestTime: string;
}

/** As the modal submits them: number inputs arrive as strings, empty ones as undefined or "". */
export interface SettingsInput {
  readonly reminderDelayHours: string | undefined;
  readonly maxReminders: string | undefined;
  readonly silentPeriods: string | undefined;
  readonly blockerEscalationDays: string | undefined;
  readonly digestWeekday: string | undefined;
  readonly digestTime: string | undefined;
}

type SettingsValues = Pick<
  Partnership,
  | "reminderDelayMinutes"
  | "maxReminders"
  | "silentPeriodsBeforeEscalation"
  | "blockerEscalationDays"
  | "digestWeekday"
  | "digestTime"
>;

export interface SettingsService {
  /** The modal's values; refused unless the caller may change settings. */
  form(caller: Caller, now: number): SettingsForm;
  /** Validates, saves, audits (before and after) and announces. */
  save(caller: Caller, input: SettingsInput, now: number): Partnership;
}

/** A whole number within a range, read from what a number input sent. */
export function parseWholeNumber(
  value: string | undefined,
  range: { readonly min: number; readonly max: number },
  label: string,
  field: string,
): number {
  const text = (value ?? "").trim();
  const n = Number(text);
  if (text === "" || !Number.isInteger(n) || n < range.min || n > range.max) {
    throw new DomainError(
      "invalid_input",
      `${label} must be a whole number from ${range.min} to ${range.max}.`,
      field,
    );
  }
  return n;
}

function valuesOf(p: Partnership): SettingsValues {
  return {
    reminderDelayMinutes: p.reminderDelayMinutes,
    maxReminders: p.maxReminders,
    silentPeriodsBeforeEscalation: p.silentPeriodsBeforeEscalation,
    blockerEscalationDays: p.blockerEscalationDays,
    digestWeekday: p.digestWeekday,
    digestTime: p.digestTime,
  };
}

export function createSettingsService(kit: ServiceKit): SettingsService {
  const { context, repos } = kit;
  const F = FIELDS.settings;
  const L = SETTINGS_LIMITS;

  const parse = (input: SettingsInput): SettingsValues => ({
    reminderDelayMinutes:
      parseWholeNumber(
        input.reminderDelayHours,
        L.reminderDelayHours,
        "The reminder delay (hours)",
        F.reminderDelayHours,
      ) * 60,
    maxReminders: parseWholeNumber(
      input.maxReminders,
      L.maxReminders,
      "The number of reminders",
      F.maxReminders,
    ),
    silentPeriodsBeforeEscalation: parseWholeNumber(
      input.silentPeriods,
      L.silentPeriods,
      "Silent periods before escalation",
      F.silentPeriods,
    ),
    blockerEscalationDays: parseWholeNumber(
      input.blockerEscalationDays,
      L.blockerEscalationDays,
      "The blocker escalation age (days)",
      F.blockerEscalationDays,
    ),
    digestWeekday: parseWeekday(input.digestWeekday, F.digestWeekday),
    digestTime: parseTime(input.digestTime, F.digestTime),
  });

  return {
    form(caller, now) {
      const scope = context.require(caller, "settings.edit", now);
      const p = scope.partnership;
      return {
        partnershipName: p.name,
        channelId: p.channelId,
        // Stored in minutes; the modal asks in whole hours (a stored odd value rounds up).
        reminderDelayHours: Math.min(
          L.reminderDelayHours.max,
          Math.max(L.reminderDelayHours.min, Math.ceil(p.reminderDelayMinutes / 60)),
        ),
        maxReminders: Math.min(L.maxReminders.max, Math.max(0, p.maxReminders)),
        silentPeriods: p.silentPeriodsBeforeEscalation,
        blockerEscalationDays: p.blockerEscalationDays,
        digestWeekday: p.digestWeekday as Weekday,
        digestTime: p.digestTime,
      };
    },

    save(caller, input, now) {
      // Permission first: a refused caller learns nothing from validation messages.
      context.require(caller, "settings.edit", now);
      const after = parse(input);
      const { partnership, scope } = kit.transaction(() => {
        const s = context.require(caller, "settings.edit", now);
        const before = valuesOf(s.partnership);
        const saved = repos.partnerships.update(s.partnership.id, after, now);
        audit(kit, s, "settings.edit", s.partnership.id, { before, after }, now);
        return { partnership: saved, scope: s };
      });
      announce(kit, scope);
      return partnership;
    },
  };
}
