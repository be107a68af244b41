/**
 * The digest model on hand-made input: the week's window, progress toward target, the week's
 * changes, gaps, participation, blockers, learnings, decisions and the eight-week history.
 * The golden case through a real database is in test/db/digestData.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  type DigestCheckInRow,
  type DigestCommitmentRow,
  type DigestInput,
  type DigestWindow,
  digestSpecOf,
  digestWindow,
  HISTORY_WEEKS,
  localDateOf,
  towardTarget,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";

const ms = (iso: string): number => Date.parse(iso);
const MON = 1 as Weekday;

/** Monday 09:00 UTC digests; the week [2026-03-09 09:00Z, 2026-03-16 09:00Z). */
const WINDOW: DigestWindow = digestWindow(
  { weekday: MON, localTime: "09:00", zone: "UTC" },
  ms("2026-03-16T09:30:00Z"),
);
const START = ms("2026-03-09T09:00:00Z");
const END = ms("2026-03-16T09:00:00Z");
const NOW = ms("2026-03-16T09:30:00Z");

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    now: NOW,
    partnership: { id: 1, name: "Water for All", channelId: "C1", timeZone: "UTC" },
    organizations: [
      { id: 1, name: "Acme", sector: "business", removedAt: null },
      { id: 2, name: "River", sector: "civil_society", removedAt: null },
    ],
    members: [
      { id: 1, slackUserId: "U1", displayName: "Pat", organizationId: 1, removedAt: null },
      { id: 2, slackUserId: "U2", displayName: "Priya", organizationId: 2, removedAt: null },
    ],
    objectives: [],
    commitments: [],
    links: [],
    checkIns: [],
    prompts: [],
    silentOwners: [],
    blockers: [],
    helpers: [],
    decisions: [],
    ...overrides,
  };
}

function commitment(id: number, overrides: Partial<DigestCommitmentRow> = {}): DigestCommitmentRow {
  return {
    id,
    title: `Commitment ${id}`,
    organizationId: 1,
    ownerMemberId: 1,
    state: "active",
    dueDate: null,
    currentStatus: null,
    progress: null,
    lastCheckInAt: null,
    createdAt: ms("2026-01-01T00:00:00Z"),
    closedAt: null,
    ...overrides,
  };
}

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

const objective = (id: number, overrides: Partial<DigestInput["objectives"][number]> = {}) => ({
  id,
  title: `Objective ${id}`,
  indicator: null,
  unit: null,
  baseline: null,
  target: null,
  targetDate: null,
  state: "active" as const,
  ...overrides,
});

describe("the digest window", () => {
  it("when a digest is due Mondays 09:00 in Berlin, then its week runs from the previous Monday 09:00 to this one, with eight weeks of history", () => {
    const w = digestWindow(
      { weekday: MON, localTime: "09:00", zone: "Europe/Berlin" },
      ms("2026-03-18T12:00:00Z"),
    );
    expect(w.start).toBe(ms("2026-03-09T08:00:00Z"));
    expect(w.end).toBe(ms("2026-03-16T08:00:00Z"));
    expect(w.periodKey).toBe("D:2026-W12");
    expect(w.endDate).toBe("2026-03-16");
    expect(w.weeks).toHaveLength(HISTORY_WEEKS);
    expect(w.weeks[0]).toEqual({
      start: ms("2026-01-19T08:00:00Z"),
      end: ms("2026-01-26T08:00:00Z"),
      periodKey: "D:2026-W05",
    });
    expect(w.weeks[7]).toEqual({ start: w.start, end: w.end, periodKey: w.periodKey });
    for (let i = 1; i < w.weeks.length; i++) {
      expect(w.weeks[i]?.start).toBe(w.weeks[i - 1]?.end);
    }
  });

  it("when the week spans a daylight-saving change, then it is 167 hours long and the slot keeps its wall time", () => {
    const w = digestWindow(
      { weekday: MON, localTime: "09:00", zone: "America/New_York" },
      ms("2026-03-10T00:00:00Z"),
    );
    expect(w.start).toBe(ms("2026-03-02T14:00:00Z"));
    expect(w.end).toBe(ms("2026-03-09T13:00:00Z"));
    expect((w.end - w.start) / 3_600_000).toBe(167);
  });

  it("when now is exactly a slot, then that slot ends the window", () => {
    const w = digestWindow({ weekday: MON, localTime: "09:00", zone: "UTC" }, END);
    expect([w.start, w.end]).toEqual([START, END]);
  });

  it("when the zone is ahead of UTC, then the end date is the local date, not the UTC one", () => {
    // Monday 07:00 in Auckland (NZDT, +13) is Sunday 18:00 UTC.
    const w = digestWindow(
      { weekday: MON, localTime: "07:00", zone: "Pacific/Auckland" },
      ms("2026-02-16T00:00:00Z"),
    );
    expect(w.end).toBe(ms("2026-02-15T18:00:00Z"));
    expect(w.endDate).toBe("2026-02-16");
    expect(localDateOf("Pacific/Auckland", w.end)).toBe("2026-02-16");
    expect(localDateOf("UTC", w.end)).toBe("2026-02-15");
  });

  it("when a partnership row is given, then its digest schedule is its weekday, time and zone", () => {
    expect(
      digestSpecOf({ digestWeekday: 3, digestTime: "16:30", timeZone: "Asia/Kolkata" }),
    ).toEqual({ weekday: 3, localTime: "16:30", zone: "Asia/Kolkata" });
  });
});

