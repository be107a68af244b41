/**
 * The digest from a real (in-memory, migrated) database: a small partnership built by hand
 * through the repositories, gathered with `gatherDigestInput` and built with `buildDigest`, and
 * compared with the figures worked out on paper below. Plus a brand-new partnership, the
 * partnership scoping, and the number of statements (no N+1).
 *
 * The partnership "Water for All" (Europe/Berlin, digest Mondays 09:00 = 08:00Z in winter).
 * The digest of Monday 2026-03-16 covers Berlin's days 03-09 .. 03-15, [03-08 23:00Z,
 * 03-15 23:00Z), as of its slot (03-16 08:00Z); its history weeks end on the Sundays
 * 01-25 ... 03-15. Check-ins are on Thursdays at 10:00Z; nobody checked in during the week
 * 02-09 .. 02-15.
 *
 * Organizations: Acme, River (both with work), Bureau (none: a gap), Gone (removed, none).
 * Objectives: O1 "Safe water" (households, 100 -> 500), O2 "Schools" (no indicator),
 * O3 "Sanitation" (nobody serves it: a gap), O4 "Old goal" (retired).
 * Commitments:
 * - C1 Wells (Acme, Pat, O1): on track until 03-12, then at risk -> worse; 300 hh.
 * - C2 Curriculum (River, Priya, O2): at risk 02-05, off track 02-19 .. 03-05, on track 03-12
 *   -> better; 40 %.
 * - C3 Pilot (Acme, Pat, O2): done check-in 03-11 -> closed, done.
 * - C4 Side quest (River, Priya, no objective): created 03-10 -> new, and a gap.
 * - C5 Legacy (Acme, Cora, O4 only -> a gap): at risk since 01-10, before the history.
 * - C6 Trial (River, Priya, O2): created 01-20, at risk 01-29, dropped 02-20.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/index.js";
import { gatherDigestInput } from "../../src/db/repositories/digestData.js";
import { createRepositories, type Repositories } from "../../src/db/repositories/index.js";
import { commitments, decisions, type NewCommitment, prompts } from "../../src/db/schema.js";
import {
  buildDigest,
  type Digest,
  type DigestWindow,
  digestSpecOf,
  digestWindow,
} from "../../src/domain/digest.js";
import type { Status } from "../../src/domain/types.js";
import { memoryDatabase } from "../support/db.js";

const ms = (iso: string): number => Date.parse(iso);
const day = (date: string, time = "10:00"): number => ms(`${date}T${time}:00Z`);

const NOW = ms("2026-03-16T09:00:00Z");
const CREATED = ms("2026-01-01T12:00:00Z");

let database: Database;
let repos: Repositories;

beforeEach(() => {
  database = memoryDatabase();
  repos = createRepositories(database.db);
});
afterEach(() => database.close());

function newPartnership(channelId: string, name: string) {
  const ws =
    repos.workspaces.findByTeamId("T1") ??
    repos.workspaces.upsertWorkspace({ teamId: "T1", name: "Team", installedAt: CREATED });
  return repos.partnerships.create({
    workspaceId: ws.id,
    channelId,
    name,
    timeZone: "Europe/Berlin",
    digestWeekday: 1,
    digestTime: "09:00",
    createdBy: "U0COORD",
    createdAt: CREATED,
    updatedAt: CREATED,
  });
}

function org(
  partnershipId: number,
  name: string,
  sector: "business" | "civil_society" | "government",
) {
  return repos.organizations.upsert({
    partnershipId,
    name,
    normalizedName: name.toLowerCase(),
    sector,
    createdAt: CREATED,
  });
}

function member(
  partnershipId: number,
  userId: string,
  name: string,
  organizationId: number | null,
) {
  return repos.members.upsert({
    partnershipId,
    slackUserId: userId,
    displayName: name,
    organizationId,
    role: organizationId === null ? "observer" : "partner",
    createdAt: CREATED,
  });
}

function commit(
  values: Pick<NewCommitment, "partnershipId" | "organizationId" | "ownerMemberId" | "title"> &
    Partial<NewCommitment>,
  objectiveIds: number[],
) {
  const createdAt = values.createdAt ?? ms("2026-01-05T09:00:00Z");
  return repos.commitments.create(
    {
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: createdAt,
      createdBy: "U0COORD",
      updatedAt: createdAt,
      ...values,
      createdAt,
    },
    objectiveIds,
  );
}

let periodSeq = 0;
function checkIn(
  commitmentId: number,
  authorMemberId: number,
  at: number,
  status: Status,
  learning: string | null = null,
) {
  return repos.checkIns.upsert({
    commitmentId,
    periodKey: `W:${new Date(at).toISOString().slice(0, 10)}:${periodSeq++}`,
    authorMemberId,
    status,
    progress: null,
    learning,
    createdAt: at,
    editedAt: null,
  });
}

function prompt(
  commitmentId: number,
  dueAt: number,
  state: "pending" | "sent" | "answered" | "failed" | "skipped",
  answeredAt: number | null = null,
) {
  database.db
    .insert(prompts)
    .values({
      commitmentId,
      periodKey: `W:${new Date(dueAt).toISOString()}`,
      dueAt,
      state,
      answeredAt,
      createdAt: dueAt,
      updatedAt: dueAt,
    })
    .run();
}

function helpOffered(
  workspaceId: number,
  partnershipId: number,
  blockerId: number,
  userId: string,
  at: number,
) {
  repos.audit.record({
    workspaceId,
    partnershipId,
    actorUserId: userId,
    action: "blocker.help",
    entity: "blocker",
    entityId: blockerId,
    detail: {},
    at,
  });
}

/** Builds the partnership described at the top; returns its ids. */
function seedWaterForAll() {
  const p = newPartnership("C0WATER", "Water for All");
  const acme = org(p.id, "Acme", "business");
  const river = org(p.id, "River", "civil_society");
  const bureau = org(p.id, "Bureau", "government");
  const gone = org(p.id, "Gone", "government");
  repos.organizations.update(p.id, gone.id, { removedAt: ms("2026-01-02T00:00:00Z") });

  const cora = member(p.id, "U0COORD", "Cora", acme.id);
  const pat = member(p.id, "U0PART", "Pat", acme.id);
  const priya = member(p.id, "U0PART2", "Priya", river.id);
  member(p.id, "U0OBS", "Olu", null);

  const objective = (title: string, extra: Record<string, unknown> = {}) =>
    repos.objectives.create({
      partnershipId: p.id,
      title,
      createdAt: CREATED,
      updatedAt: CREATED,
      ...extra,
    });
  const o1 = objective("Safe water", {
    indicator: "households with safe water",
    unit: "households",
    baseline: 100,
    target: 500,
  });
  const o2 = objective("Schools");
  const o3 = objective("Sanitation");
  const o4 = objective("Old goal", { state: "retired" });

  const c1 = commit(
    { partnershipId: p.id, organizationId: acme.id, ownerMemberId: pat.id, title: "Wells" },
    [o1.id],
  );
  const c2 = commit(
    { partnershipId: p.id, organizationId: river.id, ownerMemberId: priya.id, title: "Curriculum" },
    [o2.id],
  );
  const c3 = commit(
    { partnershipId: p.id, organizationId: acme.id, ownerMemberId: pat.id, title: "Pilot" },
    [o2.id],
  );
  const c4 = commit(
    {
      partnershipId: p.id,
      organizationId: river.id,
      ownerMemberId: priya.id,
      title: "Side quest",
      createdAt: day("2026-03-10"),
    },
    [],
  );
  const c5 = commit(
    { partnershipId: p.id, organizationId: acme.id, ownerMemberId: cora.id, title: "Legacy" },
    [o4.id],
  );
  const c6 = commit(
    {
      partnershipId: p.id,
      organizationId: river.id,
      ownerMemberId: priya.id,
      title: "Trial",
      createdAt: day("2026-01-20"),
    },
    [o2.id],
  );

  // Check-ins (Thursdays; none in the week 02-09 .. 02-16).
  for (const [date, status] of [
    ["2026-01-22", "on_track"],
    ["2026-01-29", "on_track"],
    ["2026-02-05", "on_track"],
    ["2026-02-19", "on_track"],
    ["2026-02-26", "on_track"],
    ["2026-03-05", "on_track"],
  ] as const) {
    checkIn(c1.id, pat.id, day(date), status, date === "2026-03-05" ? "Last week's lesson" : null);
  }
  checkIn(c1.id, pat.id, day("2026-03-12"), "at_risk", "Pumps need spare parts");
  for (const [date, status] of [
    ["2026-01-22", "on_track"],
    ["2026-01-29", "on_track"],
    ["2026-02-05", "at_risk"],
    ["2026-02-19", "off_track"],
    ["2026-02-26", "off_track"],
    ["2026-03-05", "off_track"],
  ] as const) {
    checkIn(c2.id, priya.id, day(date), status);
  }
  checkIn(c2.id, priya.id, day("2026-03-12"), "on_track", "   ");
  checkIn(c3.id, pat.id, day("2026-01-22"), "on_track");
  checkIn(c3.id, pat.id, day("2026-02-26"), "on_track");
  checkIn(c3.id, pat.id, day("2026-03-11"), "done", "Pilots teach more than plans");
  checkIn(c5.id, cora.id, day("2026-01-06"), "on_track");
  checkIn(c5.id, cora.id, day("2026-01-10"), "at_risk");
  checkIn(c6.id, priya.id, day("2026-01-29"), "at_risk");

  repos.commitments.update(p.id, c1.id, { currentStatus: "at_risk", progress: 300 });
  repos.commitments.update(p.id, c2.id, { currentStatus: "on_track", progress: 40 });
  repos.commitments.update(p.id, c3.id, {
    currentStatus: "done",
    progress: 100,
    state: "closed",
    closedAt: day("2026-03-11"),
  });
  repos.commitments.update(p.id, c5.id, { currentStatus: "at_risk" });
  repos.commitments.update(p.id, c6.id, { state: "dropped", closedAt: day("2026-02-20") });

  // Prompts: the week is [03-08 23:00Z, 03-15 23:00Z), Berlin's days 03-09 to 03-15.
  prompt(c1.id, ms("2026-03-09T08:00:00Z"), "failed"); // at the start: inside
  prompt(c1.id, day("2026-03-12", "08:00"), "answered", day("2026-03-12"));
  prompt(c5.id, day("2026-03-05", "08:00"), "sent"); // last week: silent 1
  prompt(c5.id, day("2026-03-12", "08:00"), "sent"); // silent 2
  prompt(c5.id, day("2026-03-14", "08:00"), "pending"); // not yet a period
  prompt(c2.id, day("2026-03-12", "08:00"), "answered", day("2026-03-12"));
  prompt(c4.id, day("2026-03-13", "08:00"), "skipped"); // Priya away
  prompt(c2.id, ms("2026-03-16T08:00:00Z"), "sent"); // at the end: next week

  // Blockers.
  const b1 = repos.blockers.create({
    commitmentId: c1.id,
    text: "No spare pumps",
    raisedByMemberId: pat.id,
    state: "open",
    createdAt: ms("2026-03-01T09:00:00Z"),
  });
  repos.blockers.update(b1.id, { helperMemberId: priya.id });
  database.sqlite.prepare("UPDATE blockers SET escalation_level = 1 WHERE id = ?").run(b1.id);
  helpOffered(p.workspaceId, p.id, b1.id, "U0PART2", day("2026-03-02"));
  helpOffered(p.workspaceId, p.id, b1.id, "U0COORD", day("2026-03-03"));
  const b2 = repos.blockers.create({
    commitmentId: c2.id,
    text: "Teachers on strike",
    raisedByMemberId: priya.id,
    couldHelpOrganizationId: acme.id,
    state: "open",
    createdAt: ms("2026-03-10T12:00:00Z"),
  });
  const b3 = repos.blockers.create({
    commitmentId: c2.id,
    text: "No bus",
    raisedByMemberId: priya.id,
    state: "open",
    createdAt: day("2026-03-03"),
  });
  repos.blockers.update(b3.id, {
    state: "resolved",
    resolvedAt: day("2026-03-11"),
    resolvedByMemberId: cora.id,
    resolution: "Found a bus",
  });
  const b4 = repos.blockers.create({
    commitmentId: c1.id,
    text: "Old trouble",
    raisedByMemberId: pat.id,
    state: "open",
    createdAt: day("2026-02-20"),
  });
  repos.blockers.update(b4.id, {
    state: "resolved",
    resolvedAt: day("2026-03-05"),
    resolvedByMemberId: pat.id,
    resolution: "Gone",
  });
  helpOffered(p.workspaceId, p.id, b4.id, "U0COORD", day("2026-02-21"));

  // Decisions: the window ends on 2026-03-16 in Berlin.
  const decision = (text: string, dueDate: string | null, state: "open" | "done" = "open") =>
    database.db
      .insert(decisions)
      .values({
        partnershipId: p.id,
        text,
        ownerMemberId: cora.id,
        dueDate,
        state,
        createdBy: "U0COORD",
        createdAt: CREATED,
      })
      .returning()
      .get();
  const d1 = decision("Choose the pump supplier", "2026-03-10");
  const d2 = decision("Agree the school list", "2026-03-16");
  decision("Plan the launch", "2026-03-17");
  decision("Already decided", "2026-03-01", "done");
  decision("Someday", null);

  return {
    ...{ p, acme, river, bureau, cora, pat, priya, o1, o2, o3 },
    ...{ c1, c2, c3, c4, c5, c6, b1, b2, b3, d1, d2 },
  };
}

