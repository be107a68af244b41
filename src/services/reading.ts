/**
 * Reading the partnership: `/poc mine` (my commitments, their last status and my next check-in)
 * and `/poc status` (the partnership at a glance). Plain data out; the Slack views render it.
 * The App Home (./home.ts) reuses the same pieces.
 */
import type {
  CommitmentOverview,
  EndedCommitment,
  EndedCommitments,
} from "../db/repositories/overview.js";
import type { Partnership } from "../db/schema.js";
import { type AlignmentGaps, alignmentGaps } from "../domain/gaps.js";
import { authorize } from "../domain/permissions.js";
import { type ProgressMeasure, progressMeasureOf } from "../domain/progress.js";
import { currentPeriod, isValidTimeZone } from "../domain/schedule.js";
import {
  emptyStatusCounts,
  type Sector,
  type Status,
  type StatusCounts,
  type StatusKey,
  type Weekday,
} from "../domain/types.js";
import { type Caller, isDirectMessage, type Scope } from "./context.js";
import type { ServiceKit } from "./kit.js";

/** A commitment as `/poc mine` and the App Home show it. */
export interface CommitmentLine {
  readonly id: number;
  readonly title: string;
  readonly organizationName: string;
  readonly objectives: readonly string[];
  /** null: no check-in yet. */
  readonly status: Status | null;
  /** Its own progress, the last value reported, in the unit of `measure`. */
  readonly progress: number | null;
  readonly measure: ProgressMeasure;
  readonly lastCheckInAt: number | null;
  /** "YYYY-MM-DD" or null. */
  readonly dueDate: string | null;
  readonly cadence: CommitmentOverview["cadence"];
  /** The next check-in slot (epoch ms), or null when it cannot be computed. */
  readonly nextCheckInAt: number | null;
  /** The zone the next check-in follows (the owner's, else the partnership's). */
  readonly zone: string;
}

export interface PartnershipRef {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
}

export interface MineSection {
  readonly partnership: PartnershipRef;
  /** The caller's membership there; false when they are not a member (no commitments). */
  readonly member: boolean;
  /** "YYYY-MM-DD": the caller paused their prompts until this date. */
  readonly awayUntil: string | null;
  readonly commitments: readonly CommitmentLine[];
  /**
   * What the caller closed or dropped here, read only when nothing is open (it is what they are
   * told then, instead of "no commitments yet"); empty while they have active commitments.
   */
  readonly ended: EndedCommitments;
}

export type { EndedCommitment, EndedCommitments };

/** Ended commitments named per state when nothing is open; the rest is a count. */
export const ENDED_SHOWN = 3;

const NOTHING_ENDED: EndedCommitments = {
  closed: { items: [], total: 0 },
  dropped: { items: [], total: 0 },
};

export interface MineResult {
  /** "channel": the partnership of the channel; "all": from a DM, every partnership of the caller. */
  readonly reach: "channel" | "all";
  readonly sections: readonly MineSection[];
}

export interface OrganizationStatus {
  readonly name: string;
  readonly sector: Sector;
  readonly active: number;
  readonly byStatus: StatusCounts;
}

export interface Listed<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface StatusReport {
  readonly partnership: PartnershipRef & { readonly purpose: string | null };
  readonly activeCommitments: number;
  readonly byStatus: StatusCounts;
  /** Every active organization, most active commitments first. */
  readonly organizations: Listed<OrganizationStatus>;
  /** Every alignment gap, silent owners included (docs/definitions.md). */
  readonly gaps: AlignmentGaps;
}

/** How many items of a list a report carries; the rest is a count ("and N more"). */
export const LIST_CAP = 15;

export interface ReadingService {
  mine(caller: Caller, now: number): MineResult;
  status(caller: Caller, now: number): StatusReport;
}

export function partnershipRef(p: Partnership): PartnershipRef {
  return { id: p.id, name: p.name, channelId: p.channelId };
}

