/**
 * Plan: one prompt per commitment for its latest check-in slot <= now, in the owner's zone.
 * Only the latest slot counts, so downtime across several slots yields one prompt. The insert is
 * `ON CONFLICT DO NOTHING` on (commitment, period key), so planning is idempotent across ticks,
 * restarts and processes.
 *
 * Cost (20,000 commitments every minute): one read of every active commitment with its owner's
 * zone; slots are memoised per commitment in this process (the same spec and a `now` still inside
 * the planned period means nothing changed: no slot maths, no insert); the inserts that remain go
 * in one transaction.
 */

import type { PlannedPrompt } from "../../db/repositories/prompts.js";
import { type CadenceSpec, latestSlot } from "../../domain/schedule.js";
import type { Weekday } from "../../domain/types.js";
import { isAway, type OutboxRun, zoneOf } from "./common.js";

interface Planned {
  /** The spec the slot was computed from. */
  readonly spec: string;
  /** The planned slot's period: [at, end). */
  readonly at: number;
  readonly end: number;
}

/** What this process already planned, per commitment id. */
export type PlanMemo = Map<number, Planned>;

export function createPlanMemo(): PlanMemo {
  return new Map();
}

export function plan(run: OutboxRun, memo: PlanMemo): void {
  const { kit, now } = run;
  const rows = kit.repos.prompts.activeForPlanning();
  const inserts: PlannedPrompt[] = [];
  const planned: Array<[number, Planned]> = [];
  const seen = new Set<number>();
  for (const row of rows) {
    seen.add(row.commitmentId);
    const zone = zoneOf(row.ownerZone, row.partnershipZone);
    const key = `${row.cadence}|${row.weekday}|${row.localTime}|${zone}|${row.startedAt}`;
    const known = memo.get(row.commitmentId);
    if (known !== undefined && known.spec === key && known.at <= now && now < known.end) continue;
    const spec: CadenceSpec = {
      cadence: row.cadence,
      weekday: row.weekday as Weekday,
      localTime: row.localTime,
      zone,
      anchor: row.startedAt,
    };
    let slot: ReturnType<typeof latestSlot>;
    try {
      slot = latestSlot(spec, now);
    } catch (error) {
      run.logger.warn(`commitment ${row.commitmentId} has no valid schedule:`, error);
      continue;
    }
    if (slot === null) continue; // before its first slot
    let state: PlannedPrompt["state"] = "pending";
    let lastError: string | null = null;
    if (row.ownerRemoved) {
      state = "skipped";
      lastError = "skipped:owner_removed";
    } else if (isAway(row.awayUntil, slot.at, zone)) {
      state = "skipped";
      lastError = "skipped:away";
    }
    inserts.push({
      commitmentId: row.commitmentId,
      periodKey: slot.periodKey,
      dueAt: slot.at,
      state,
      lastError,
    });
    planned.push([row.commitmentId, { spec: key, at: slot.at, end: slot.periodEnd }]);
  }
  run.counters.planned += kit.repos.prompts.insertPlanned(inserts, now);
  for (const [id, entry] of planned) memo.set(id, entry);
  // Forget commitments that are no longer active, so the memo never outgrows the active set.
  if (memo.size > seen.size) {
    for (const id of memo.keys()) if (!seen.has(id)) memo.delete(id);
  }
}