function digestOf(partnershipId: number, window: DigestWindow, now = NOW): Digest {
  return buildDigest(gatherDigestInput(database.db, partnershipId, window, now), window);
}

function windowOf(partnership: { digestWeekday: number; digestTime: string; timeZone: string }) {
  return digestWindow(digestSpecOf(partnership), NOW);
}

/** Another partnership in the same workspace with data of every kind, which must never show. */
function seedNeighbour() {
  const p = newPartnership("C0OTHER", "Neighbours");
  const o = org(p.id, "Stranger Co", "business");
  const m = member(p.id, "U0STRANGER", "Stan", o.id);
  const objective = repos.objectives.create({
    partnershipId: p.id,
    title: "Their goal",
    createdAt: CREATED,
    updatedAt: CREATED,
  });
  const c = commit(
    {
      partnershipId: p.id,
      organizationId: o.id,
      ownerMemberId: m.id,
      title: "Their work",
      createdAt: day("2026-03-10"),
    },
    [objective.id],
  );
  checkIn(c.id, m.id, day("2026-03-12"), "off_track", "Their lesson");
  prompt(c.id, day("2026-03-12", "08:00"), "sent");
  prompt(c.id, day("2026-03-05", "08:00"), "sent");
  const b = repos.blockers.create({
    commitmentId: c.id,
    text: "Their blocker",
    raisedByMemberId: m.id,
    state: "open",
    createdAt: day("2026-03-10"),
  });
  helpOffered(p.workspaceId, p.id, b.id, "U0STRANGER", day("2026-03-11"));
  database.db
    .insert(decisions)
    .values({
      partnershipId: p.id,
      text: "Their decision",
      dueDate: "2026-03-01",
      createdBy: "U0STRANGER",
      createdAt: CREATED,
    })
    .run();
  return p;
}

