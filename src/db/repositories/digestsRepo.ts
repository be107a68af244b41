/**
 * The `digests` table: one row per (partnership, digest period key: the slot's local date),
 * unique, so a slot's digest is posted at most once whoever posts it (the tick or `/poc digest post`). Every state change is
 * one guarded UPDATE: `claim` moves `pending` (due) to `posting` and only one caller wins it;
 * `markPosted` / `markRetry` / `markFailed` only move a row out of `posting`.
 *
 * Also the reads the digest needs: the live partnerships with their schedule, and the input of
 * the digest model (`gatherDigestInput`).
 */
import type { DigestInput } from "../../domain/digest.js";
import type { DigestState } from "../../domain/types.js";
import type { Db } from "../index.js";
import { type GatherWindow, gatherDigestInput } from "./digestData.js";
import { jsonRows } from "./jsonRows.js";

export interface DigestRow {
  readonly id: number;
  readonly partnershipId: number;
  readonly periodKey: string;
  readonly state: DigestState;
  readonly channelId: string | null;
  readonly messageTs: string | null;
  readonly postedAt: number | null;
  readonly chartOmitted: boolean;
  readonly error: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly claimedAt: number | null;
  /** Where its window ends and what it knows (null: a row from before migration 0005). */
  readonly windowEnd: number | null;
  readonly asOf: number | null;
}

/** A partnership whose workspace is installed and which is not archived: it gets digests. */
export interface DigestSchedule {
  readonly partnershipId: number;
  readonly channelId: string;
  readonly digestWeekday: number;
  readonly digestTime: string;
  readonly timeZone: string;
  readonly createdAt: number;
}

export interface DigestsRepository {
  liveSchedules(): DigestSchedule[];
  /** Creates the slot's row (pending) unless it exists. True when it was new. */
  insert(
    partnershipId: number,
    slot: { periodKey: string; windowEnd: number; asOf: number },
    now: number,
  ): boolean;
  find(partnershipId: number, periodKey: string): DigestRow | undefined;
  /**
   * The newest settled (posted or failed) digest of a partnership, or the newest before the slot
   * keyed `beforeKey`: a window starts where it ended.
   */
  lastSettled(partnershipId: number, beforeKey?: string): DigestRow | undefined;
  /**
   * pending and due -> posting (attempts + 1), recording the window it is posted with (a retry
   * after the digest time or zone was edited posts with the window of that moment). The row when
   * this caller won it.
   */
  claim(
    partnershipId: number,
    slot: { periodKey: string; windowEnd: number; asOf: number },
    now: number,
  ): DigestRow | undefined;
  markPosted(id: number, channelId: string, ts: string, chartOmitted: boolean, now: number): void;
  /** posting -> pending, not before `nextAttemptAt`. */
  markRetry(id: number, nextAttemptAt: number, error: string, now: number): void;
  /** posting -> failed (never retried). */
  markFailed(id: number, error: string, now: number): void;
  /** Rows left in `posting` since before `before` (a process died mid-post). */
  listStale(before: number): DigestRow[];
  gather(partnershipId: number, window: GatherWindow, now: number): DigestInput;
}

const COLUMNS = `id, partnership_id AS partnershipId, period_key AS periodKey, state,
  channel_id AS channelId, message_ts AS messageTs, posted_at AS postedAt,
  chart_omitted AS chartOmitted, error, attempts, next_attempt_at AS nextAttemptAt,
  claimed_at AS claimedAt, window_end AS windowEnd, as_of AS asOf`;

