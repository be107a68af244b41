/**
 * The tick's reads across tables (planning, sending, reminders, silence, blockers, time zones),
 * as prepared statements over the raw connection: they run every minute, some over every active
 * commitment. `prompts.ts` composes them into the prompts repository, so services reach them as
 * `kit.repos.prompts.*`. Every read repeats the condition of the partial index it relies on
 * (see the `prompts` table in ../schema.ts).
 *
 * What "live" means everywhere here: the partnership is not archived and its workspace is not
 * uninstalled (`workspaces.uninstalled_at IS NULL`).
 */
import type { Cadence, CommitmentState, PromptState } from "../../domain/types.js";
import { type Db, withLimit } from "../index.js";
import { asBoolean, jsonRows } from "./jsonRows.js";

/** One active commitment with what its slot maths needs. */
export interface PlanningRow {
  readonly commitmentId: number;
  readonly cadence: Cadence;
  readonly weekday: number;
  readonly localTime: string;
  readonly startedAt: number;
  /** `commitments.period_opened_on`: the newest prompt's local slot date (null: none). */
  readonly periodOpenedOn: string | null;
  /** The owner's cached zone (null when Slack gave none). */
  readonly ownerZone: string | null;
  readonly partnershipZone: string;
  readonly awayUntil: string | null;
  readonly ownerRemoved: boolean;
}

/** Everything the send step checks before a prompt goes out. */
export interface SendContext {
  readonly promptId: number;
  readonly commitmentState: CommitmentState;
  readonly ownerMemberId: number;
  readonly ownerUserId: string;
  readonly ownerZone: string | null;
  readonly ownerRemoved: boolean;
  readonly awayUntil: string | null;
  readonly partnershipId: number;
  readonly partnershipName: string;
  readonly partnershipZone: string;
  readonly channelId: string;
  readonly archived: boolean;
  readonly uninstalled: boolean;
}

/** A sent, unanswered prompt that may be due for its one reminder. */
export interface ReminderRow {
  readonly promptId: number;
  readonly partnershipId: number;
  readonly remindersSent: number;
  readonly lastReminderAt: number | null;
  readonly snoozedUntil: number | null;
  readonly dmChannelId: string | null;
  readonly messageTs: string | null;
  readonly channelFallbackTs: string | null;
  readonly channelId: string;
  readonly ownerZone: string | null;
  readonly partnershipZone: string;
  readonly awayUntil: string | null;
}

/** The newest closed, unanswered period of a commitment not yet marked as escalated. */
export interface SilenceCandidate {
  readonly promptId: number;
  readonly dueAt: number;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly partnershipId: number;
  readonly partnershipName: string;
  readonly channelId: string;
  readonly ownerUserId: string;
  readonly threshold: number;
}

/** One prompt of a commitment as the silence rule reads it, newest first. */
export interface ConsideredPrompt {
  readonly id: number;
  readonly unanswered: boolean;
  readonly escalatedAt: number | null;
}

export interface BlockerDue {
  readonly blockerId: number;
  readonly text: string;
  readonly level: number;
  readonly lastEscalatedAt: number | null;
  readonly createdAt: number;
  readonly escalationDays: number;
  readonly messageTs: string | null;
  readonly commitmentTitle: string;
  readonly ownerUserId: string;
  readonly partnershipId: number;
  readonly partnershipName: string;
  readonly channelId: string;
}

/** A member whose cached zone is older than the cut-off. */
export interface StaleZone {
  readonly memberId: number;
  readonly partnershipId: number;
  readonly slackUserId: string;
  readonly teamId: string;
}

/**
 * A prompt with its commitment, organization, partnership, owner, objectives and the
 * commitment's newest check-in: what the send step needs to post it (the prompt's own delivery
 * fields), checks first (SendContext) and what its message shows, in one row.
 */
