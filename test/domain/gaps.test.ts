/**
 * The alignment-gap model (src/domain/gaps.ts) on hand-made rows: which objectives,
 * organizations, commitments and silent owners are gaps, in what order, and that the rows a
 * set-based read narrows to give the same answer as every row.
 */
import { describe, expect, it } from "vitest";
import {
  type AlignmentGaps,
  alignmentGaps,
  type GapCommitmentRow,
  type GapObjectiveRow,
  type GapOrganizationRow,
  type GapRows,
  type GapSilentOwnerRow,
} from "../../src/domain/gaps.js";

const objective = (id: number, state: GapObjectiveRow["state"] = "active"): GapObjectiveRow => ({
  id,
  title: `Objective ${id}`,
  state,
});
const org = (id: number, name: string, removedAt: number | null = null): GapOrganizationRow => ({
  id,
  name,
  sector: "business",
  removedAt,
});
const commitment = (
  id: number,
  organizationId: number,
  state: GapCommitmentRow["state"] = "active",
): GapCommitmentRow => ({
  id,
  title: `Commitment ${id}`,
  state,
  organizationId,
  organizationName: `Org ${organizationId}`,
});
const silent = (memberId: number, silentPeriods: number): GapSilentOwnerRow => ({
  memberId,
  slackUserId: `U${memberId}`,
  displayName: `Person ${memberId}`,
  organizationName: null,
  silentPeriods,
  silentCommitments: 1,
});

function rows(over: Partial<GapRows>): GapRows {
  return {
    objectives: [],
    organizations: [],
    commitments: [],
    links: [],
    silentOwners: [],
    ...over,
  };
}

/** The model as ids per kind, and its total. */
function ids(g: AlignmentGaps) {
  return {
    objectives: g.objectives.map((o) => o.id),
    organizations: g.organizations.map((o) => o.id),
    commitments: g.commitments.map((c) => c.id),
    silentOwners: g.silentOwners.map((s) => s.memberId),
    total: g.total,
  };
}

const none = { objectives: [], organizations: [], commitments: [], silentOwners: [], total: 0 };

describe("alignment gaps", () => {
  it.each<[string, Partial<GapRows>, Partial<ReturnType<typeof ids>>]>([
    ["when there is nothing, then there is no gap", {}, {}],
    [
      "when an active commitment serves an active objective, then neither is a gap nor its organization",
      {
        objectives: [objective(1)],
        organizations: [org(1, "Acme")],
        commitments: [commitment(1, 1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
      },
      {},
    ],
    [
      "when nothing serves an objective, then it is a gap",
      { objectives: [objective(1)] },
      { objectives: [1], total: 1 },
    ],
    [
      "when only closed or dropped work served an objective, then it is a gap, and so is the organization",
      {
        objectives: [objective(1)],
        organizations: [org(1, "Acme")],
        commitments: [commitment(1, 1, "closed"), commitment(2, 1, "dropped")],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
      },
      { objectives: [1], organizations: [1], total: 2 },
    ],
    [
      "when a retired objective is served by nothing, then it is no gap",
      { objectives: [objective(1, "retired")] },
      {},
    ],
    [
      "when a commitment's only link is to a retired objective, then the commitment serves nothing",
      {
        objectives: [objective(1, "retired")],
        organizations: [org(1, "Acme")],
        commitments: [commitment(1, 1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
      },
      { commitments: [1], total: 1 },
    ],
    [
      "when a commitment links to an objective not among the rows (another partnership's), then it serves nothing",
      {
        organizations: [org(1, "Acme")],
        commitments: [commitment(1, 1)],
        links: [{ commitmentId: 1, objectiveId: 99 }],
      },
      { commitments: [1], total: 1 },
    ],
    [
      "when an organization was removed, then it is no gap; one with only ended work is",
      {
        organizations: [org(1, "Acme", 1_000), org(2, "River")],
        commitments: [commitment(1, 2, "closed")],
      },
      { organizations: [2], total: 1 },
    ],
    [
      "when owners are silent, then each is a gap, longest silence first, then by member",
      { silentOwners: [silent(3, 2), silent(1, 2), silent(2, 5)] },
      { silentOwners: [2, 1, 3], total: 3 },
    ],
    [
      "when rows come in any order, then objectives and commitments are by id, organizations by name then id",
      {
        objectives: [objective(5), objective(2)],
        organizations: [org(4, "Zeta"), org(9, "Alpha"), org(3, "Alpha")],
        commitments: [commitment(8, 7), commitment(6, 7)],
      },
      { objectives: [2, 5], organizations: [3, 9, 4], commitments: [6, 8], total: 7 },
    ],
    [
      "when a row is read twice, then it is one gap",
      {
        objectives: [objective(1), objective(1)],
        silentOwners: [silent(1, 2), silent(1, 2)],
      },
      { objectives: [1], silentOwners: [1], total: 2 },
    ],
  ])("%s", (_name, given, expected) => {
    expect(ids(alignmentGaps(rows(given)))).toEqual({ ...none, ...expected });
  });

  it("when one of each kind stands alone, then the total counts all four and each line carries what is shown", () => {
    const gaps = alignmentGaps(
      rows({
        objectives: [objective(1), objective(2)],
        organizations: [org(1, "Acme"), org(2, "River"), org(3, "Valley")],
        commitments: [commitment(1, 1), commitment(2, 2)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        silentOwners: [silent(7, 3)],
      }),
    );
    expect(gaps).toEqual({
      objectives: [{ id: 2, title: "Objective 2" }],
      organizations: [{ id: 3, name: "Valley", sector: "business" }],
      commitments: [{ id: 2, title: "Commitment 2", organizationId: 2, organizationName: "Org 2" }],
      silentOwners: [silent(7, 3)],
      total: 4,
    });
  });

  it("when only the candidate rows a set-based read finds are given, then the gaps are the same as from every row", () => {
    const all = rows({
      objectives: [objective(1), objective(2), objective(3, "retired"), objective(4)],
      organizations: [org(1, "Acme"), org(2, "River"), org(3, "Bureau"), org(4, "Gone", 5)],
      commitments: [
        commitment(1, 1),
        commitment(2, 2),
        commitment(3, 3, "closed"),
        commitment(4, 1),
      ],
      links: [
        { commitmentId: 1, objectiveId: 1 },
        { commitmentId: 2, objectiveId: 3 },
        { commitmentId: 3, objectiveId: 4 },
        { commitmentId: 4, objectiveId: 1 },
      ],
      silentOwners: [silent(1, 2)],
    });
    const full = alignmentGaps(all);
    // What overview.gapRows returns: the gap rows themselves, no links.
    const narrowed = alignmentGaps(
      rows({
        objectives: all.objectives.filter((o) => full.objectives.some((g) => g.id === o.id)),
        organizations: all.organizations.filter((o) =>
          full.organizations.some((g) => g.id === o.id),
        ),
        commitments: all.commitments.filter((c) => full.commitments.some((g) => g.id === c.id)),
        silentOwners: all.silentOwners,
      }),
    );
    expect(ids(full)).toEqual({
      objectives: [2, 4],
      organizations: [3],
      commitments: [2],
      silentOwners: [1],
      total: 5,
    });
    expect(narrowed).toEqual(full);
  });
});
