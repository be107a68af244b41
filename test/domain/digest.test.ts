/**
 * The digest model on hand-made input: the week's window, progress toward target, the week's
 * changes, gaps, participation, blockers, learnings, decisions and the eight-week history.
 * The golden case through a real database is in test/db/digestData.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  type DigestCheckInRow,
  type DigestInput,
  type DigestWindow,
  digestSpecOf,
  digestWindow,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";
import { commitmentRow, digestInput, ms, objectiveRow } from "../support/digestRows.js";

const MON = 1 as Weekday;

/** Monday 09:00 UTC digests; the week [2026-03-09 00:00Z, 2026-03-16 00:00Z), as of 09:00. */
const WINDOW: DigestWindow = digestWindow(
  { weekday: MON, localTime: "09:00", zone: "UTC" },
  ms("2026-03-16T09:30:00Z"),
);
const START = ms("2026-03-09T00:00:00Z");
const END = ms("2026-03-16T00:00:00Z");
const NOW = ms("2026-03-16T09:30:00Z");

const input = (overrides: Partial<DigestInput> = {}): DigestInput => digestInput(NOW, overrides);
const commitment = commitmentRow;

let nextCheckInId = 1;
function checkIn(
  commitmentId: number,
  iso: string,
  status: DigestCheckInRow["status"],
  overrides: Partial<DigestCheckInRow> = {},
): DigestCheckInRow {
  return {
    id: nextCheckInId++,
    commitmentId,
    authorMemberId: 1,
    status,
    progress: null,
    learning: null,
    createdAt: ms(iso),
    ...overrides,
  };
}

const objective = objectiveRow;

describe("the digest window (more in digestWindow.test.ts)", () => {
  it("when a partnership row is given, then its digest schedule is its weekday, time and zone", () => {
    expect(
      digestSpecOf({ digestWeekday: 3, digestTime: "16:30", timeZone: "Asia/Kolkata" }),
    ).toEqual({ weekday: 3, localTime: "16:30", zone: "Asia/Kolkata" });
  });
});