export function createDigestsRepository(db: Db): DigestsRepository {
  const sqlite = db.$client;
  // Read every minute by the tick: one JSON document rather than a row object per partnership.
  const schedules = sqlite
    .prepare(`
    SELECT ${jsonRows<DigestSchedule>(
      [
        ["partnershipId", "pa.id"],
        ["channelId", "pa.channel_id"],
        ["digestWeekday", "pa.digest_weekday"],
        ["digestTime", "pa.digest_time"],
        ["timeZone", "pa.time_zone"],
        ["createdAt", "pa.created_at"],
      ],
      "pa.id",
    )}
    FROM partnerships pa JOIN workspaces w ON w.id = pa.workspace_id
    WHERE pa.archived_at IS NULL AND w.uninstalled_at IS NULL`)
    .pluck();
  const insert = sqlite.prepare(`
    INSERT INTO digests (partnership_id, period_key, window_end, as_of, state, attempts,
      created_at, updated_at)
    VALUES (@partnershipId, @periodKey, @windowEnd, @asOf, 'pending', 0, @now, @now)
    ON CONFLICT (partnership_id, period_key) DO NOTHING`);
  const find = sqlite.prepare(
    `SELECT ${COLUMNS} FROM digests WHERE partnership_id = ? AND period_key = ?`,
  );
  // Keys are dates, so the greatest key is the newest slot (the unique index serves the read).
  const lastSettled = sqlite.prepare(`
    SELECT ${COLUMNS} FROM digests
    WHERE partnership_id = @partnershipId AND state IN ('posted', 'failed')
      AND period_key < @beforeKey
    ORDER BY period_key DESC LIMIT 1`);
  const claim = sqlite.prepare(`
    UPDATE digests SET state = 'posting', claimed_at = @now, attempts = attempts + 1,
      window_end = @windowEnd, as_of = @asOf, updated_at = @now
    WHERE partnership_id = @partnershipId AND period_key = @periodKey AND state = 'pending'
      AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    RETURNING ${COLUMNS}`);
  const posted = sqlite.prepare(`
    UPDATE digests SET state = 'posted', channel_id = ?, message_ts = ?, chart_omitted = ?,
      posted_at = ?, error = NULL, next_attempt_at = NULL, updated_at = ?
    WHERE id = ? AND state = 'posting'`);
  const retry = sqlite.prepare(`
    UPDATE digests SET state = 'pending', next_attempt_at = ?, error = ?, updated_at = ?
    WHERE id = ? AND state = 'posting'`);
  const failed = sqlite.prepare(`
    UPDATE digests SET state = 'failed', error = ?, updated_at = ?
    WHERE id = ? AND state = 'posting'`);
  const stale = sqlite.prepare(
    `SELECT ${COLUMNS} FROM digests WHERE state = 'posting' AND claimed_at < ? ORDER BY id`,
  );

  const toRow = (row: unknown): DigestRow | undefined => {
    if (row === undefined) return undefined;
    const r = row as DigestRow & { chartOmitted: number | boolean };
    return { ...r, chartOmitted: Boolean(r.chartOmitted) };
  };

  return {
    liveSchedules: () => JSON.parse(schedules.get() as string) as DigestSchedule[],
    insert: (partnershipId, slot, now) => insert.run({ partnershipId, ...slot, now }).changes === 1,
    find: (partnershipId, periodKey) => toRow(find.get(partnershipId, periodKey)),
    // "E" sorts after every "D:" key.
    lastSettled: (partnershipId, beforeKey = "E") =>
      toRow(lastSettled.get({ partnershipId, beforeKey })),
    claim: (partnershipId, slot, now) => toRow(claim.get({ partnershipId, ...slot, now })),
    markPosted(id, channelId, ts, chartOmitted, now) {
      posted.run(channelId, ts, chartOmitted ? 1 : 0, now, now, id);
    },
    markRetry(id, nextAttemptAt, error, now) {
      retry.run(nextAttemptAt, error, now, id);
    },
    markFailed(id, error, now) {
      failed.run(error, now, id);
    },
    listStale: (before) => (stale.all(before) as unknown[]).map((r) => toRow(r) as DigestRow),
    gather: (partnershipId, window, now) => gatherDigestInput(db, partnershipId, window, now),
  };
}