const ref = (
  c: { id: number; title: string; organizationId: number },
  orgName: string,
  owner: { id: number; slackUserId: string; displayName: string | null },
) => ({
  id: c.id,
  title: c.title,
  organizationId: c.organizationId,
  organizationName: orgName,
  owner: { memberId: owner.id, slackUserId: owner.slackUserId, displayName: owner.displayName },
});

describe("the digest of a small partnership (golden case)", () => {
  let s: ReturnType<typeof seedWaterForAll>;
  let digest: Digest;
  let window: DigestWindow;

  beforeEach(() => {
    s = seedWaterForAll();
    seedNeighbour();
    window = windowOf(s.p);
    digest = digestOf(s.p.id, window);
  });

  it("when the digest of Monday 2026-03-16 is built, then it covers the seven Berlin days before, as of its slot", () => {
    expect(digest.window).toEqual({
      start: ms("2026-03-08T23:00:00Z"),
      end: ms("2026-03-15T23:00:00Z"),
      firstDate: "2026-03-09",
      lastDate: "2026-03-15",
      isoWeek: "2026-W11",
      periodKey: "D:2026-03-16",
      partial: false,
      sinceLastDigest: false,
      asOf: ms("2026-03-16T08:00:00Z"),
      seenFrom: ms("2026-03-09T08:00:00Z"),
      endDate: "2026-03-16",
    });
    expect(digest.partnershipName).toBe("Water for All");
    expect(digest.channelId).toBe("C0WATER");
    expect(digest.generatedAt).toBe(NOW);
  });

  it("when objectives are read, then each shows its indicator's latest value, its way to the target and its active commitments with their own progress", () => {
    const { o1, o2, o3, c1, c2, pat, priya } = s;
    expect(digest.objectives).toEqual([
      {
        id: o1.id,
        title: "Safe water",
        indicator: "households with safe water",
        unit: "households",
        baseline: 100,
        target: 500,
        targetDate: null,
        commitments: [
          {
            ...ref(c1, "Acme", pat),
            status: "at_risk",
            dueDate: null,
            progress: 300,
            measure: {
              kind: "indicator",
              objectiveId: o1.id,
              indicator: "households with safe water",
              unit: "households",
              baseline: 100,
              target: 500,
            },
          },
        ],
        // 300 is in the progress column only (no check-in carries it): nobody is named.
        value: {
          value: 300,
          at: expect.any(Number),
          date: expect.any(String),
          commitment: ref(c1, "Acme", pat),
          reportedBy: null,
        },
        way: { kind: "share", share: 0.5 },
        counts: { on_track: 0, at_risk: 1, off_track: 0, done: 0, none: 0 },
      },
      {
        id: o2.id,
        title: "Schools",
        indicator: null,
        unit: null,
        baseline: null,
        target: null,
        targetDate: null,
        commitments: [
          {
            ...ref(c2, "River", priya),
            status: "on_track",
            dueDate: null,
            progress: 40,
            measure: { kind: "percent" },
          },
        ],
        value: null,
        way: { kind: "unknown", reason: "no_value" },
        counts: { on_track: 1, at_risk: 0, off_track: 0, done: 0, none: 0 },
      },
      {
        id: o3.id,
        title: "Sanitation",
        indicator: null,
        unit: null,
        baseline: null,
        target: null,
        targetDate: null,
        commitments: [],
        value: null,
        way: { kind: "unknown", reason: "no_value" },
        counts: { on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 0 },
      },
    ]);
  });

  it("when statuses moved during the week, then the changes name each kind once", () => {
    const { c1, c2, c3, c4, pat, priya } = s;
    const move = (path: string[], kind: string, at: number) => ({ path, kind, late: false, at });
    expect(digest.changes).toEqual({
      moves: [
        { ...ref(c1, "Acme", pat), ...move(["on_track", "at_risk"], "worse", day("2026-03-12")) },
        { ...ref(c3, "Acme", pat), ...move(["on_track", "done"], "done", day("2026-03-11")) },
        {
          ...ref(c2, "River", priya),
          ...move(["off_track", "on_track"], "better", day("2026-03-12")),
        },
      ],
      created: [{ ...ref(c4, "River", priya), createdAt: day("2026-03-10") }],
    });
  });

  it("when some work is unaligned, then the gaps list the lone objective, organization and commitments, and the silent owner", () => {
    const { o3, bureau, c4, c5, cora } = s;
    const gap = (c: typeof c4, organizationName: string) => ({
      id: c.id,
      title: c.title,
      organizationId: c.organizationId,
      organizationName,
    });
    expect(digest.gaps).toEqual({
      objectives: [{ id: o3.id, title: "Sanitation" }],
      organizations: [{ id: bureau.id, name: "Bureau", sector: "government" }],
      commitments: [gap(c4, "River"), gap(c5, "Acme")],
      silentOwners: [
        {
          memberId: cora.id,
          slackUserId: "U0COORD",
          displayName: "Cora",
          organizationName: "Acme",
          silentPeriods: 2,
          silentCommitments: 1,
        },
      ],
      total: 5,
    });
  });

  it("when prompts went out, then participation counts answered of sent by organization, away excluded, and names the silent owner", () => {
    const { acme, bureau, river, cora } = s;
    expect(digest.participation).toEqual({
      organizations: [
        {
          organizationId: acme.id,
          organizationName: "Acme",
          sent: 3,
          answered: 1,
          away: 0,
          rate: 1 / 3,
        },
        {
          organizationId: bureau.id,
          organizationName: "Bureau",
          sent: 0,
          answered: 0,
          away: 0,
          rate: null,
        },
        {
          organizationId: river.id,
          organizationName: "River",
          sent: 1,
          answered: 1,
          away: 1,
          rate: 1,
        },
      ],
      total: { sent: 4, answered: 2, away: 1 },
      silentOwners: [
        {
          memberId: cora.id,
          slackUserId: "U0COORD",
          displayName: "Cora",
          organizationId: acme.id,
          organizationName: "Acme",
          silentPeriods: 2,
          silentCommitments: 1,
        },
      ],
    });
  });

  it("when blockers are open, escalated and resolved, then they show age, helpers and resolutions", () => {
    const { c1, c2, acme, pat, priya, b1, b2, b3 } = s;
    const open = digest.blockers.open;
    expect(open.map((b) => b.id)).toEqual([b1.id, b2.id]);
    expect(
      open.map((b) => [b.text, b.ageDays, b.helperUserIds, b.couldHelp, b.escalationLevel]),
    ).toEqual([
      ["No spare pumps", 15, ["U0PART2", "U0COORD"], null, 1],
      ["Teachers on strike", 5, [], { organizationId: acme.id, organizationName: "Acme" }, 0],
    ]);
    expect(open[0]?.commitment).toEqual(ref(c1, "Acme", pat));
    expect(open[0]?.raisedByUserId).toBe("U0PART");
    expect(digest.blockers.escalated.map((b) => b.text)).toEqual(["No spare pumps"]);
    expect(digest.blockers.resolved).toEqual([
      {
        id: b3.id,
        text: "No bus",
        commitment: ref(c2, "River", priya),
        resolvedAt: day("2026-03-11"),
        resolvedByUserId: "U0COORD",
        resolvedByName: "Cora",
        resolution: "Found a bus",
        helperUserIds: [],
        helperNames: [],
      },
    ]);
  });

  it("when learnings and decisions were recorded, then the week's learnings and the decisions due show", () => {
    const { c1, c3, pat, cora, d1, d2 } = s;
    expect(
      digest.learnings.map((l) => [l.commitment, l.author?.slackUserId, l.text, l.at]),
    ).toEqual([
      [ref(c3, "Acme", pat), "U0PART", "Pilots teach more than plans", day("2026-03-11")],
      [ref(c1, "Acme", pat), "U0PART", "Pumps need spare parts", day("2026-03-12")],
    ]);
    const owner = { memberId: cora.id, slackUserId: "U0COORD", displayName: "Cora" };
    expect(digest.decisions).toEqual({
      due: [
        {
          id: d1.id,
          text: "Choose the pump supplier",
          owner,
          dueDate: "2026-03-10",
          overdue: true,
        },
        {
          id: d2.id,
          text: "Agree the school list",
          owner,
          dueDate: "2026-03-16",
          overdue: false,
        },
      ],
      openTotal: 4,
    });
  });

  it("when eight weeks are charted, then each week counts the active commitments by status, the quiet week included", () => {
    const table = digest.history.map((w) => [
      w.lastDate,
      w.counts.on_track,
      w.counts.at_risk,
      w.counts.off_track,
      w.counts.done,
      w.counts.none,
      w.total,
    ]);
    expect(table).toEqual([
      // last day   on  at  off done none total
      ["2026-01-25", 3, 1, 0, 0, 1, 5], // C1 C2 C3 on; C5 at risk; C6 new
      ["2026-02-01", 3, 2, 0, 0, 0, 5], // C6 at risk
      ["2026-02-08", 2, 3, 0, 0, 0, 5], // C2 at risk
      ["2026-02-15", 2, 3, 0, 0, 0, 5], // no check-ins at all: carried over
      ["2026-02-22", 2, 1, 1, 0, 0, 4], // C2 off track; C6 dropped
      ["2026-03-01", 2, 1, 1, 0, 0, 4],
      ["2026-03-08", 2, 1, 1, 0, 0, 4],
      ["2026-03-15", 1, 2, 0, 1, 1, 5], // C1 at risk, C2 on, C3 done, C4 new
    ]);
    expect(digest.history.map((w) => w.isoWeek)).toEqual(window.weeks.map((w) => w.isoWeek));
  });

  it("when the partnership's silent-periods setting is 3, then Cora's 2 closed unanswered periods do not make her silent in the digest, as in /poc status", () => {
    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 3 WHERE id = ?")
      .run(s.p.id);
    const stricter = digestOf(s.p.id, window);
    expect(stricter.participation.silentOwners).toEqual([]);
    expect(stricter.gaps.silentOwners).toEqual([]);
    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 1 WHERE id = ?")
      .run(s.p.id);
    expect(digestOf(s.p.id, window).participation.silentOwners.map((o) => o.slackUserId)).toEqual([
      "U0COORD",
    ]);
  });

  it("when the headline is read, then it sums up the sections", () => {
    expect(digest.headline).toEqual({
      activeCommitments: 4,
      byStatus: { on_track: 1, at_risk: 2, off_track: 0, done: 0, none: 1 },
      openBlockers: 2,
      escalatedBlockers: 1,
      gaps: 5,
      answered: 2,
      sent: 4,
    });
  });

  it("when the input is gathered, then only this partnership's rows are in it, within the weeks asked", () => {
    const input = gatherDigestInput(database.db, s.p.id, window, NOW);
    const ids = new Set([s.c1.id, s.c2.id, s.c3.id, s.c4.id, s.c5.id, s.c6.id]);
    expect(input.commitments.map((c) => c.id)).toEqual([...ids]);
    expect(input.checkIns.every((ci) => ids.has(ci.commitmentId))).toBe(true);
    expect(input.prompts.every((pr) => ids.has(pr.commitmentId))).toBe(true);
    expect(input.blockers.map((b) => b.text)).toEqual([
      "No spare pumps",
      "No bus",
      "Teachers on strike",
    ]);
    expect(input.helpers.map((h) => h.userId)).toEqual(["U0PART2", "U0COORD"]);
    expect(input.decisions.map((d) => d.text)).toEqual([
      "Choose the pump supplier",
      "Agree the school list",
      "Plan the launch",
      "Someday",
    ]);
    // C5's two check-ins predate the history: only the newer one (its status then) is read.
    expect(
      input.checkIns.filter((ci) => ci.commitmentId === s.c5.id).map((ci) => ci.status),
    ).toEqual(["at_risk"]);
    expect(input.checkIns.length).toBe(19);
  });
});