export interface PromptRow extends SendContext {
  readonly periodKey: string;
  readonly dueAt: number;
  readonly state: PromptState;
  readonly dmChannelId: string | null;
  readonly lastError: string | null;
  readonly attempts: number;
  readonly commitmentId: number;
  readonly title: string;
  readonly organizationName: string;
  readonly dueDate: string | null;
  readonly cadence: Cadence;
  readonly currentStatus: "on_track" | "at_risk" | "off_track" | "done" | null;
  readonly progress: number | null;
  readonly lastCheckInAt: number | null;
  /** The newest `check_ins` row of the commitment (by creation, then id), if any. */
  readonly lastCheckIn: CheckInRow | null;
  /**
   * The active objectives the commitment serves, by id: what its prompt shows, and what decides
   * (as in the check-in modal) whether its progress is a percent or an indicator's value.
   */
  readonly objectives: readonly ObjectiveRow[];
}

export interface ObjectiveRow {
  readonly title: string;
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
}

export interface CheckInRow {
  readonly status: "on_track" | "at_risk" | "off_track" | "done";
  readonly progress: number | null;
  readonly whatMoved: string | null;
  readonly nextStep: string | null;
  readonly at: number;
}

export interface OutboxQueries {
  /** Every active commitment of a live partnership, with its owner's zone: one query. */
  /** Active commitments in live partnerships whose `plan_at` has come (0: at once). */
  dueForPlanning(now: number): PlanningRow[];
  sendContext(promptId: number): SendContext | undefined;
  /**
   * Sent, unanswered prompts of active commitments in live partnerships that are owed a reminder
   * at `now` (delay or snooze passed, not retried too soon) and whose period is not over (no newer
   * prompt for the commitment).
   */
  reminderCandidates(now: number): ReminderRow[];
  /**
   * Per active commitment whose newest closed answerable period (docs/definitions.md) is sent,
   * unanswered and not marked, with no answer after it: what the silence rule needs. The streak
   * itself is counted with `consideredPrompts`.
   */
  silenceCandidates(now: number): SilenceCandidate[];
  /**
   * A commitment's prompts due at or before `upTo` that count for silence (sent, failed or
   * answered), newest first (at most 1,000), read lazily: a caller that stops at the first
   * answered one reads only the run, not the history.
   */
  consideredPrompts(commitmentId: number, upTo: number): Iterable<ConsideredPrompt>;
  /** Open blockers in live partnerships old enough for their next escalation level. */
  blockersDue(now: number): BlockerDue[];
  /** Active owners in live partnerships whose zone was fetched before `before` (or never). */
  staleZones(before: number, limit: number): StaleZone[];
  /** The prompts' rows in one read, in no particular order (unknown ids are absent). */
  promptRows(promptIds: readonly number[]): PromptRow[];
}

const LIVE = `pa.archived_at IS NULL AND w.uninstalled_at IS NULL`;

/**
 * A reminder is due within a week (the longest reminder delay) of its prompt, well inside this:
 * the reminder read only looks at prompts due within it, so the partial index on `due_at` reads
 * the current period's rows, not two years of history.
 */
export const CURRENT_PERIOD_HORIZON_MS = 40 * 86_400_000;
/**
 * How far back the silence step looks. A run is told when its last period closes: up to the
 * longest period (a monthly one of five weeks, or one a schedule edit drew out by up to another
 * period) plus the longest reminder delay (168 h) after its prompt. Ten weeks covers both.
 */
export const SILENCE_HORIZON_MS = 70 * 86_400_000;
/** The shortest period: a week, less the hour a spring-forward change takes out of it. */
export const MIN_PERIOD_MS = 7 * 86_400_000 - 60 * 60_000;

/**
 * SQL: the period of prompt `p` is closed (docs/definitions.md, "Unanswered period"): a newer
 * prompt of its commitment was due at least the partnership's (`pa`) reminder delay before @now.
 */
export const closedPeriod = (p: string) => `EXISTS (SELECT 1 FROM prompts k
  WHERE k.commitment_id = ${p}.commitment_id AND k.due_at > ${p}.due_at
    AND k.due_at <= @now - pa.reminder_delay_minutes * 60000)`;

/**
 * SQL: prompt `p` can no longer end a silent run as its newest closed period: a newer prompt was
 * answered (an answer ends the run), or is itself a closed answerable period.
 */
export const followedInRun = (p: string) => `EXISTS (SELECT 1 FROM prompts n
  WHERE n.commitment_id = ${p}.commitment_id AND n.due_at > ${p}.due_at
    AND (n.state = 'answered' OR n.answered_at IS NOT NULL
         OR (n.state IN ('sent', 'failed') AND ${closedPeriod("n")})))`;
