/**
 * What a new partnership and a new commitment start with, and the ranges a coordinator may set.
 * The database's column defaults (src/db/schema.ts) are these values too.
 */
import type { Cadence, Weekday } from "./types.js";

/** A new partnership's digest slot and settings. */
export const PARTNERSHIP_DEFAULTS = {
  /** Monday. */
  digestWeekday: 1 as Weekday,
  digestTime: "09:00",
  reminderDelayHours: 24,
  maxReminders: 1,
  silentPeriods: 2,
  blockerEscalationDays: 7,
} as const;

/** When a new commitment's owner is asked to check in, unless the form or file says otherwise. */
export const CHECK_IN_DEFAULTS = {
  cadence: "weekly" as Cadence,
  /** Thursday. */
  weekday: 4 as Weekday,
  time: "10:00",
} as const;

/**
 * The settings' ranges. Reminders stop at one: the product promises an owner at most two bot
 * messages per commitment per period (the prompt and one reminder).
 */
export const SETTINGS_LIMITS = {
  reminderDelayHours: { min: 1, max: 168 },
  maxReminders: { min: 0, max: 1 },
  silentPeriods: { min: 1, max: 12 },
  blockerEscalationDays: { min: 1, max: 60 },
} as const;
