/**
 * Plan: one prompt per commitment for its latest check-in slot <= now, in the owner's zone.
 * Only the latest slot counts, so downtime across several slots yields one prompt. The insert is
 * `ON CONFLICT DO NOTHING` on (commitment, period key), so planning is idempotent across ticks,
 * restarts and processes.
 *
 * Cost: each commitment carries `plan_at`, the instant of its next slot (0: look at once). The
 * planner reads only commitments whose `plan_at` has come, through a partial index, so a tick with
 * nothing due reads no commitment, cold or warm, and 5,000 due commitments cost 5,000 slot
 * computations. After planning, `plan_at` moves to the next slot (the period's end). Triggers
 * (migrations/0001_plan_at.sql) reset it to 0 whenever a schedule input changes (cadence, weekday,
 * time, start, owner, state, the owner's or the partnership's zone), whoever changes it. The read,
 * the inserts and the new `plan_at` values are one transaction.
 */

import type { PlannedPrompt } from "../../db/repositories/prompts.js";
import { type CadenceSpec, latestSlot, nextSlot } from "../../domain/schedule.js";
import type { Weekday } from "../../domain/types.js";
import { isAway, type OutboxRun, zoneOf } from "./common.js";

/** A commitment whose schedule cannot be computed (say, a zone Slack no longer knows) waits this long. */
export const INVALID_SCHEDULE_RETRY_MS = 60 * 60_000;

export function plan(run: OutboxRun): void {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  run.counters.planned += repo.planningTransaction(() => {
    const inserts: PlannedPrompt[] = [];
    const next: { commitmentId: number; planAt: number }[] = [];
    for (const row of repo.dueForPlanning(now)) {
      const zone = zoneOf(row.ownerZone, row.partnershipZone);
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
        if (slot === null) {
          // Before its first slot: nothing to plan until then.
          next.push({ commitmentId: row.commitmentId, planAt: nextSlot(spec, now).at });
          continue;
        }
      } catch (error) {
        run.logger.warn(`commitment ${row.commitmentId} has no valid schedule:`, error);
        next.push({ commitmentId: row.commitmentId, planAt: now + INVALID_SCHEDULE_RETRY_MS });
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
      next.push({ commitmentId: row.commitmentId, planAt: slot.periodEnd });
    }
    const inserted = repo.insertPlanned(inserts, now);
    repo.setPlanAt(next);
    return inserted;
  });
}
