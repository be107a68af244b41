/**
 * What a person's App Home shows, as plain data: for each partnership they belong to, their own
 * active commitments with status and next check-in; for coordinators also the partnership's
 * health. src/slack/views/home.ts renders it.
 */
import type { Partnership } from "../db/schema.js";
import type { AlignmentGaps } from "../domain/gaps.js";
import type { Role } from "../domain/types.js";
import type { ServiceKit } from "./kit.js";
import {
  type CommitmentLine,
  type EndedCommitments,
  mineSection,
  type PartnershipRef,
  statusReport,
} from "./reading.js";

export interface PartnershipHealth {
  readonly activeCommitments: number;
  readonly atRisk: number;
  readonly offTrack: number;
  readonly noCheckIn: number;
  /** Every alignment gap, silent owners included, as `/poc status` shows them. */
  readonly gaps: AlignmentGaps;
}

export interface HomePartnership {
  readonly partnership: PartnershipRef;
  readonly role: Role;
  /** "YYYY-MM-DD": the person paused their prompts until this date. */
  readonly awayUntil: string | null;
  readonly commitments: readonly CommitmentLine[];
  /** What they closed or dropped, when nothing is open (as `/poc mine` has it). */
  readonly ended: EndedCommitments;
  /** Coordinators only. */
  readonly health: PartnershipHealth | null;
}

export interface HomeData {
  readonly userId: string;
  /** Empty: the person is in no partnership (the Home welcomes them instead). */
  readonly partnerships: readonly HomePartnership[];
}

export interface HomeService {
  /** The Home of one Slack user of a workspace, at `now`. */
  forUser(teamId: string, userId: string, now: number): HomeData;
}

/**
 * How long a partnership's health, computed for one coordinator's Home, serves the next Homes that
 * show it: a change names every coordinator, and their Homes are rebuilt one after another, each
 * reading the partnership's whole health. A change announced for the partnership drops it at
 * once; this limit bounds what no change announces (a period closing with time, the tick's sends,
 * another process's writes).
 */
export const HEALTH_REUSE_MS = 1_000;

export function createHomeService(kit: ServiceKit): HomeService {
  /** Per partnership: its health and when it was computed (the `now` it was computed for). */
  const recent = new Map<number, { readonly at: number; readonly health: PartnershipHealth }>();
  kit.changes.subscribe((change) => {
    recent.delete(change.partnershipId);
  });

  const healthOf = (partnership: Partnership, now: number): PartnershipHealth => {
    const kept = recent.get(partnership.id);
    if (kept !== undefined && now >= kept.at && now - kept.at < HEALTH_REUSE_MS) {
      return kept.health;
    }
    const report = statusReport(kit, partnership, now);
    const health = {
      activeCommitments: report.activeCommitments,
      atRisk: report.byStatus.at_risk,
      offTrack: report.byStatus.off_track,
      noCheckIn: report.byStatus.none,
      gaps: report.gaps,
    };
    recent.set(partnership.id, { at: now, health });
    return health;
  };

  return {
    forUser(teamId, userId, now) {
      const partnerships = kit.context.scopesOf(teamId, userId, now).flatMap((scope) => {
        const role = scope.member?.role;
        if (role === undefined) return [];
        const section = mineSection(kit, scope, now);
        const health = role === "coordinator" ? healthOf(scope.partnership, now) : null;
        return [
          {
            partnership: section.partnership,
            role,
            awayUntil: section.awayUntil,
            commitments: section.commitments,
            ended: section.ended,
            health,
          },
        ];
      });
      return { userId, partnerships };
    },
  };
}
