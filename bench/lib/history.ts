/**
 * What the bench data sets share when they write history as rows: the prompt row as the outbox
 * leaves it, and the settling ticks that bring the written history to the state the app itself
 * would have left (reminders sent, silent owners and aged blockers escalated, digests posted).
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Database } from "../../src/db/index.js";
import { stubbedServices } from "./stubMessenger.js";

/**
 * A prompt of the history: named parameters commitmentId, periodKey, dueAt (also its creation),
 * state, dm, ts, reminders, reminderAt, answeredAt, attempts, lastError, updatedAt.
 */
export function historyPromptInsert(sqlite: BetterSqlite3.Database): BetterSqlite3.Statement {
  return sqlite.prepare(`
    INSERT INTO prompts (commitment_id, period_key, due_at, state, dm_channel_id, message_ts,
      reminders_sent, last_reminder_at, answered_at, attempts, last_error, created_at, updated_at)
    VALUES (@commitmentId, @periodKey, @dueAt, @state, @dm, @ts, @reminders, @reminderAt,
      @answeredAt, @attempts, @lastError, @dueAt, @updatedAt)`);
}

/**
 * The app's own ticks (sending stubbed) at each instant, in turn; each tick's figures land in
 * `counts` as `settle tick HH:MM: <figure>`.
 */
export async function settle(
  database: Database,
  instants: readonly number[],
  counts: Record<string, number>,
): Promise<void> {
  const { services } = stubbedServices(database);
  for (const at of instants) {
    const summary = await services.tick.run(at);
    const label = `settle tick ${new Date(at).toISOString().slice(11, 16)}`;
    counts[`${label}: planned`] = summary.promptsPlanned;
    counts[`${label}: escalations`] =
      (summary.silenceEscalations ?? 0) + (summary.blockerEscalations ?? 0);
    counts[`${label}: digests`] = summary.digestsPosted;
  }
}
