/**
 * Which zone and schedule an owner's check-ins follow, and which period a check-in given now
 * answers (`currentPeriod` in domain/schedule.ts, with the commitment's newest prompt).
 */
import type { CommitmentWithObjectives } from "../../db/repositories/commitments.js";
import type { Member, Partnership } from "../../db/schema.js";
import {
  type CadenceSpec,
  currentPeriod,
  isValidTimeZone,
  type OpenedPeriod,
} from "../../domain/schedule.js";
import type { Weekday } from "../../domain/types.js";

/** The zone a member's check-ins follow: theirs from Slack, else the partnership's. */
export function ownerZone(member: Member | undefined, partnership: Partnership): string {
  const zone = member?.timeZone;
  return zone && isValidTimeZone(zone) ? zone : partnership.timeZone;
}

export function cadenceSpec(
  c: Pick<CommitmentWithObjectives, "cadence" | "checkInWeekday" | "checkInTime" | "startedAt">,
  zone: string,
): CadenceSpec {
  return {
    cadence: c.cadence,
    weekday: c.checkInWeekday as Weekday,
    localTime: c.checkInTime,
    zone,
    anchor: c.startedAt,
  };
}

/** The period a check-in given now answers: the one the planner prompts (or prompted) for. */
export function currentPeriodKey(
  spec: CadenceSpec,
  now: number,
  opened: OpenedPeriod | null,
): string {
  return currentPeriod(spec, now, opened).periodKey;
}
