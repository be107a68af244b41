import { eq, sql } from "drizzle-orm";
import { type Db, withLimit } from "../index.js";
import { type Prompt, prompts } from "../schema.js";
import {
  closedPeriod,
  createOutboxQueries,
  followedInRun,
  MIN_PERIOD_MS,
  type OutboxQueries,
} from "./outbox.js";

/**
 * The outbox of check-in prompts (see docs/outbox.md). The tick plans, claims and sends them;
 * check-ins mark them answered or snoozed. Every state change the tick makes is one guarded
 * UPDATE (`WHERE state = 'sending'`, or the old value of a counter), so a restart, a second
 * process or an answer arriving in the middle can never make a step happen twice.
 *
 * `last_error` carries what the outbox needs to know about the previous attempt:
 * - `retryable:<code>`: nothing reached Slack (the DM could not be opened, a 429, no connection);
 * - `uncertain:<code>`: a post failed in a way Slack may still have processed (5xx, timeout,
 *   network), so the next attempt reads the DM's history before posting again;
 * - `permanent:<code>`: the owner cannot be DMed; the prompt goes (went) to the partnership
 *   channel as a mention; `permanent:<code> channel:<code>` when that failed too (state failed);
 * - `skipped:<reason>`: why a prompt was not sent (away, owner_removed, superseded, ...).
 */
export interface PromptsRepository extends OutboxQueries {
  findById(id: number): Prompt | undefined;
  /** The period key of a commitment's newest prompt (by due time), if it has one. */
  newestPeriodKey(commitmentId: number): string | undefined;
  markAnswered(id: number, at: number): void;
  setSnoozed(id: number, until: number, now: number): void;

  // ---- planning ----
  /**
   * Inserts the planned prompts in one transaction; an existing (commitment, period) row is left
   * alone (`ON CONFLICT DO NOTHING`). Returns how many rows were new.
   */
  insertPlanned(rows: readonly PlannedPrompt[], now: number): number;
  /**
   * Runs `work` (reads and writes of one planning pass) in one transaction, so a schedule edit
   * from another process cannot land between the read and the `plan_at` written from it.
   */
  planningTransaction<T>(work: () => T): T;
  /** Sets when the planner looks at each commitment next, and where a new period begins. */
  setPlanAt(rows: readonly PlanningUpdate[]): void;

  // ---- sending ----
  /** Prompts a dead process left in `sending` (the tick lease says nobody else is sending). */
  listSending(): Prompt[];
  /** Pending prompts whose period is over (a newer prompt exists): skipped, never sent late. */
  skipSuperseded(now: number): number;
  /** Open blockers whose channel post never happened (Slack failed at the time), oldest first. */
  unpostedBlockers(before: number): { id: number; partnershipId: number }[];
  /** Due pending prompts whose period already has a check-in: answered, never sent. */
  answerFromCheckIns(now: number): number;
  /**
   * Claims up to `limit` due prompts atomically: state `sending`, `claimed_at`, attempts + 1, and
   * the owner's cached DM channel. Oldest first. Returns their ids (`promptRows` reads the rest).
   */
  claimDue(now: number, limit: number): number[];
  /** Stores a freshly opened DM channel on the member (the cache) and on the prompt. */
  storeDmChannel(promptId: number, memberId: number, channelId: string, now: number): void;
  /** Drops a member's cached DM channel (it stopped working). */
  forgetDmChannel(memberId: number): void;
  /** In the DM: state `sent` (unless answered meanwhile), channel and ts stored. */
  markSent(id: number, channelId: string, ts: string, now: number): void;
  /** `markSent` for many prompts in one transaction. */
  markSentAll(rows: readonly SentPrompt[], now: number): void;
  /** Back to `pending`, not before `nextAttemptAt` (null: at once). */
  markRetry(id: number, nextAttemptAt: number | null, lastError: string | null, now: number): void;
  /**
   * Undoes claims Slack as a whole failed (the tick's gate closed): `pending` again, due at once,
   * the claim's attempt not counted, `lastError` as given (the prompt's own, or `uncertain:…`).
   */
  putBack(rows: readonly { id: number; lastError: string | null }[], now: number): void;
  markSkipped(id: number, reason: string, now: number): void;
  /** Prompts due by `now` and not sent: `pending` (retrying or never tried), or `sending`. */
  countUnsentDue(now: number): number;
  /** Records a permanent DM failure while the prompt is still `sending` (before the fallback). */
  markPermanent(id: number, code: string, now: number): void;
  /**
   * Ends the channel fallback in one transaction: `sent` with `channel_fallback_ts`, or `failed`
   * when `fallbackTs` is null. Returns true when this is the owner's first prompt to end with a
   * permanent DM failure, i.e. when coordinators are to be told (once per owner).
   */
  finishFallback(
    id: number,
    ownerMemberId: number,
    fallbackTs: string | null,
    lastError: string,
    now: number,
  ): boolean;