/** The next check-in of a commitment, in its owner's zone (else the partnership's). */
export function toLine(
  c: CommitmentOverview,
  partnership: Partnership,
  now: number,
): CommitmentLine {
  const zone =
    c.ownerTimeZone && isValidTimeZone(c.ownerTimeZone) ? c.ownerTimeZone : partnership.timeZone;
  let nextCheckInAt: number | null = null;
  try {
    // The start of the next period: a period already opened is not cut short by an edit.
    nextCheckInAt = currentPeriod(
      {
        cadence: c.cadence,
        weekday: c.checkInWeekday as Weekday,
        localTime: c.checkInTime,
        zone,
        anchor: c.startedAt,
      },
      now,
      { openedOn: c.periodOpenedOn, periodKey: null },
    ).nextStart;
  } catch {
    // A row with a cadence the domain refuses (hand-edited database): show it without a time.
    nextCheckInAt = null;
  }
  return {
    id: c.id,
    title: c.title,
    organizationName: c.organizationName,
    objectives: c.objectives.map((o) => o.title),
    status: c.lastStatus,
    progress: c.lastProgress,
    measure: progressMeasureOf(c.objectives),
    lastCheckInAt: c.lastCheckInAt,
    dueDate: c.dueDate,
    cadence: c.cadence,
    nextCheckInAt,
    zone,
  };
}

/** The caller's active commitments in one scope (none when they are not a member). */
export function commitmentsIn(kit: ServiceKit, scope: Scope, now: number): CommitmentLine[] {
  if (scope.member === undefined) return [];
  return kit.repos.overview
    .activeCommitmentsOf(scope.partnership.id, scope.member.id)
    .map((c) => toLine(c, scope.partnership, now));
}

export function mineSection(kit: ServiceKit, scope: Scope, now: number): MineSection {
  const commitments = commitmentsIn(kit, scope, now);
  const ended =
    scope.member !== undefined && commitments.length === 0
      ? kit.repos.overview.endedCommitmentsOf(scope.partnership.id, scope.member.id, ENDED_SHOWN)
      : NOTHING_ENDED;
  return {
    partnership: partnershipRef(scope.partnership),
    member: scope.member !== undefined,
    awayUntil: scope.member?.awayUntil ?? null,
    commitments,
    ended,
  };
}

function cap<T>(all: readonly T[], max = LIST_CAP): Listed<T> {
  return { items: all.slice(0, max), total: all.length };
}

/**
 * The partnership's alignment gaps at `now`, read set-based (`/poc status`, the App Home and the
 * agenda; the digest computes the same from its own rows). Silent at the partnership's threshold.
 */
export function partnershipGaps(
  kit: ServiceKit,
  partnership: Partnership,
  now: number,
): AlignmentGaps {
  const { overview } = kit.repos;
  return alignmentGaps({
    ...overview.gapRows(partnership.id),
    silentOwners: overview.silentOwners(
      partnership.id,
      partnership.silentPeriodsBeforeEscalation,
      now,
    ),
  });
}

/** The partnership's numbers, for `/poc status` and the coordinators' App Home. */
export function statusReport(kit: ServiceKit, partnership: Partnership, now: number): StatusReport {
  const { overview } = kit.repos;
  const byStatus = emptyStatusCounts();
  const perOrg = new Map<number, Record<StatusKey, number>>();
  let activeCommitments = 0;
  for (const row of overview.statusCounts(partnership.id)) {
    const key: StatusKey = row.status ?? "none";
    byStatus[key] += row.count;
    activeCommitments += row.count;
    const tally = perOrg.get(row.organizationId) ?? emptyStatusCounts();
    tally[key] += row.count;
    perOrg.set(row.organizationId, tally);
  }
  const organizations = overview
    .organizationLoads(partnership.id)
    .map((o) => ({
      name: o.name,
      sector: o.sector,
      active: o.activeCommitments,
      byStatus: perOrg.get(o.id) ?? emptyStatusCounts(),
    }))
    // Most commitments first; ties keep the repository's order (by name). Array.sort is stable.
    .sort((a, b) => b.active - a.active);
  return {
    partnership: { ...partnershipRef(partnership), purpose: partnership.purpose },
    activeCommitments,
    byStatus,
    organizations: cap(organizations),
    gaps: partnershipGaps(kit, partnership, now),
  };
}

export function createReadingService(kit: ServiceKit): ReadingService {
  const { context } = kit;
  return {
    mine(caller, now) {
      // A DM names no partnership (none is ever bound to one): every partnership of the caller.
      if (isDirectMessage(caller.channelId)) {
        const scopes = context.scopesOf(caller.teamId, caller.userId, now);
        return { reach: "all", sections: scopes.map((s) => mineSection(kit, s, now)) };
      }
      // A channel: its partnership, or no_partnership saying what to do.
      const scope = context.scope(caller, now);
      return { reach: "channel", sections: [mineSection(kit, scope, now)] };
    },

    status(caller, now) {
      const scope = context.scope(caller, now);
      authorize(scope.standing, "partnership.read", true);
      return statusReport(kit, scope.partnership, now);
    },
  };
}