describe("a brand-new partnership", () => {
  it("when nothing has happened yet, then every section is empty and the history is eight empty weeks", () => {
    const p = newPartnership("C0NEW", "Fresh Start");
    seedNeighbour();
    const window = windowOf(p);
    const digest = digestOf(p.id, window);
    expect(digest.headline).toEqual({
      activeCommitments: 0,
      byStatus: { on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 0 },
      openBlockers: 0,
      escalatedBlockers: 0,
      gaps: 0,
      answered: 0,
      sent: 0,
    });
    expect(digest.objectives).toEqual([]);
    expect(digest.changes).toEqual({ moves: [], created: [] });
    expect(digest.gaps).toEqual({
      objectives: [],
      organizations: [],
      commitments: [],
      silentOwners: [],
      total: 0,
    });
    expect(digest.participation).toEqual({
      organizations: [],
      total: { sent: 0, answered: 0, away: 0 },
      silentOwners: [],
    });
    expect(digest.blockers).toEqual({ open: [], escalated: [], resolved: [] });
    expect(digest.learnings).toEqual([]);
    expect(digest.decisions).toEqual({ due: [], openTotal: 0 });
    expect(digest.history).toHaveLength(8);
    for (const week of digest.history) {
      expect(week.counts).toEqual({ on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 0 });
      expect(week.total).toBe(0);
    }
  });

  it("when the partnership does not exist, then gathering says so", () => {
    const window = digestWindow({ weekday: 1, localTime: "09:00", zone: "UTC" }, NOW);
    expect(() => gatherDigestInput(database.db, 999, window, NOW)).toThrow(/partnership 999/);
  });
});