// Those two reads name their partial index (INDEXED BY): left to itself, SQLite may start from
// the 20,000 active commitments instead of the handful of prompts waiting for the step, and a
// missing index then fails loudly at start-up instead of slowing every tick.

/** The fields of a PlanningRow. */
const PLANNING_ROW: readonly (readonly [keyof PlanningRow, string])[] = [
  ["commitmentId", "c.id"],
  ["cadence", "c.cadence"],
  ["weekday", "c.check_in_weekday"],
  ["localTime", "c.check_in_time"],
  ["startedAt", "c.started_at"],
  ["periodOpenedOn", "c.period_opened_on"],
  ["ownerZone", "m.time_zone"],
  ["partnershipZone", "pa.time_zone"],
  ["awayUntil", "m.away_until"],
  ["ownerRemoved", asBoolean("m.removed_at IS NOT NULL")],
];

/** The fields of a PromptRow. */
const PROMPT_ROW: readonly (readonly [keyof PromptRow, string])[] = [
  ["promptId", "p.id"],
  ["periodKey", "p.period_key"],
  ["dueAt", "p.due_at"],
  ["state", "p.state"],
  ["dmChannelId", "p.dm_channel_id"],
  ["lastError", "p.last_error"],
  ["attempts", "p.attempts"],
  ["commitmentId", "c.id"],
  ["commitmentState", "c.state"],
  ["title", "c.title"],
  ["organizationName", "o.name"],
  ["dueDate", "c.due_date"],
  ["cadence", "c.cadence"],
  ["currentStatus", "c.current_status"],
  ["progress", "c.progress"],
  ["lastCheckInAt", "c.last_check_in_at"],
  ["ownerMemberId", "m.id"],
  ["ownerUserId", "m.slack_user_id"],
  ["ownerZone", "m.time_zone"],
  ["ownerRemoved", asBoolean("m.removed_at IS NOT NULL")],
  ["awayUntil", "m.away_until"],
  ["partnershipId", "pa.id"],
  ["partnershipName", "pa.name"],
  ["partnershipZone", "pa.time_zone"],
  ["channelId", "pa.channel_id"],
  ["archived", asBoolean("pa.archived_at IS NOT NULL")],
  ["uninstalled", asBoolean("w.uninstalled_at IS NOT NULL")],
  [
    "lastCheckIn",
    `json((SELECT json_object('status', n.status, 'progress', n.progress, 'whatMoved', n.what_moved,
        'nextStep', n.next_step, 'at', COALESCE(n.edited_at, n.created_at))
      FROM check_ins n WHERE n.commitment_id = c.id
      ORDER BY n.created_at DESC, n.id DESC LIMIT 1))`,
  ],
  [
    "objectives",
    `json((SELECT json_group_array(json_object('title', ob.title, 'indicator', ob.indicator,
        'unit', ob.unit, 'baseline', ob.baseline, 'target', ob.target) ORDER BY ob.id)
      FROM commitment_objectives co JOIN objectives ob ON ob.id = co.objective_id
      WHERE co.commitment_id = c.id AND ob.state = 'active'))`,
  ],
];

