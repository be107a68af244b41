/**
 * What the bench data sets share when they write history as rows: the prompt row as the outbox
 * leaves it, and the settling ticks that bring the written history to the state the app itself
 * would have left (reminders sent, silent owners and aged blockers escalated, digests posted).
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Database } from "../../src/db/index.js";
import { stubbedServices } from "./stubMessenger.js";

/** A prompt of the history: answered (answeredAt set), skipped while away, or left unanswered. */
export interface HistoryPrompt {
  readonly commitmentId: number;
  readonly periodKey: string;
  readonly dueAt: number;
  readonly answeredAt: number | null;
  readonly away: boolean;
  /** The owner's DM (not kept for a prompt skipped while away). */
  readonly dm: string;
  /** The prompt message's ts, asked for only when the prompt was sent. */
  readonly ts: () => string;
}

/**
 * The rows both bench data sets write, one statement per table with named parameters: a column
 * the schema adds or renames is changed here once. `prompt` writes a history prompt.
 */
export function rowWriters(sqlite: BetterSqlite3.Database) {
  return {
    partnership: sqlite.prepare(`
      INSERT INTO partnerships (workspace_id, channel_id, name, purpose, time_zone, digest_weekday,
        digest_time, created_by, created_at, updated_at)
      VALUES (@workspaceId, @channelId, @name, @purpose, @zone, @digestWeekday, @digestTime,
        @createdBy, @at, @at)`),
    organization: sqlite.prepare(`
      INSERT INTO organizations (partnership_id, name, normalized_name, sector, created_at)
      VALUES (@partnershipId, @name, @normalizedName, @sector, @at)`),
    member: sqlite.prepare(`
      INSERT INTO members (partnership_id, slack_user_id, organization_id, role, display_name,
        time_zone, time_zone_fetched_at, dm_channel_id, created_at)
      VALUES (@partnershipId, @userId, @organizationId, @role, @name, @zone, @fetchedAt, @dm, @at)`),
    objective: sqlite.prepare(`
      INSERT INTO objectives (partnership_id, title, indicator, unit, baseline, target, target_date,
        created_at, updated_at)
      VALUES (@partnershipId, @title, @indicator, @unit, @baseline, @target, @targetDate, @at,
        @at)`),
    commitment: sqlite.prepare(`
      INSERT INTO commitments (partnership_id, organization_id, owner_member_id, title, due_date,
        cadence, check_in_weekday, check_in_time, started_at, current_status, progress,
        last_check_in_at, created_by, created_at, updated_at)
      VALUES (@partnershipId, @organizationId, @ownerId, @title, @dueDate, @cadence, @weekday,
        @time, @startedAt, @status, @progress, @lastCheckInAt, @createdBy, @startedAt, @updatedAt)`),
    checkIn: sqlite.prepare(`
      INSERT INTO check_ins (commitment_id, prompt_id, period_key, author_member_id, status,
        progress, what_moved, next_step, learning, created_at)
      VALUES (@commitmentId, @promptId, @periodKey, @authorId, @status, @progress, @moved, @next,
        @learning, @at)`),
    prompt: historyPromptWriter(sqlite),
  };
}

/**
 * Writes history prompts as the outbox leaves them: an unanswered one was sent and reminded a day
 * later, one skipped while away was never sent. Returns each prompt's id.
 */
export function historyPromptWriter(
  sqlite: BetterSqlite3.Database,
): (prompt: HistoryPrompt) => number {
  const insert = sqlite.prepare(`
    INSERT INTO prompts (commitment_id, period_key, due_at, state, dm_channel_id, message_ts,
      reminders_sent, last_reminder_at, answered_at, attempts, last_error, created_at, updated_at)
    VALUES (@commitmentId, @periodKey, @dueAt, @state, @dm, @ts, @reminders, @reminderAt,
      @answeredAt, @attempts, @lastError, @dueAt, @updatedAt)`);
  return ({ commitmentId, periodKey, dueAt, answeredAt, away, dm, ts }) => {
    const answered = answeredAt !== null;
    const reminded = !answered && !away;
    return Number(
      insert.run({
        commitmentId,
        periodKey,
        dueAt,
        state: answered ? "answered" : away ? "skipped" : "sent",
        dm: away ? null : dm,
        ts: away ? null : ts(),
        reminders: reminded ? 1 : 0,
        reminderAt: reminded ? dueAt + 86_400_000 : null,
        answeredAt,
        attempts: away ? 0 : 1,
        lastError: away ? "skipped:away" : null,
        updatedAt: answeredAt ?? dueAt,
      }).lastInsertRowid,
    );
  };
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