describe("progress toward target", () => {
  const indicator = (baseline: number | null, target: number | null) => ({
    kind: "indicator" as const,
    objectiveId: 1,
    indicator: "households",
    unit: null,
    baseline,
    target,
  });

  it("when progress is a percent, then it is the fraction of 100, clamped to 0..1", () => {
    expect(towardTarget(40, { kind: "percent" })).toBe(0.4);
    expect(towardTarget(100, { kind: "percent" })).toBe(1);
    expect(towardTarget(null, { kind: "percent" })).toBeNull();
  });

  it("when progress is an indicator value, then it is (value - baseline) / (target - baseline)", () => {
    expect(towardTarget(300, indicator(100, 500))).toBe(0.5);
    expect(towardTarget(25, indicator(null, 100))).toBe(0.25);
    // A falling indicator (e.g. cases of illness): baseline 80, target 20.
    expect(towardTarget(50, indicator(80, 20))).toBe(0.5);
  });

  it("when the value passes the target or falls below the baseline, then it is clamped", () => {
    expect(towardTarget(900, indicator(100, 500))).toBe(1);
    expect(towardTarget(50, indicator(100, 500))).toBe(0);
  });

  it("when there is no target, or the target equals the baseline, then it cannot be told", () => {
    expect(towardTarget(300, indicator(100, null))).toBeNull();
    expect(towardTarget(300, indicator(100, 100))).toBeNull();
  });
});

