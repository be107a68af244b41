/**
 * The fields of every form a person fills in (the Slack modals), by name. A service names the
 * field an error belongs to with these, and the Slack layer uses the same strings as the modals'
 * input block ids (src/slack/ids.ts `BLOCKS`), so an error lands next to the right input.
 */
export const FIELDS = {
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
  checkIn: {
    status: "status",
    progress: "progress",
    whatMoved: "what_moved",
    nextStep: "next_step",
    blocker: "blocker",
    /** A section with a select accessory (not an input): who could help with the blocker. */
    couldHelp: "could_help",
    learning: "learning",
  },
  away: { until: "until" },
  blockerAdd: { commitment: "commitment", text: "text", couldHelp: "could_help" },
  blockerResolve: { resolution: "resolution" },
  decision: { text: "text", owner: "owner", dueDate: "due_date" },
} as const;
