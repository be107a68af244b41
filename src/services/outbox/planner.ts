/**
 * Plan: one prompt per commitment and period, for its latest check-in slot <= now, in the owner's
 * zone. Only the latest slot counts, so downtime across several slots yields one prompt. The
 * insert is `ON CONFLICT DO NOTHING` on (commitment, period key), so planning is idempotent across
 * ticks, restarts and processes.
 *
 * A prompt opens a period, whatever is edited later: the planner stores the slot's local date in
 * `period_opened_on`, and `currentPeriod` (domain/schedule.ts) lets the latest slot begin a new
 * period only in a later week (fortnight, month) than that date. So a check-in day moved right
 * after answering brings no second prompt that week.
 *
 * Cost: each commitment carries `plan_at`, the instant of its next slot (0: look at once). The
 * planner reads only commitments whose `plan_at` has come, through a partial index, so a tick with
 * nothing due reads no commitment, cold or warm, and 5,000 due commitments cost 5,000 slot
 * computations. After planning, `plan_at` moves to the start of the next period. Triggers
 * (migrations/0001_tick_indexes.sql) reset it to 0 whenever a schedule input changes (cadence,
 * weekday, time, start, owner, state, the owner's or the partnership's zone), whoever changes it;
 * nothing resets `period_opened_on`. The read, the inserts and the new values are one transaction.
 */

import type { PlanningRow } from "../../db/repositories/outbox.js";
import type { PlannedPrompt, PlanningUpdate } from "../../db/repositories/prompts.js";
import { type CadenceSpec, type CurrentPeriod, currentPeriod } from "../../domain/schedule.js";
import type { Weekday } from "../../domain/types.js";
import { isAway, type OutboxRun, zoneOf } from "./common.js";

/** A commitment whose schedule cannot be computed (say, a zone Slack no longer knows) waits this long. */
export const INVALID_SCHEDULE_RETRY_MS = 60 * 60_000;

export function plan(run: OutboxRun): void {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  run.counters.planned += repo.planningTransaction(() => {
    const inserts: PlannedPrompt[] = [];
    const next: PlanningUpdate[] = [];
    const periodOf = memoisedPeriods(now);
    for (const row of repo.dueForPlanning(now)) {
      const zone = zoneOf(row.ownerZone, row.partnershipZone);
      const period = periodOf(row, zone);
      if (period instanceof Error) {
        run.logger.warn(`commitment ${row.commitmentId} has no valid schedule:`, period);
        next.push({
          commitmentId: row.commitmentId,
          planAt: now + INVALID_SCHEDULE_RETRY_MS,
          periodOpenedOn: null,
        });
        continue;
      }
      const slot = period.slot;
      if (slot === null) {
        // Before the first slot, or inside a period opened under an earlier schedule.
        next.push({
          commitmentId: row.commitmentId,
          planAt: period.nextStart,
          periodOpenedOn: null,
        });
        continue;
      }
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
      // Also when the insert conflicts: the period exists either way.
      next.push({
        commitmentId: row.commitmentId,
        planAt: slot.periodEnd,
        periodOpenedOn: slot.date,
      });
    }
    const inserted = repo.insertPlanned(inserts, now);
    repo.setPlanAt(next);
    return inserted;
  });
}

/**
 * `currentPeriod` per distinct schedule within one pass: commitments share few (a roster's owners
 * check in at the same local time), so 20,000 commitments cost a handful of slot computations. A
 * schedule that cannot be computed (a zone Slack no longer knows) gives its Error.
 */
function memoisedPeriods(now: number): (row: PlanningRow, zone: string) => CurrentPeriod | Error {
  const periods = new Map<string, CurrentPeriod | Error>();
  return (row, zone) => {
    const key = `${row.cadence}|${row.weekday}|${row.localTime}|${zone}|${row.startedAt}|${row.periodOpenedOn}`;
    let period = periods.get(key);
    if (period === undefined) {
      const spec: CadenceSpec = {
        cadence: row.cadence,
        weekday: row.weekday as Weekday,
        localTime: row.localTime,
        zone,
        anchor: row.startedAt,
      };
      try {
        period = currentPeriod(spec, now, { openedOn: row.periodOpenedOn, periodKey: null });
      } catch (error) {
        period = error instanceof Error ? error : new Error(String(error));
      }
      periods.set(key, period);
    }
    return period;
  };
}