  // ---- reminders and escalation ----
  /** remindersSent + 1 and lastReminderAt, only if remindersSent is still `expected`. */
  claimReminder(id: number, expected: number, now: number): boolean;
  /** Undoes claimReminder after a retryable failure; tries again after `nextAttemptAt`. */
  releaseReminder(
    id: number,
    previousLastReminderAt: number | null,
    nextAttemptAt: number,
    lastError: string,
    now: number,
  ): void;
  setLastError(id: number, lastError: string, now: number): void;
  /** Marks the prompt that completed a silent streak; false when already marked. */
  /** The silence rule found each run ending at these prompts below its threshold: not looked at again. */
  markSilenceChecked(rows: readonly { id: number; threshold: number }[]): void;
  /**
   * Marks waiting silence candidates that can never be escalated (an answer follows them, a
   * newer closed answerable period, or they are older than the horizon the step reads), so the
   * silence step's index holds only each commitment's newest. Returns how many.
   */
  retireSilenceCandidates(horizon: number, now: number): number;
  /**
   * Sets `silence_at` of the silence step's prompts whose period is not closed yet to the
   * earliest instant it can be, so the step does not read them again before then. Returns how
   * many.
   */
  deferSilence(horizon: number, now: number): number;
  claimEscalation(id: number, now: number): boolean;
  releaseEscalation(id: number): void;
  /** Raises an open blocker's escalation level from `from` to `to`; false when already done. */
  claimBlockerLevel(blockerId: number, from: number, to: number, now: number): boolean;
  releaseBlockerLevel(blockerId: number, from: number, to: number, previousAt: number | null): void;
}

export interface PlannedPrompt {
  readonly commitmentId: number;
  readonly periodKey: string;
  readonly dueAt: number;
  readonly state: "pending" | "skipped";
  readonly lastError: string | null;
}

/** A prompt posted in the DM `channelId` as message `ts`. */
export interface SentPrompt {
  readonly id: number;
  readonly channelId: string;
  readonly ts: string;
}

/** What one planning pass learnt about a commitment. */
export interface PlanningUpdate {
  readonly commitmentId: number;
  readonly planAt: number;
  /** The local date of the slot that opened a new period; null: unchanged. */
  readonly periodOpenedOn: string | null;
}