describe("progress by objective", () => {
  it("when a commitment serves exactly one objective with an indicator, then its progress is that indicator's value and the roll-up is the mean", () => {
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
    expect(first?.commitments.map((c) => [c.id, c.status, c.progress, c.towardTarget])).toEqual([
      [1, "at_risk", 300, 0.5],
    ]);
    expect(first?.commitments[0]?.measure).toEqual({
      kind: "indicator",
      objectiveId: 1,
      indicator: "households",
      unit: "hh",
      baseline: 100,
      target: 500,
    });
    expect(first?.rollUp).toEqual({
      towardTarget: 0.5,
      measured: 1,
      counts: { on_track: 0, at_risk: 1, off_track: 0, done: 0, none: 0 },
    });
    // Commitment 3's only indicator objective is retired: its 7 is a percent.
    expect(second?.commitments.map((c) => [c.id, c.measure.kind, c.towardTarget])).toEqual([
      [1, "indicator", 0.5],
      [2, "percent", 0.8],
      [3, "percent", 0.07],
    ]);
    expect(second?.rollUp.towardTarget).toBeCloseTo((0.5 + 0.8 + 0.07) / 3, 10);
    expect(second?.rollUp.counts).toEqual({
      on_track: 1,
      at_risk: 1,
      off_track: 0,
      done: 0,
      none: 1,
    });
  });

  it("when a commitment serves two objectives with indicators, then its progress is a percent", () => {
    const digest = buildDigest(
      input({
        objectives: [
          objective(1, { indicator: "households", target: 500 }),
          objective(2, { indicator: "schools", target: 10 }),
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
    expect(digest.objectives[0]?.commitments[0]?.towardTarget).toBe(0.3);
  });

  it("when nobody reported progress, then the roll-up has nothing to average", () => {
    const digest = buildDigest(
      input({
        objectives: [objective(1)],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
      }),
      WINDOW,
    );
    expect(digest.objectives[0]?.rollUp).toEqual({
      towardTarget: null,
      measured: 0,
      counts: { on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 1 },
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
});

describe("what changed in the week", () => {
  const before = "2026-03-05T10:00:00Z";
  const during = "2026-03-12T10:00:00Z";

  it("when statuses move, then worsening into at risk or off track is news and getting better is not", () => {
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
    expect(digest.changes.newlyAtRisk.map((c) => [c.id, c.from, c.to])).toEqual([
      [1, "on_track", "at_risk"],
      [2, "at_risk", "off_track"],
      [4, "none", "off_track"],
    ]);
    expect(digest.changes.recovered.map((c) => [c.id, c.from, c.to])).toEqual([
      [6, "off_track", "on_track"],
    ]);
  });

  it("when a status dips and recovers inside the week, then only start and end are compared", () => {
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
    expect(digest.changes.newlyAtRisk).toEqual([]);
    expect(digest.changes.recovered).toEqual([]);
  });

  it("when check-ins fall exactly on the window's edges, then the start is inside and the end is the next week", () => {
    const digest = buildDigest(
      input({
        commitments: [commitment(1), commitment(2)],
        checkIns: [
          checkIn(1, "2026-03-09T09:00:00Z", "at_risk"),
          checkIn(2, "2026-03-16T09:00:00Z", "at_risk"),
        ],
      }),
      WINDOW,
    );
    expect(digest.changes.newlyAtRisk.map((c) => c.id)).toEqual([1]);
  });

  it("when commitments close, then closing and done check-ins in the week are done, dropping is not", () => {
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
    expect(digest.changes.done.map((c) => [c.id, c.at])).toEqual([
      [4, ms("2026-03-10T10:00:00Z")],
      [1, closedAt],
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

  it("when a commitment has no check-in rows (imported), then its own status counts from its last check-in time", () => {
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
    expect(digest.changes.newlyAtRisk.map((c) => [c.id, c.from, c.to])).toEqual([
      [1, "none", "off_track"],
    ]);
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
  it("when objectives, organizations or commitments stand alone, then each is a gap", () => {
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
      }),
      WINDOW,
    );
    expect(digest.gaps.objectivesWithoutCommitments).toEqual([
      { id: 2, title: "Objective 2" },
      { id: 4, title: "Objective 4" },
    ]);
    expect(digest.gaps.organizationsWithoutCommitments).toEqual([
      { id: 3, name: "Bureau", sector: "government" },
    ]);
    expect(digest.gaps.commitmentsWithoutObjectives.map((c) => c.id)).toEqual([2]);
    expect(digest.headline.gaps).toBe(4);
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
        resolution: "Fixed",
        helperUserIds: ["U7"],
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
    expect(weeks.map((w) => new Date(w.end).toISOString().slice(0, 10))).toEqual([
      "2026-01-26",
      "2026-02-02",
      "2026-02-09",
      "2026-02-16",
      "2026-02-23",
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
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
      [1, 1, 1, 0, 0, 3], // to 01-26: 1 at risk, 3 on track, 4 off track
      [1, 1, 1, 0, 0, 3],
      [2, 0, 0, 0, 0, 2], // to 02-09: 1 on track; 4 dropped
      [2, 0, 0, 0, 1, 3], // to 02-16: 2 new, no check-in
      [2, 0, 0, 0, 1, 3],
      [1, 0, 0, 1, 1, 3], // to 03-02: 3 done that week
      [1, 0, 0, 0, 1, 2],
      [0, 0, 1, 0, 1, 2],
    ]);
    expect(digest.history.map((w) => w.periodKey)).toEqual(weeks.map((w) => w.periodKey));
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
