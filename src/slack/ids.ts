/**
 * Every Slack id the app names (command, callback_id, block_id, action_id) lives here once, shared
 * by the view that renders it and the listener that handles it.
 */
export const COMMAND = "/poc";

/** The action_id of every modal input: a value is found by its block id alone. */
export const INPUT = "value";

/** Modal callback_ids. */
export const VIEWS = {
  setup: "poc_setup",
  objective: "poc_objective",
  commitment: "poc_commitment",
  settings: "poc_settings",
} as const;

/** Input block_ids, which are also the keys of inline modal errors. */
export const BLOCKS = {
  setup: {
    name: "name",
    purpose: "purpose",
    timeZone: "time_zone",
    digestWeekday: "digest_weekday",
    digestTime: "digest_time",
  },
  objective: {
    title: "title",
    indicator: "indicator",
    unit: "unit",
    baseline: "baseline",
    target: "target",
    targetDate: "target_date",
  },
  commitment: {
    title: "title",
    owner: "owner",
    organization: "organization",
    objectives: "objectives",
    dueDate: "due_date",
    cadence: "cadence",
    weekday: "weekday",
    time: "time",
  },
  settings: {
    reminderDelayHours: "reminder_delay_hours",
    maxReminders: "max_reminders",
    silentPeriods: "silent_periods",
    blockerEscalationDays: "blocker_escalation_days",
    digestWeekday: "digest_weekday",
    digestTime: "digest_time",
  },
} as const;

export const ACTIONS = {
  /** App Home: open the check-in modal for a commitment (value: commitment id). */
  homeCheckIn: "home_check_in",
} as const;
