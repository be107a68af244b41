/**
 * Alignment gaps: where the partnership's agreed strategy and its work do not meet
 * (docs/definitions.md, "Alignment gaps"). One model for every surface: the digest, `/poc agenda`,
 * `/poc status` and the coordinators' App Home all call `alignmentGaps`, and
 * src/slack/views/gaps.ts shows it the same way everywhere.
 *
 * Four kinds, each list complete and in a stable order:
 * - objectives: active objectives that no active commitment serves, by id. A link to a retired
 *   objective serves nothing, and a closed or dropped commitment serves nothing either.
 * - organizations: organizations not removed with no active commitment, by name then id.
 * - commitments: active commitments linked to no active objective, by id.
 * - silent owners: taken as given (who is silent is the silence rule's business, see
 *   `silentOwners` of the overview repository), longest silence first, then by member id.
 *
 * The rows may be all of the partnership's (the digest has them in memory) or only the candidates
 * a set-based read narrowed them to (`gapRows` of the overview repository): a row left out there
 * can neither be a gap nor stop another row from being one, so the answer is the same.
 */
import type { CommitmentState, ObjectiveState, Sector } from "./types.js";

export interface GapObjectiveRow {
  readonly id: number;
  readonly title: string;
  readonly state: ObjectiveState;
}

export interface GapOrganizationRow {
  readonly id: number;
  readonly name: string;
  readonly sector: Sector;
  readonly removedAt: number | null;
}

export interface GapCommitmentRow {
  readonly id: number;
  readonly title: string;
  readonly state: CommitmentState;
  readonly organizationId: number;
  readonly organizationName: string;
}

export interface GapLinkRow {
  readonly commitmentId: number;
  readonly objectiveId: number;
}

/** An owner the silence rule found silent. */
export interface GapSilentOwnerRow {
  readonly memberId: number;
  readonly slackUserId: string;
  readonly displayName: string | null;
  readonly organizationName: string | null;
  /** Unanswered periods in a row (the longest run among their commitments). */
  readonly silentPeriods: number;
  /** How many of their active commitments are that silent. */
  readonly silentCommitments: number;
}

export interface GapRows {
  readonly objectives: readonly GapObjectiveRow[];
  readonly organizations: readonly GapOrganizationRow[];
  readonly commitments: readonly GapCommitmentRow[];
  readonly links: readonly GapLinkRow[];
  readonly silentOwners: readonly GapSilentOwnerRow[];
}

export interface GapObjective {
  readonly id: number;
  readonly title: string;
}

export interface GapOrganization {
  readonly id: number;
  readonly name: string;
  readonly sector: Sector;
}

export interface GapCommitment {
  readonly id: number;
  readonly title: string;
  readonly organizationId: number;
  readonly organizationName: string;
}

export interface AlignmentGaps {
  readonly objectives: readonly GapObjective[];
  readonly organizations: readonly GapOrganization[];
  readonly commitments: readonly GapCommitment[];
  readonly silentOwners: readonly GapSilentOwnerRow[];
  /** The four lists' lengths summed: the number every surface shows. */
  readonly total: number;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

function byName(a: GapOrganizationRow, b: GapOrganizationRow): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}

/** Each id once, the first row seen winning (a row read twice is still one gap). */
function unique<T>(rows: readonly T[], key: (row: T) => number): T[] {
  const seen = new Set<number>();
  return rows.filter((row) => {
    const k = key(row);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function alignmentGaps(rows: GapRows): AlignmentGaps {
  const activeObjectives = new Set(
    rows.objectives.filter((o) => o.state === "active").map((o) => o.id),
  );
  const active = unique(
    rows.commitments.filter((c) => c.state === "active"),
    (c) => c.id,
  );
  const activeIds = new Set(active.map((c) => c.id));

  const served = new Set<number>();
  const aligned = new Set<number>();
  for (const link of rows.links) {
    if (!activeIds.has(link.commitmentId) || !activeObjectives.has(link.objectiveId)) continue;
    served.add(link.objectiveId);
    aligned.add(link.commitmentId);
  }
  const busy = new Set(active.map((c) => c.organizationId));

  const objectives = unique(
    rows.objectives.filter((o) => o.state === "active" && !served.has(o.id)),
    (o) => o.id,
  )
    .sort(byId)
    .map((o) => ({ id: o.id, title: o.title }));
  const organizations = unique(
    rows.organizations.filter((o) => o.removedAt === null && !busy.has(o.id)),
    (o) => o.id,
  )
    .sort(byName)
    .map((o) => ({ id: o.id, name: o.name, sector: o.sector }));
  const commitments = active
    .filter((c) => !aligned.has(c.id))
    .sort(byId)
    .map((c) => ({
      id: c.id,
      title: c.title,
      organizationId: c.organizationId,
      organizationName: c.organizationName,
    }));
  const silentOwners = unique(rows.silentOwners, (s) => s.memberId)
    .sort((a, b) => b.silentPeriods - a.silentPeriods || a.memberId - b.memberId)
    .map((s) => ({
      memberId: s.memberId,
      slackUserId: s.slackUserId,
      displayName: s.displayName,
      organizationName: s.organizationName,
      silentPeriods: s.silentPeriods,
      silentCommitments: s.silentCommitments,
    }));

  return {
    objectives,
    organizations,
    commitments,
    silentOwners,
    total: objectives.length + organizations.length + commitments.length + silentOwners.length,
  };
}