const COLUMNS = [
  ["id", "id"],
  ["commitment_id", "commitmentId"],
  ["period_key", "periodKey"],
  ["due_at", "dueAt"],
  ["state", "state"],
  ["dm_channel_id", "dmChannelId"],
  ["message_ts", "messageTs"],
  ["channel_fallback_ts", "channelFallbackTs"],
  ["reminders_sent", "remindersSent"],
  ["last_reminder_at", "lastReminderAt"],
  ["escalated_at", "escalatedAt"],
  ["snoozed_until", "snoozedUntil"],
  ["answered_at", "answeredAt"],
  ["attempts", "attempts"],
  ["last_error", "lastError"],
  ["next_attempt_at", "nextAttemptAt"],
  ["claimed_at", "claimedAt"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
] as const;
const RETURNING = COLUMNS.map(([column, key]) => `${column} AS ${key}`).join(", ");

export function createPromptsRepository(db: Db): PromptsRepository {
  const sqlite = db.$client;

  // One statement for the whole pass (the rows as one JSON array): a statement per row costs
  // more in the driver than SQLite spends inserting.
  const insertAll = sqlite.prepare(`
    INSERT INTO prompts (commitment_id, period_key, due_at, state, last_error, created_at,
      updated_at)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, @now, @now
    FROM json_each(@rows) WHERE true
    ON CONFLICT (commitment_id, period_key) DO NOTHING`);

  const byId = db
    .select()
    .from(prompts)
    .where(eq(prompts.id, sql.placeholder("id")))
    .prepare();
  const answered = sqlite.prepare(
    "UPDATE prompts SET state = 'answered', answered_at = @at, updated_at = @at WHERE id = @id",
  );
  const snoozed = sqlite.prepare(
    "UPDATE prompts SET snoozed_until = @until, updated_at = @now WHERE id = @id",
  );
  const newest = sqlite.prepare(`
    SELECT period_key AS periodKey FROM prompts WHERE commitment_id = ?
    ORDER BY due_at DESC, id DESC LIMIT 1`);
  const planAt = sqlite.prepare(`
    UPDATE commitments SET plan_at = j.value ->> 1,
      period_opened_on = COALESCE(j.value ->> 2, period_opened_on)
    FROM json_each(@rows) j
    WHERE commitments.id = j.value ->> 0`);

  const sending = sqlite.prepare(`
    SELECT ${RETURNING} FROM prompts WHERE state = 'sending' AND claimed_at <= @now
    ORDER BY claimed_at, id`);

  const superseded = sqlite.prepare(`
    UPDATE prompts SET state = 'skipped', last_error = 'skipped:superseded', updated_at = @now
    WHERE id IN (
      SELECT p.id FROM prompts p
      WHERE p.state = 'pending' AND p.due_at <= @now
        AND EXISTS (SELECT 1 FROM prompts n
                    WHERE n.commitment_id = p.commitment_id AND n.due_at > p.due_at))`);

  const answeredEarly = sqlite.prepare(`
    UPDATE prompts SET state = 'answered', updated_at = @now,
      answered_at = (SELECT ci.created_at FROM check_ins ci
                     WHERE ci.commitment_id = prompts.commitment_id
                       AND ci.period_key = prompts.period_key)
    WHERE state = 'pending' AND due_at <= @now
      AND EXISTS (SELECT 1 FROM check_ins ci
                  WHERE ci.commitment_id = prompts.commitment_id
                    AND ci.period_key = prompts.period_key)`);

  const unposted = sqlite.prepare(`
    SELECT b.id AS id, c.partnership_id AS partnershipId FROM blockers b
    INDEXED BY blockers_unposted_idx
    JOIN commitments c ON c.id = b.commitment_id
    WHERE b.state = 'open' AND b.message_ts IS NULL AND b.created_at <= @before
    ORDER BY b.id LIMIT 50`);

  // Oldest first, in the pending index's order (due_at, next_attempt_at, rowid): no sort.
  const claim = withLimit(
    sqlite,
    (limit) => `
    UPDATE prompts SET state = 'sending', claimed_at = @now, attempts = attempts + 1,
      next_attempt_at = NULL, updated_at = @now,
      dm_channel_id = COALESCE(
        (SELECT m.dm_channel_id FROM commitments c JOIN members m ON m.id = c.owner_member_id
         WHERE c.id = prompts.commitment_id),
        dm_channel_id)
    WHERE id IN (
      SELECT id FROM prompts
      WHERE state = 'pending' AND due_at <= @now
        AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
      ORDER BY due_at
      LIMIT ${limit})
    RETURNING id`,
  );

  const memberDm = sqlite.prepare(`UPDATE members SET dm_channel_id = ? WHERE id = ?`);
  const promptDm = sqlite.prepare(
    `UPDATE prompts SET dm_channel_id = ?, updated_at = ? WHERE id = ? AND state = 'sending'`,
  );
  const storeDm = sqlite.transaction(
    (promptId: number, memberId: number, channelId: string, now: number) => {
      memberDm.run(channelId, memberId);
      promptDm.run(channelId, now, promptId);
    },
  );

  // An answer may have arrived while the prompt was in flight: keep `answered`, store the ts.
  // The rows as one JSON array. No newer period can close before the shortest period has
  // passed: the silence step need not look at a sent prompt before then (`silence_at`).
  const sent = sqlite.prepare(`
    UPDATE prompts SET state = CASE WHEN state = 'sending' THEN 'sent' ELSE state END,
      dm_channel_id = j.value ->> 'channelId', message_ts = j.value ->> 'ts', last_error = NULL,
      next_attempt_at = NULL, updated_at = @now, silence_at = due_at + ${MIN_PERIOD_MS}
    FROM json_each(@rows) j
    WHERE prompts.id = j.value ->> 'id' AND state IN ('sending', 'answered')`);

  const retry = sqlite.prepare(`
    UPDATE prompts SET state = 'pending', next_attempt_at = @nextAttemptAt,
      last_error = @lastError, updated_at = @now
    WHERE id = @id AND state = 'sending'`);

  const back = sqlite.prepare(`
    UPDATE prompts SET state = 'pending', next_attempt_at = NULL, attempts = MAX(attempts - 1, 0),
      last_error = @lastError, updated_at = @now
    WHERE id = @id AND state = 'sending'`);
  const putBackAll = sqlite.transaction(
    (rows: readonly { id: number; lastError: string | null }[], now: number) => {
      for (const row of rows) back.run({ ...row, now });
    },
  );

  // Two counts, so that each reads its own partial index.
  const unsentDue = sqlite.prepare(`
    SELECT (SELECT count(*) FROM prompts WHERE state = 'pending' AND due_at <= @now)
         + (SELECT count(*) FROM prompts WHERE state = 'sending')`);

  const skip = sqlite.prepare(`
    UPDATE prompts SET state = 'skipped', last_error = @reason, updated_at = @now
    WHERE id = @id AND state IN ('sending', 'pending')`);

  const permanent = sqlite.prepare(`
    UPDATE prompts SET last_error = @lastError, updated_at = @now
    WHERE id = @id AND state = 'sending'`);

  const reported = sqlite.prepare(`
    SELECT 1 FROM prompts p JOIN commitments c ON c.id = p.commitment_id
    WHERE c.owner_member_id = @memberId AND p.id <> @id
      AND p.state IN ('sent', 'failed', 'answered') AND p.last_error LIKE 'permanent:%'
    LIMIT 1`);
  const fallbackEnd = sqlite.prepare(`
    UPDATE prompts SET
      state = CASE WHEN state = 'sending' THEN @state ELSE state END,
      channel_fallback_ts = @ts, last_error = @lastError, next_attempt_at = NULL,
      updated_at = @now
    WHERE id = @id AND state IN ('sending', 'answered')`);
  const finish = sqlite.transaction(
    (id: number, memberId: number, ts: string | null, lastError: string, now: number) => {
      const first = reported.get({ memberId, id }) === undefined;
      const changed = fallbackEnd.run({
        id,
        ts,
        lastError,
        now,
        state: ts === null ? "failed" : "sent",
      }).changes;
      return first && changed === 1;
    },
  );

  const reminderClaim = sqlite.prepare(`
    UPDATE prompts SET reminders_sent = reminders_sent + 1, last_reminder_at = @now,
      updated_at = @now
    WHERE id = @id AND reminders_sent = @expected AND state = 'sent' AND answered_at IS NULL`);
  const reminderRelease = sqlite.prepare(`
    UPDATE prompts SET reminders_sent = reminders_sent - 1, last_reminder_at = @previous,
      next_attempt_at = @nextAttemptAt, last_error = @lastError, updated_at = @now
    WHERE id = @id AND reminders_sent > 0`);
  const lastError = sqlite.prepare(
    `UPDATE prompts SET last_error = ?, updated_at = ? WHERE id = ?`,
  );
  // Only while the partnership's threshold is still at least the one the run was checked
  // against: a threshold lowered meanwhile (during the step's awaits) leaves the run unmarked, so
  // the next tick looks at it with the new one.
  const silenceChecked = sqlite.prepare(`
    UPDATE prompts SET silence_checked = @threshold
    WHERE id = @id AND escalated_at IS NULL
      AND @threshold <= (SELECT pa.silent_periods_before_escalation
                         FROM commitments c JOIN partnerships pa ON pa.id = c.partnership_id
                         WHERE c.id = prompts.commitment_id)`);
  const silenceCheckedAll = sqlite.transaction(
    (rows: readonly { id: number; threshold: number }[]) => {
      for (const row of rows) silenceChecked.run(row);
    },
  );
  // Never a candidate again (docs/definitions.md): an answer after it ends its run, a newer
  // closed answerable period is the newest closed one from now on, and the step never reads
  // further back than its horizon.
  const silenceRetired = sqlite.prepare(`
    UPDATE prompts SET silence_checked = 0
    WHERE id IN (
      SELECT p.id FROM prompts p INDEXED BY prompts_silence_due_idx
      JOIN commitments c ON c.id = p.commitment_id
      JOIN partnerships pa ON pa.id = c.partnership_id
      WHERE p.state = 'sent' AND p.answered_at IS NULL AND p.escalated_at IS NULL
        AND p.silence_checked IS NULL AND p.silence_at <= @now
        AND (p.due_at <= @horizon OR ${followedInRun("p")}))`);
  // A period that is not closed yet is not looked at again before it can be (docs/outbox.md):
  // with a newer prompt, exactly when that prompt's reminder delay has passed
  // (docs/definitions.md); without one, not before the planner's next look at the commitment
  // (`plan_at`; the triggers that move it earlier reset these) nor the shortest period after it.
  const silenceWaiting = sqlite.prepare(`
    UPDATE prompts SET silence_at = COALESCE(
      (SELECT min(k.due_at) FROM prompts k
       WHERE k.commitment_id = prompts.commitment_id AND k.due_at > prompts.due_at)
        + (SELECT pa.reminder_delay_minutes * 60000
           FROM commitments c JOIN partnerships pa ON pa.id = c.partnership_id
           WHERE c.id = prompts.commitment_id),
      max(prompts.due_at + ${MIN_PERIOD_MS},
          (SELECT c.plan_at FROM commitments c WHERE c.id = prompts.commitment_id)))
    WHERE id IN (
      SELECT p.id FROM prompts p INDEXED BY prompts_silence_due_idx
      JOIN commitments c ON c.id = p.commitment_id
      JOIN partnerships pa ON pa.id = c.partnership_id
      WHERE p.state = 'sent' AND p.answered_at IS NULL AND p.escalated_at IS NULL
        AND p.silence_checked IS NULL AND p.silence_at <= @now AND p.due_at > @horizon
        AND c.state = 'active' AND NOT ${closedPeriod("p")})`);
  const escalationClaim = sqlite.prepare(
    `UPDATE prompts SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL`,
  );
  const escalationRelease = sqlite.prepare(`UPDATE prompts SET escalated_at = NULL WHERE id = ?`);
  const blockerClaim = sqlite.prepare(`
    UPDATE blockers SET escalation_level = @to, last_escalated_at = @now
    WHERE id = @id AND escalation_level = @from AND state = 'open'`);
  const blockerRelease = sqlite.prepare(`
    UPDATE blockers SET escalation_level = @from, last_escalated_at = @previous
    WHERE id = @id AND escalation_level = @to`);

  return {
    ...createOutboxQueries(db),
    findById(id) {
      return byId.get({ id });
    },
    newestPeriodKey(commitmentId) {
      return (newest.get(commitmentId) as { periodKey: string } | undefined)?.periodKey;
    },
    markAnswered(id, at) {
      answered.run({ id, at });
    },
    setSnoozed(id, until, now) {
      snoozed.run({ id, until, now });
    },
    insertPlanned(rows, now) {
      if (rows.length === 0) return 0;
      const values = rows.map((r) => [r.commitmentId, r.periodKey, r.dueAt, r.state, r.lastError]);
      return insertAll.run({ rows: JSON.stringify(values), now }).changes;
    },
    planningTransaction(work) {
      return sqlite.transaction(work).immediate();
    },
    setPlanAt(rows) {
      if (rows.length === 0) return;
      const values = rows.map((r) => [r.commitmentId, r.planAt, r.periodOpenedOn]);
      planAt.run({ rows: JSON.stringify(values) });
    },
    listSending() {
      return sending.all({ now: Number.MAX_SAFE_INTEGER }) as Prompt[];
    },
    skipSuperseded(now) {
      return superseded.run({ now }).changes;
    },
    unpostedBlockers(before) {
      return unposted.all({ before }) as { id: number; partnershipId: number }[];
    },
    answerFromCheckIns(now) {
      return answeredEarly.run({ now }).changes;
    },
    claimDue(now, limit) {
      return claim(limit).pluck().all({ now }) as number[];
    },
    storeDmChannel(promptId, memberId, channelId, now) {
      storeDm(promptId, memberId, channelId, now);
    },
    forgetDmChannel(memberId) {
      memberDm.run(null, memberId);
    },
    markSent(id, channelId, ts, now) {
      sent.run({ rows: JSON.stringify([{ id, channelId, ts }]), now });
    },
    markSentAll(rows, now) {
      if (rows.length > 0) sent.run({ rows: JSON.stringify(rows), now });
    },
    markRetry(id, nextAttemptAt, error, now) {
      retry.run({ id, nextAttemptAt, lastError: error, now });
    },
    putBack(rows, now) {
      if (rows.length > 0) putBackAll(rows, now);
    },
    countUnsentDue(now) {
      return unsentDue.pluck().get({ now }) as number;
    },
    markSkipped(id, reason, now) {
      skip.run({ id, reason: `skipped:${reason}`, now });
    },
    markPermanent(id, code, now) {
      permanent.run({ id, lastError: `permanent:${code}`, now });
    },
    finishFallback(id, ownerMemberId, fallbackTs, error, now) {
      return finish(id, ownerMemberId, fallbackTs, error, now);
    },
    claimReminder(id, expected, now) {
      return reminderClaim.run({ id, expected, now }).changes === 1;
    },
    releaseReminder(id, previous, nextAttemptAt, error, now) {
      reminderRelease.run({ id, previous, nextAttemptAt, lastError: error, now });
    },
    setLastError(id, error, now) {
      lastError.run(error, now, id);
    },
    markSilenceChecked(rows) {
      if (rows.length > 0) silenceCheckedAll(rows);
    },
    retireSilenceCandidates(horizon, now) {
      return silenceRetired.run({ horizon, now }).changes;
    },
    deferSilence(horizon, now) {
      return silenceWaiting.run({ horizon, now }).changes;
    },
    claimEscalation(id, now) {
      return escalationClaim.run(now, id).changes === 1;
    },
    releaseEscalation(id) {
      escalationRelease.run(id);
    },
    claimBlockerLevel(id, from, to, now) {
      return blockerClaim.run({ id, from, to, now }).changes === 1;
    },
    releaseBlockerLevel(id, from, to, previous) {
      blockerRelease.run({ id, from, to, previous });
    },
  };
}