export function createOutboxQueries(db: Db): OutboxQueries {
  const sqlite = db.$client;

  const planning = sqlite
    .prepare(`
    SELECT ${jsonRows(PLANNING_ROW)}
    FROM commitments c INDEXED BY commitments_plan_at_idx
    JOIN partnerships pa ON pa.id = c.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    JOIN members m ON m.id = c.owner_member_id
    WHERE c.state = 'active' AND c.plan_at <= @now AND ${LIVE}`)
    .pluck();

  // A snoozed prompt comes back once even when the partnership sends no reminders: the owner
  // asked for it. Either way at most one reminder, so at most two bot messages per period.
  // Two index ranges: prompts not snoozed whose reminder delay has passed (no partnership's is
  // shorter than the shortest, so the prompts of the current minutes are not even read), and
  // snoozed ones whose snooze has ended.
  const owed = `p.state = 'sent' AND p.reminders_sent = 0 AND p.answered_at IS NULL
      AND p.due_at > @horizon
      AND c.state = 'active' AND m.removed_at IS NULL AND ${LIVE}
      AND (p.message_ts IS NOT NULL OR p.channel_fallback_ts IS NOT NULL)
      AND (p.next_attempt_at IS NULL OR p.next_attempt_at <= @now)
      AND NOT EXISTS (SELECT 1 FROM prompts n
                      WHERE n.commitment_id = p.commitment_id AND n.due_at > p.due_at)`;
  const reminderFrom = (index: string) => `
    SELECT p.id AS promptId, pa.id AS partnershipId, p.reminders_sent AS remindersSent,
      p.last_reminder_at AS lastReminderAt, p.snoozed_until AS snoozedUntil,
      p.dm_channel_id AS dmChannelId, p.message_ts AS messageTs,
      p.channel_fallback_ts AS channelFallbackTs, pa.channel_id AS channelId,
      m.time_zone AS ownerZone, pa.time_zone AS partnershipZone, m.away_until AS awayUntil,
      p.due_at AS dueAt
    FROM prompts p INDEXED BY ${index}
    JOIN commitments c ON c.id = p.commitment_id
    JOIN partnerships pa ON pa.id = c.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    JOIN members m ON m.id = c.owner_member_id`;
  const reminders = sqlite.prepare(`
    SELECT promptId, partnershipId, remindersSent, lastReminderAt, snoozedUntil, dmChannelId,
      messageTs, channelFallbackTs, channelId, ownerZone, partnershipZone, awayUntil
    FROM (
      ${reminderFrom("prompts_unreminded_due_idx")}
      WHERE ${owed} AND p.snoozed_until IS NULL
        AND p.due_at <= @now - 60000 * (
          SELECT COALESCE(min(reminder_delay_minutes), 0) FROM partnerships
          WHERE max_reminders > 0)
        AND pa.max_reminders > 0
        AND @now >= p.due_at + pa.reminder_delay_minutes * 60000
      UNION ALL
      ${reminderFrom("prompts_snoozed_idx")}
      WHERE ${owed} AND p.snoozed_until IS NOT NULL AND p.snoozed_until <= @now)
    ORDER BY dueAt, promptId`);

  // A candidate is the newest closed period (docs/definitions.md, "Unanswered period"): a newer
  // prompt was due at least the reminder delay ago. Nothing newer may be answered (an answer in
  // the open period ends the run) or be a closed answerable period itself (then it is the
  // candidate). No period is shorter than a week less a daylight-saving hour, so a prompt due
  // less than MIN_PERIOD_MS ago cannot be closed: the index range skips the current periods.
  const silence = sqlite.prepare(`
    SELECT p.id AS promptId, p.due_at AS dueAt, c.id AS commitmentId,
      c.title AS commitmentTitle, pa.id AS partnershipId, pa.name AS partnershipName,
      pa.channel_id AS channelId, m.slack_user_id AS ownerUserId,
      pa.silent_periods_before_escalation AS threshold
    FROM prompts p INDEXED BY prompts_silence_due_idx
    JOIN commitments c ON c.id = p.commitment_id
    JOIN partnerships pa ON pa.id = c.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    JOIN members m ON m.id = c.owner_member_id
    WHERE p.state = 'sent' AND p.answered_at IS NULL AND p.escalated_at IS NULL
      AND p.silence_checked IS NULL AND p.silence_at <= @now
      AND p.due_at > @horizon AND p.due_at <= @youngest
      AND c.state = 'active' AND m.removed_at IS NULL AND ${LIVE}
      AND ${closedPeriod("p")} AND NOT ${followedInRun("p")}
    ORDER BY p.id`);

  // The run counted back from the candidate: every prompt older than a closed one is closed too.
  const considered = sqlite.prepare(`
    SELECT p.id AS id, (p.state IN ('sent', 'failed') AND p.answered_at IS NULL) AS unanswered,
      p.escalated_at AS escalatedAt
    FROM prompts p
    WHERE p.commitment_id = ? AND p.due_at <= ?
      AND (p.state IN ('sent', 'failed', 'answered') OR p.answered_at IS NOT NULL)
    ORDER BY p.due_at DESC, p.id DESC
    LIMIT 1000`);

  // The first age test uses the shortest escalation period of any partnership and the blocker's
  // own columns: blockers already told at their level are passed over before any join.
  const blockers = sqlite.prepare(`
    SELECT b.id AS blockerId, b.text AS text, b.escalation_level AS level,
      b.last_escalated_at AS lastEscalatedAt, b.created_at AS createdAt, pa.blocker_escalation_days AS escalationDays,
      b.message_ts AS messageTs, c.title AS commitmentTitle, m.slack_user_id AS ownerUserId,
      pa.id AS partnershipId, pa.name AS partnershipName, pa.channel_id AS channelId
    FROM blockers b INDEXED BY blockers_open_age_idx
    JOIN commitments c ON c.id = b.commitment_id
    JOIN partnerships pa ON pa.id = c.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    JOIN members m ON m.id = c.owner_member_id
    WHERE b.state = 'open'
      AND b.created_at <= @now - 86400000 * (b.escalation_level + 1) * (
        SELECT COALESCE(min(blocker_escalation_days), 0) FROM partnerships)
      AND ${LIVE}
      AND @now - b.created_at >= pa.blocker_escalation_days * 86400000 * (b.escalation_level + 1)
    ORDER BY b.created_at, b.id`);

  // The queue's head in index order (never looked up counts as 0; `before` is always later).
  const zones = withLimit(
    sqlite,
    (limit) => `
    SELECT m.id AS memberId, m.partnership_id AS partnershipId, m.slack_user_id AS slackUserId,
      w.team_id AS teamId
    FROM members m INDEXED BY members_zone_fetched_idx
    JOIN partnerships pa ON pa.id = m.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    WHERE m.removed_at IS NULL AND COALESCE(m.time_zone_fetched_at, 0) < @before AND ${LIVE}
      AND EXISTS (SELECT 1 FROM commitments c
                  WHERE c.owner_member_id = m.id AND c.state = 'active')
    ORDER BY COALESCE(m.time_zone_fetched_at, 0), m.id
    LIMIT ${limit}`,
  );

  const promptRow = sqlite
    .prepare(`
    SELECT ${jsonRows(PROMPT_ROW)}
    FROM prompts p
    JOIN commitments c ON c.id = p.commitment_id
    JOIN organizations o ON o.id = c.organization_id
    JOIN partnerships pa ON pa.id = c.partnership_id
    JOIN workspaces w ON w.id = pa.workspace_id
    JOIN members m ON m.id = c.owner_member_id
    WHERE p.id IN (SELECT value FROM json_each(?))`)
    .pluck();

  /** SQLite answers 0/1: turns the named columns of a fresh row into booleans, in place. */
  const bool = <T extends object>(row: T, ...keys: (keyof T)[]): T => {
    const writable = row as Record<keyof T, unknown>;
    for (const key of keys) writable[key] = Boolean(writable[key]);
    return row;
  };

  const promptRows = (promptIds: readonly number[]): PromptRow[] => {
    if (promptIds.length === 0) return [];
    return JSON.parse(promptRow.get(JSON.stringify(promptIds)) as string) as PromptRow[];
  };

  return {
    dueForPlanning(now) {
      return JSON.parse(planning.get({ now }) as string) as PlanningRow[];
    },
    sendContext(promptId) {
      return promptRows([promptId])[0];
    },
    promptRows,
    reminderCandidates(now) {
      return reminders.all({ now, horizon: now - CURRENT_PERIOD_HORIZON_MS }) as ReminderRow[];
    },
    silenceCandidates(now) {
      return silence.all({
        now,
        horizon: now - SILENCE_HORIZON_MS,
        youngest: now - MIN_PERIOD_MS,
      }) as SilenceCandidate[];
    },
    *consideredPrompts(commitmentId, upTo) {
      for (const row of considered.iterate(commitmentId, upTo) as Iterable<ConsideredPrompt>) {
        yield bool(row, "unanswered");
      }
    },
    blockersDue(now) {
      return blockers.all({ now }) as BlockerDue[];
    },
    staleZones(before, limit) {
      return zones(limit).all({ before }) as StaleZone[];
    },
  };
}
