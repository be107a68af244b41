/**
 * The review agenda (`/poc agenda`): what a partnership meeting should discuss, as plain data.
 * Off-track and at-risk commitments, blockers open longer than the escalation threshold,
 * alignment gaps (src/domain/gaps.ts, as everywhere else), decisions due, learnings of the last
 * four weeks. Any member may draft it.
 */
import type {
  AgendaBlocker,
  AgendaCommitment,
  AgendaLearning,
  DecisionView,
} from "../db/repositories/decisions.js";
import type { Partnership } from "../db/schema.js";
import type { AlignmentGaps } from "../domain/gaps.js";
import { localDate } from "../domain/schedule.js";
import type { Caller } from "./context.js";
import type { ServiceKit } from "./kit.js";
import { partnershipGaps } from "./reading.js";

const DAY = 86_400_000;
export const LEARNING_WEEKS = 4;

export interface Agenda {
  readonly partnership: Pick<Partnership, "id" | "name" | "channelId" | "timeZone">;
  /** "YYYY-MM-DD" in the partnership's zone. */
  readonly today: string;
  readonly escalationDays: number;
  readonly commitments: readonly AgendaCommitment[];
  readonly blockers: readonly AgendaBlocker[];
  readonly gaps: AlignmentGaps;
  readonly decisions: readonly DecisionView[];
  readonly learnings: readonly AgendaLearning[];
  readonly now: number;
}

export interface AgendaService {
  /** The agenda of the caller's partnership; members only. */
  draft(caller: Caller, now: number): Agenda;
}

export function createAgendaService(kit: ServiceKit): AgendaService {
  return {
    draft(caller, now) {
      const scope = kit.context.require(caller, "agenda.draft", now);
      const p = scope.partnership;
      const today = localDate(p.timeZone, now);
      return {
        partnership: { id: p.id, name: p.name, channelId: p.channelId, timeZone: p.timeZone },
        today,
        escalationDays: p.blockerEscalationDays,
        commitments: kit.repos.overview.commitmentsWithStatus(p.id, ["off_track", "at_risk"]),
        blockers: kit.repos.overview.openBlockersSince(p.id, now - p.blockerEscalationDays * DAY),
        gaps: partnershipGaps(kit, p, now),
        decisions: kit.repos.overview.decisionsDue(p.id, today),
        learnings: kit.repos.overview.learningsSince(p.id, now - LEARNING_WEEKS * 7 * DAY),
        now,
      };
    },
  };
}