describe("the cost of gathering", () => {
  it("when the partnership grows, then the number of statements stays the same (no query per row)", () => {
    const s = seedWaterForAll();
    const window = windowOf(s.p);
    // Statements are prepared once per connection: count the ones run.
    const statementProto = Object.getPrototypeOf(database.sqlite.prepare("SELECT 1")) as {
      all: (...args: unknown[]) => unknown;
      get: (...args: unknown[]) => unknown;
      iterate: (...args: unknown[]) => unknown;
    };
    const statements = () => {
      const spies = [
        vi.spyOn(statementProto, "all"),
        vi.spyOn(statementProto, "get"),
        vi.spyOn(statementProto, "iterate"),
      ];
      try {
        gatherDigestInput(database.db, s.p.id, window, NOW);
        return spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    };
    const small = statements();
    for (let i = 0; i < 30; i++) {
      const c = commit(
        {
          partnershipId: s.p.id,
          organizationId: s.acme.id,
          ownerMemberId: s.pat.id,
          title: `Extra ${i}`,
        },
        [s.o1.id, s.o2.id],
      );
      checkIn(c.id, s.pat.id, day("2026-03-12"), "on_track", `Lesson ${i}`);
      prompt(c.id, day("2026-03-12", "08:00"), "sent");
      const b = repos.blockers.create({
        commitmentId: c.id,
        text: `Extra blocker ${i}`,
        raisedByMemberId: s.pat.id,
        state: "open",
        createdAt: day("2026-03-12"),
      });
      helpOffered(s.p.workspaceId, s.p.id, b.id, "U0PART2", day("2026-03-13"));
    }
    const large = statements();
    // One statement per table read (silent owners included), none per row.
    expect(small).toBe(12);
    expect(large).toBe(small);
    const digest = digestOf(s.p.id, window);
    expect(digest.headline.activeCommitments).toBe(34);
    expect(digest.blockers.open).toHaveLength(32);
    expect(
      database.db.select().from(commitments).where(eq(commitments.partnershipId, s.p.id)).all(),
    ).toHaveLength(36);
  });
});
