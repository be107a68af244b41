/**
 * What a new partnership starts with (src/domain/defaults.ts): the database's column defaults are
 * the same values, so a row written without them (an import, a restore) reads like one set up
 * through the form; and every default lies inside the range a coordinator may set.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PARTNERSHIP_DEFAULTS, SETTINGS_LIMITS } from "../../src/domain/defaults.js";
import { memoryDatabase } from "../support/db.js";

const databases: { close(): void }[] = [];
afterEach(() => {
  for (const d of databases.splice(0)) d.close();
});

describe("a new partnership's defaults", () => {
  it("when a partnership row is written with only its required columns, then the migrated columns hold PARTNERSHIP_DEFAULTS", () => {
    const database = memoryDatabase();
    databases.push(database);
    const sqlite = database.sqlite;
    sqlite
      .prepare("INSERT INTO workspaces (team_id, name, installed_at) VALUES ('T1', 'Acme', 0)")
      .run();
    sqlite
      .prepare(
        `INSERT INTO partnerships (workspace_id, channel_id, name, time_zone, created_by, created_at, updated_at)
         VALUES (1, 'C1', 'Water', 'Europe/Berlin', 'U1', 0, 0)`,
      )
      .run();
    const row = sqlite
      .prepare(
        `SELECT digest_weekday, digest_time, reminder_delay_minutes, max_reminders,
                silent_periods_before_escalation, blocker_escalation_days FROM partnerships`,
      )
      .get();
    expect(row).toEqual({
      digest_weekday: PARTNERSHIP_DEFAULTS.digestWeekday,
      digest_time: PARTNERSHIP_DEFAULTS.digestTime,
      reminder_delay_minutes: PARTNERSHIP_DEFAULTS.reminderDelayHours * 60,
      max_reminders: PARTNERSHIP_DEFAULTS.maxReminders,
      silent_periods_before_escalation: PARTNERSHIP_DEFAULTS.silentPeriods,
      blocker_escalation_days: PARTNERSHIP_DEFAULTS.blockerEscalationDays,
    });
  });

  it.each(
    Object.entries(SETTINGS_LIMITS) as [
      keyof typeof SETTINGS_LIMITS,
      { min: number; max: number },
    ][],
  )("the default of %s lies inside the range a coordinator may set", (key, range) => {
    expect(PARTNERSHIP_DEFAULTS[key]).toBeGreaterThanOrEqual(range.min);
    expect(PARTNERSHIP_DEFAULTS[key]).toBeLessThanOrEqual(range.max);
  });
});