describe("progress by objective", () => {
  const districts = (overrides: Partial<DigestInput["objectives"][number]> = {}) =>
    objective(1, {
      indicator: "Districts covered",
      unit: "districts",
      baseline: 0,
      target: 40,
      ...overrides,
    });

  it("when a commitment serves exactly one objective with an indicator, then its progress is that indicator's value, and a commitment in percent keeps its percent", () => {
    const digest = buildDigest(
      input({
        objectives: [
          objective(1, { indicator: "households", unit: "hh", baseline: 100, target: 500 }),
          objective(2),
          objective(3, { indicator: "km", target: 10, state: "retired" }),
        ],
        commitments: [
          commitment(1, { progress: 300 }),
          commitment(2, { progress: 80 }),
          commitment(3, { progress: 7 }),
          commitment(4, { progress: 50, state: "closed", closedAt: ms("2026-02-01T00:00:00Z") }),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 1, objectiveId: 2 },
          { commitmentId: 2, objectiveId: 2 },
          { commitmentId: 3, objectiveId: 2 },
          { commitmentId: 3, objectiveId: 3 },
          { commitmentId: 4, objectiveId: 2 },
        ],
        checkIns: [
          checkIn(1, "2026-03-10T10:00:00Z", "at_risk"),
          checkIn(2, "2026-03-10T10:00:00Z", "on_track"),
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives.map((o) => o.id)).toEqual([1, 2]);
    const [first, second] = digest.objectives;
    expect(first?.commitments.map((c) => [c.id, c.status, c.progress])).toEqual([
      [1, "at_risk", 300],
    ]);
    expect(first?.commitments[0]?.measure).toEqual({
      kind: "indicator",
      objectiveId: 1,
      indicator: "households",
      unit: "hh",
      baseline: 100,
      target: 500,
    });
    expect(first?.value?.value).toBe(300);
    expect(first?.way).toEqual({ kind: "share", share: 0.5 });
    expect(first?.counts).toEqual({ on_track: 0, at_risk: 1, off_track: 0, done: 0, none: 0 });
    // Commitment 3's only indicator objective is retired: its 7 is a percent.
    expect(second?.commitments.map((c) => [c.id, c.measure.kind, c.progress])).toEqual([
      [1, "indicator", 300],
      [2, "percent", 80],
      [3, "percent", 7],
    ]);
    // Objective 2 has no indicator: no value and no invented share, only the counts.
    expect(second?.value).toBeNull();
    expect(second?.way).toEqual({ kind: "unknown", reason: "no_value" });
    expect(second?.counts).toEqual({ on_track: 1, at_risk: 1, off_track: 0, done: 0, none: 1 });
  });

  it("when two owners report 12 and 5 districts for one indicator, then the objective's value is the newer report, not their mean", () => {
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [
          commitment(1, { progress: 12 }),
          commitment(2, { progress: 5, organizationId: 2, ownerMemberId: 2 }),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [
          checkIn(2, "2026-03-11T10:00:00Z", "on_track", { progress: 5, authorMemberId: 2 }),
          checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 12 }),
        ],
      }),
      WINDOW,
    );
    const o = digest.objectives[0];
    expect(o?.value).toMatchObject({
      value: 5,
      at: ms("2026-03-11T10:00:00Z"),
      date: "2026-03-11",
      commitment: { id: 2, organizationName: "River" },
      reportedBy: { memberId: 2, displayName: "Priya" },
    });
    expect(o?.way).toEqual({ kind: "share", share: 5 / 40 });
    // Each commitment keeps its own figure.
    expect(o?.commitments.map((c) => [c.id, c.progress])).toEqual([
      [1, 12],
      [2, 5],
    ]);
  });

  it("when two reports share an instant, then the later check-in (by id) wins", () => {
    const at = "2026-03-11T10:00:00Z";
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [commitment(1), commitment(2)],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [
          checkIn(2, at, "on_track", { id: 41, progress: 9 }),
          checkIn(1, at, "on_track", { id: 40, progress: 30 }),
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value?.value).toBe(9);
  });

  it("when the commitment that reported last is closed, then its report is still the objective's latest value", () => {
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [
          commitment(1),
          commitment(2, { state: "closed", closedAt: ms("2026-03-13T00:00:00Z") }),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [
          checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 12 }),
          checkIn(2, "2026-03-12T10:00:00Z", "done", { progress: 20 }),
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value?.value).toBe(20);
    expect(digest.objectives[0]?.commitments.map((c) => c.id)).toEqual([1]);
  });

  it("when a value is reported after the digest's as-of instant, then the digest does not know it yet", () => {
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [commitment(1, { progress: 30 })],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [
          checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 12 }),
          checkIn(1, "2026-03-16T10:00:00Z", "on_track", { progress: 30 }),
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value?.value).toBe(12);
    expect(digest.objectives[0]?.commitments[0]?.progress).toBe(12);
  });

  it("when the indicator falls (target below baseline), then the way runs downward", () => {
    const digest = buildDigest(
      input({
        objectives: [
          objective(1, { indicator: "Children underweight", unit: "%", baseline: 45, target: 5 }),
        ],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 40 })],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.way).toEqual({ kind: "share", share: 0.125 });
  });

  it("when the objective has no baseline, then the way cannot be told (a missing baseline is not 0)", () => {
    const digest = buildDigest(
      input({
        objectives: [districts({ baseline: null })],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 10 })],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value?.value).toBe(10);
    expect(digest.objectives[0]?.way).toEqual({ kind: "unknown", reason: "no_baseline" });
  });

  it("when the value equals the baseline, then it is 0 of the way", () => {
    const digest = buildDigest(
      input({
        objectives: [districts({ baseline: 8 })],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [checkIn(1, "2026-03-10T10:00:00Z", "on_track", { progress: 8 })],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.way).toEqual({ kind: "share", share: 0 });
  });

  it("when a commitment serves two objectives with indicators, then its progress is a percent and it sets neither value", () => {
    const digest = buildDigest(
      input({
        objectives: [
          objective(1, { indicator: "households", baseline: 0, target: 500 }),
          objective(2, { indicator: "schools", baseline: 0, target: 10 }),
        ],
        commitments: [commitment(1, { progress: 30 })],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 1, objectiveId: 2 },
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.commitments[0]?.measure).toEqual({ kind: "percent" });
    expect(digest.objectives.map((o) => o.value)).toEqual([null, null]);
  });

  it("when nobody reported progress, then there is no value and the counts say who has not checked in", () => {
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value).toBeNull();
    expect(digest.objectives[0]?.counts).toEqual({
      on_track: 0,
      at_risk: 0,
      off_track: 0,
      done: 0,
      none: 1,
    });
  });

  it("when the progress column is empty but a check-in has a value, then the newest value is used", () => {
    const digest = buildDigest(
      input({
        objectives: [objective(1)],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [
          checkIn(1, "2026-03-01T10:00:00Z", "on_track", { progress: 20 }),
          checkIn(1, "2026-03-08T10:00:00Z", "on_track", { progress: 35 }),
          checkIn(1, "2026-03-12T10:00:00Z", "on_track"),
        ],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.commitments[0]?.progress).toBe(35);
  });

  it("when an imported commitment has a value but no check-in row, then that value is the objective's, known from its last check-in time", () => {
    const digest = buildDigest(
      input({
        objectives: [districts()],
        commitments: [
          commitment(1, { progress: 14, lastCheckInAt: ms("2026-03-02T00:00:00Z") }),
          commitment(2),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [checkIn(2, "2026-02-20T10:00:00Z", "on_track", { progress: 11 })],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.value).toMatchObject({
      value: 14,
      at: ms("2026-03-02T00:00:00Z"),
      reportedBy: null,
    });
  });
});

describe("what changed in the week", () => {
  const before = "2026-03-05T10:00:00Z";
  const during = "2026-03-12T10:00:00Z";
  const moves = (d: ReturnType<typeof buildDigest>) =>
    d.changes.moves.map((m) => [m.id, m.kind, m.path.join(">")]);

  it("when statuses move, then every move is listed, worse first, and an unchanged status is none", () => {
    const digest = buildDigest(
      input({
        commitments: [1, 2, 3, 4, 5, 6].map((id) => commitment(id)),
        checkIns: [
          checkIn(1, before, "on_track"),
          checkIn(1, during, "at_risk"),
          checkIn(2, before, "at_risk"),
          checkIn(2, during, "off_track"),
          checkIn(3, before, "off_track"),
          checkIn(3, during, "at_risk"),
          checkIn(4, during, "off_track"), // first check-in ever
          checkIn(5, before, "at_risk"),
          checkIn(5, during, "at_risk"), // unchanged
          checkIn(6, before, "off_track"),
          checkIn(6, during, "on_track"),
        ],
      }),
      WINDOW,
    );
    expect(moves(digest)).toEqual([
      [1, "worse", "on_track>at_risk"],
      [2, "worse", "at_risk>off_track"],
      [4, "worse", "none>off_track"],
      [3, "better", "off_track>at_risk"],
      [6, "better", "off_track>on_track"],
    ]);
  });

  it("when a status dips and recovers inside the week, then both moves are shown as one path", () => {
    const digest = buildDigest(
      input({
        commitments: [commitment(1)],
        checkIns: [
          checkIn(1, before, "on_track"),
          checkIn(1, "2026-03-10T10:00:00Z", "off_track"),
          checkIn(1, "2026-03-13T10:00:00Z", "on_track"),
        ],
      }),
      WINDOW,
    );
    expect(moves(digest)).toEqual([[1, "back", "on_track>off_track>on_track"]]);
  });

  it("when check-ins fall exactly on the window's edges, then the start is inside and the end is the next week", () => {
    const digest = buildDigest(
      input({
        commitments: [commitment(1), commitment(2)],
        checkIns: [
          checkIn(1, "2026-03-09T00:00:00Z", "at_risk"),
          checkIn(2, "2026-03-16T00:00:00Z", "at_risk"),
        ],
      }),
      WINDOW,
    );
    expect(moves(digest)).toEqual([[1, "worse", "none>at_risk"]]);
  });

  it("when commitments close, then closing and done check-ins in the week are moves to done, dropping is not", () => {
    const closedAt = ms("2026-03-11T10:00:00Z");
    const digest = buildDigest(
      input({
        commitments: [
          commitment(1, { state: "closed", closedAt }),
          commitment(2, { state: "dropped", closedAt }),
          commitment(3, { state: "closed", closedAt: ms("2026-03-02T10:00:00Z") }),
          commitment(4), // done check-in, still active (an edited period)
          commitment(5, { state: "closed", closedAt: END }),
        ],
        checkIns: [checkIn(4, "2026-03-10T10:00:00Z", "done")],
      }),
      WINDOW,
    );
    expect(digest.changes.moves.map((m) => [m.id, m.kind, m.at])).toEqual([
      [4, "done", ms("2026-03-10T10:00:00Z")],
      [1, "done", closedAt],
    ]);
  });

  it("when commitments are created, then those created in the week are new unless dropped", () => {
    const digest = buildDigest(
      input({
        commitments: [
          commitment(1, { createdAt: START }),
          commitment(2, { createdAt: ms("2026-03-12T00:00:00Z"), organizationId: 2 }),
          commitment(3, {
            createdAt: ms("2026-03-12T00:00:00Z"),
            state: "dropped",
            closedAt: ms("2026-03-13T00:00:00Z"),
          }),
          commitment(4, { createdAt: END }),
        ],
      }),
      WINDOW,
    );
    expect(
      digest.changes.created.map((c) => [c.id, c.organizationName, c.owner.slackUserId]),
    ).toEqual([
      [1, "Acme", "U1"],
      [2, "River", "U1"],
    ]);
  });

  it("when a commitment has no check-in rows (imported), then its own status counts from its last check-in time, and no move is invented", () => {
    const digest = buildDigest(
      input({
        commitments: [
          commitment(1, {
            currentStatus: "off_track",
            lastCheckInAt: ms("2026-03-10T00:00:00Z"),
          }),
          commitment(2, { currentStatus: "at_risk", lastCheckInAt: null }),
        ],
      }),
      WINDOW,
    );
    expect(digest.changes.moves).toEqual([]);
    expect(digest.headline.byStatus).toEqual({
      on_track: 0,
      at_risk: 1,
      off_track: 1,
      done: 0,
      none: 0,
    });
  });
});

describe("alignment gaps", () => {
  it("when objectives, organizations or commitments stand alone, or an owner is silent, then each is a gap and the headline counts them all", () => {
    const digest = buildDigest(
      input({
        organizations: [
          { id: 1, name: "Acme", sector: "business", removedAt: null },
          { id: 2, name: "River", sector: "civil_society", removedAt: null },
          { id: 3, name: "Bureau", sector: "government", removedAt: null },
          { id: 4, name: "Gone", sector: "other", removedAt: ms("2026-01-02T00:00:00Z") },
        ],
        objectives: [objective(1), objective(2), objective(3, { state: "retired" }), objective(4)],
        commitments: [
          commitment(1),
          commitment(2, { organizationId: 2 }),
          commitment(3, { organizationId: 3, state: "closed", closedAt: START }),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 3 },
          { commitmentId: 3, objectiveId: 4 },
        ],
        silentOwners: [{ memberId: 2, silentPeriods: 3, silentCommitments: 1 }],
      }),
      WINDOW,
    );
    expect(digest.gaps).toEqual({
      objectives: [
        { id: 2, title: "Objective 2" },
        { id: 4, title: "Objective 4" },
      ],
      organizations: [{ id: 3, name: "Bureau", sector: "government" }],
      commitments: [{ id: 2, title: "Commitment 2", organizationId: 2, organizationName: "River" }],
      silentOwners: [
        {
          memberId: 2,
          slackUserId: "U2",
          displayName: "Priya",
          organizationName: "River",
          silentPeriods: 3,
          silentCommitments: 1,
        },
      ],
      total: 5,
    });
    expect(digest.headline.gaps).toBe(5);
  });
});

describe("participation", () => {
  it("when prompts were sent, answered, failed, skipped or still pending, then only due and not-away ones count", () => {
    const p = (commitmentId: number, iso: string, state: string, answered: string | null) => ({
      commitmentId,
      state: state as DigestInput["prompts"][number]["state"],
      dueAt: ms(iso),
      answeredAt: answered === null ? null : ms(answered),
    });
    const digest = buildDigest(
      input({
        organizations: [
          { id: 1, name: "Acme", sector: "business", removedAt: null },
          { id: 2, name: "River", sector: "civil_society", removedAt: null },
          { id: 3, name: "Bureau", sector: "government", removedAt: null },
          { id: 4, name: "Gone", sector: "other", removedAt: ms("2026-03-14T00:00:00Z") },
        ],
        commitments: [
          commitment(1),
          commitment(2, { organizationId: 2 }),
          commitment(4, { organizationId: 4, state: "dropped", closedAt: START }),
        ],
        prompts: [
          p(1, "2026-03-10T09:00:00Z", "answered", "2026-03-10T11:00:00Z"),
          p(1, "2026-03-11T09:00:00Z", "sent", null),
          p(1, "2026-03-12T09:00:00Z", "failed", null),
          p(1, "2026-03-13T09:00:00Z", "pending", null),
          p(1, "2026-03-16T09:00:00Z", "sent", null), // next week
          p(2, "2026-03-10T09:00:00Z", "skipped", null),
          p(2, "2026-03-11T09:00:00Z", "sent", "2026-03-11T10:00:00Z"),
          p(4, "2026-03-09T09:00:00Z", "sent", null),
        ],
        silentOwners: [
          { memberId: 2, silentPeriods: 3, silentCommitments: 1 },
          { memberId: 1, silentPeriods: 1, silentCommitments: 1 },
        ],
      }),
      WINDOW,
    );
    expect(digest.participation.organizations).toEqual([
      { organizationId: 1, organizationName: "Acme", sent: 3, answered: 1, away: 0, rate: 1 / 3 },
      { organizationId: 3, organizationName: "Bureau", sent: 0, answered: 0, away: 0, rate: null },
      { organizationId: 4, organizationName: "Gone", sent: 1, answered: 0, away: 0, rate: 0 },
      { organizationId: 2, organizationName: "River", sent: 1, answered: 1, away: 1, rate: 1 },
    ]);
    expect(digest.participation.total).toEqual({ sent: 5, answered: 2, away: 1 });
    expect(digest.participation.silentOwners).toEqual([
      {
        memberId: 2,
        slackUserId: "U2",
        displayName: "Priya",
        organizationId: 2,
        organizationName: "River",
        silentPeriods: 3,
        silentCommitments: 1,
      },
    ]);
    expect([digest.headline.answered, digest.headline.sent]).toEqual([2, 5]);
  });
});

describe("blockers", () => {
  const blocker = (id: number, overrides: Partial<DigestInput["blockers"][number]> = {}) => ({
    id,
    commitmentId: 1,
    text: `Blocker ${id}`,
    raisedByMemberId: 1,
    couldHelpUserId: null,
    couldHelpOrganizationId: null,
    helperMemberId: null,
    state: "open" as const,
    escalationLevel: 0,
    lastEscalatedAt: null,
    resolvedByMemberId: null,
    resolvedAt: null,
    resolution: null,
    createdAt: ms("2026-03-01T00:00:00Z"),
    ...overrides,
  });

  it("when blockers are open, escalated or resolved, then they are listed oldest first with helpers and age", () => {
    const digest = buildDigest(
      input({
        commitments: [commitment(1)],
        blockers: [
          blocker(2, {
            createdAt: ms("2026-03-15T10:00:00Z"),
            couldHelpOrganizationId: 2,
            escalationLevel: 2,
          }),
          blocker(1, { helperMemberId: 2, couldHelpUserId: "U9" }),
          blocker(3, {
            state: "resolved",
            resolvedAt: ms("2026-03-12T00:00:00Z"),
            resolvedByMemberId: 2,
            resolution: "Fixed",
          }),
          blocker(4, { state: "resolved", resolvedAt: ms("2026-03-02T00:00:00Z") }),
        ],
        helpers: [
          { blockerId: 1, userId: "U2" },
          { blockerId: 1, userId: "U7" },
          { blockerId: 3, userId: "U7" },
        ],
      }),
      WINDOW,
    );
    expect(
      digest.blockers.open.map((b) => [b.id, b.ageDays, b.couldHelp, b.helperUserIds]),
    ).toEqual([
      [1, 15, { userId: "U9" }, ["U2", "U7"]],
      [2, 0, { organizationId: 2, organizationName: "River" }, []],
    ]);
    expect(digest.blockers.escalated.map((b) => [b.id, b.escalationLevel])).toEqual([[2, 2]]);
    expect(digest.blockers.resolved).toEqual([
      {
        id: 3,
        text: "Blocker 3",
        commitment: {
          id: 1,
          title: "Commitment 1",
          organizationId: 1,
          organizationName: "Acme",
          owner: { memberId: 1, slackUserId: "U1", displayName: "Pat" },
        },
        resolvedAt: ms("2026-03-12T00:00:00Z"),
        resolvedByUserId: "U2",
        resolvedByName: "Priya",
        resolution: "Fixed",
        helperUserIds: ["U7"],
        helperNames: [null],
      },
    ]);
    expect([digest.headline.openBlockers, digest.headline.escalatedBlockers]).toEqual([2, 1]);
  });
});

describe("learnings and decisions", () => {
  it("when check-ins carry learnings, then the week's non-blank ones are listed in order", () => {
    const digest = buildDigest(
      input({
        commitments: [commitment(1)],
        checkIns: [
          checkIn(1, "2026-03-13T10:00:00Z", "on_track", { learning: "  Ask early  " }),
          checkIn(1, "2026-03-10T10:00:00Z", "on_track", { learning: "Pumps rust", id: 90 }),
          checkIn(1, "2026-03-11T10:00:00Z", "on_track", { learning: "   " }),
          checkIn(1, "2026-03-02T10:00:00Z", "on_track", { learning: "Last week" }),
        ],
      }),
      WINDOW,
    );
    expect(
      digest.learnings.map((l) => [l.checkInId === 90, l.text, l.author?.slackUserId]),
    ).toEqual([
      [true, "Pumps rust", "U1"],
      [false, "Ask early", "U1"],
    ]);
  });

  it("when decisions are open, then those due by the window's end date are listed, overdue first", () => {
    const d = (id: number, dueDate: string | null, state: "open" | "done" = "open") => ({
      id,
      text: `Decision ${id}`,
      ownerMemberId: id === 1 ? 2 : null,
      dueDate,
      state,
      createdAt: ms("2026-02-01T00:00:00Z"),
    });
    const digest = buildDigest(
      input({
        decisions: [
          d(1, "2026-03-16"),
          d(2, "2026-03-17"),
          d(3, "2026-03-02"),
          d(4, null),
          d(5, "2026-03-01", "done"),
        ],
      }),
      WINDOW,
    );
    expect(
      digest.decisions.due.map((x) => [x.id, x.dueDate, x.overdue, x.owner?.slackUserId]),
    ).toEqual([
      [3, "2026-03-02", true, undefined],
      [1, "2026-03-16", false, "U2"],
    ]);
    expect(digest.decisions.openTotal).toBe(4);
  });
});

describe("the eight-week history", () => {
  it("when commitments come, change status and close, then each week counts the active ones by status and that week's done", () => {
    const weeks = WINDOW.weeks;
    expect(weeks.map((w) => w.lastDate)).toEqual([
      "2026-01-25",
      "2026-02-01",
      "2026-02-08",
      "2026-02-15",
      "2026-02-22",
      "2026-03-01",
      "2026-03-08",
      "2026-03-15",
    ]);
    const digest = buildDigest(
      input({
        commitments: [
          commitment(1),
          commitment(2, { createdAt: ms("2026-02-10T00:00:00Z") }),
          commitment(3, { state: "closed", closedAt: ms("2026-02-25T00:00:00Z") }),
          commitment(4, { state: "dropped", closedAt: ms("2026-02-04T00:00:00Z") }),
        ],
        checkIns: [
          checkIn(1, "2025-12-20T00:00:00Z", "at_risk"), // before the history
          checkIn(1, "2026-02-05T00:00:00Z", "on_track"),
          checkIn(1, "2026-03-10T00:00:00Z", "off_track"),
          checkIn(3, "2026-01-20T00:00:00Z", "on_track"),
          checkIn(3, "2026-02-25T00:00:00Z", "done"),
          checkIn(4, "2026-01-21T00:00:00Z", "off_track"),
        ],
      }),
      WINDOW,
    );
    const rows = digest.history.map((w) => [
      w.counts.on_track,
      w.counts.at_risk,
      w.counts.off_track,
      w.counts.done,
      w.counts.none,
      w.total,
    ]);
    expect(rows).toEqual([
      [1, 1, 1, 0, 0, 3], // to 01-25: 1 at risk, 3 on track, 4 off track
      [1, 1, 1, 0, 0, 3],
      [2, 0, 0, 0, 0, 2], // to 02-08: 1 on track; 4 dropped
      [2, 0, 0, 0, 1, 3], // to 02-15: 2 new, no check-in
      [2, 0, 0, 0, 1, 3],
      [1, 0, 0, 1, 1, 3], // to 03-01: 3 done that week
      [1, 0, 0, 0, 1, 2],
      [0, 0, 1, 0, 1, 2],
    ]);
    expect(digest.history.map((w) => w.isoWeek)).toEqual(weeks.map((w) => w.isoWeek));
  });
});

describe("purity", () => {
  it("when the same frozen input is built twice, then the digests are equal and the input is untouched", () => {
    const frozen = Object.freeze(
      input({
        commitments: Object.freeze([commitment(2), commitment(1)]),
        checkIns: Object.freeze([
          checkIn(1, "2026-03-12T10:00:00Z", "on_track"),
          checkIn(1, "2026-03-10T10:00:00Z", "at_risk"),
        ]),
      }),
    );
    const copy = structuredClone(frozen);
    const a = buildDigest(frozen, WINDOW);
    const b = buildDigest(frozen, WINDOW);
    expect(a).toEqual(b);
    expect(frozen).toEqual(copy);
    expect(a.headline.byStatus.on_track).toBe(1);
    expect(a.headline.byStatus.none).toBe(1);
  });
});
