/**
 * What a person's App Home shows, as plain data: for each partnership they belong to, their own
 * active commitments with status and next check-in; for coordinators also the partnership's
 * health. src/slack/views/home.ts renders it.
 */
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

export function createHomeService(kit: ServiceKit): HomeService {
  return {
    forUser(teamId, userId, now) {
      const partnerships = kit.context.scopesOf(teamId, userId, now).flatMap((scope) => {
        const role = scope.member?.role;
        if (role === undefined) return [];
        const section = mineSection(kit, scope, now);
        let health: PartnershipHealth | null = null;
        if (role === "coordinator") {
          const report = statusReport(kit, scope.partnership, now);
          health = {
            activeCommitments: report.activeCommitments,
            atRisk: report.byStatus.at_risk,
            offTrack: report.byStatus.off_track,
            noCheckIn: report.byStatus.none,
            gaps: report.gaps,
          };
        }
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
