/**
 * The importer service, called directly with the file as plain data (what YAML's toJS gives), on
 * a real migrated database: creating, re-importing, updating, dry runs, references to rows that
 * already exist, and the problems that write nothing.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Database } from "../../src/db/index.js";
import type { ImportOutcome, ImportReport } from "../../src/services/importer.js";
import type { Services } from "../../src/services/index.js";
import { memoryDatabase } from "../support/db.js";
import { seedCommitment, seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";

const EXAMPLE = new URL("../../examples/partnership.yml", import.meta.url);
const NOW = Date.parse("2026-11-30T12:00:00Z");
const LATER = Date.parse("2026-12-07T08:00:00Z");
const TABLES = [
  "workspaces",
  "partnerships",
  "organizations",
  "members",
  "objectives",
  "commitments",
  "commitment_objectives",
  "audit_log",
];

// biome-ignore lint/suspicious/noExplicitAny: the file is free-form data, edited per test.
type FileData = any;

const example = (): FileData => parse(readFileSync(EXAMPLE, "utf8"));

let database: Database;
let services: Services;

beforeEach(() => {
  database = memoryDatabase();
  services = servicesOn(database);
});

afterEach(() => {
  database.close();
});

/** Every row of every table the import touches, in id order. */
function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(
    TABLES.map((table) => [table, database.sqlite.prepare(`SELECT * FROM ${table}`).all()]),
  );
}

function report(outcome: ImportOutcome): ImportReport {
  if (!outcome.ok) throw new Error(`unexpected problems: ${JSON.stringify(outcome.problems)}`);
  return outcome.report;
}

const run = (data: unknown, now = NOW, dryRun = false) =>
  services.importer.importPartnership(data, now, { dryRun });

function partnershipOf(teamId: string, channelId: string) {
  const ws = services.repos.workspaces.findByTeamId(teamId);
  if (ws === undefined) throw new Error(`no workspace ${teamId}`);
  const p = services.repos.partnerships.findByChannel(ws.id, channelId);
  if (p === undefined) throw new Error(`no partnership in ${channelId}`);
  return p;
}

describe("importing a partnership file", () => {
  it("when the shipped example is imported, then the partnership and everything in it exist", () => {
    const r = report(run(example()));
    expect(r.counts).toEqual({
      workspace: { created: 1, updated: 0, unchanged: 0 },
      partnership: { created: 1, updated: 0, unchanged: 0 },
      organization: { created: 4, updated: 0, unchanged: 0 },
      member: { created: 6, updated: 0, unchanged: 0 },
      objective: { created: 3, updated: 0, unchanged: 0 },
      commitment: { created: 8, updated: 0, unchanged: 0 },
    });
    expect([r.created, r.updated]).toEqual([23, 0]);

    const { repos } = services;
    const p = partnershipOf("T0EXAMPLE1", "C0LAKEWATER");
    expect(p).toMatchObject({
      name: "Lake Victoria Clean Water Compact",
      timeZone: "Africa/Nairobi",
      digestWeekday: 1,
      digestTime: "09:00",
      reminderDelayMinutes: 24 * 60,
      maxReminders: 1,
      silentPeriodsBeforeEscalation: 2,
      blockerEscalationDays: 7,
      createdBy: "import",
    });
    expect(p.purpose).toMatch(/^A company, the county government/);

    const orgs = repos.organizations.list(p.id);
    expect(orgs.map((o) => [o.name, o.sector])).toEqual([
      ["AquaPure Technologies", "business"],
      ["Kisumu County Water Department", "government"],
      ["Shoreline Communities Network", "civil_society"],
      ["University of Nairobi Water Lab", "academia"],
    ]);

    const members = repos.members.list(p.id);
    expect(members).toHaveLength(6);
    expect(new Set(members.map((m) => m.timeZone)).size).toBeGreaterThanOrEqual(3);
    const amina = repos.members.findByUser(p.id, "U0AMINA01");
    expect(amina).toMatchObject({
      role: "coordinator",
      organizationId: null,
      displayName: "Amina Odhiambo",
      timeZone: "Africa/Nairobi",
      isExternal: false,
    });
    const priya = repos.members.findByUser(p.id, "U0PRIYA01");
    expect(priya?.organizationId).toBe(orgs[0]?.id);

    const objectives = repos.objectives.list(p.id);
    expect(objectives[0]).toMatchObject({
      title: "Safe drinking water for 50,000 lakeside residents",
      indicator: "Residents with a safe water point within 500 m",
      unit: "people",
      baseline: 12000,
      target: 50000,
      targetDate: "2027-12-31",
      state: "active",
    });

    const commitments = repos.commitments.list(p.id);
    expect(commitments).toHaveLength(8);
    expect(new Set(commitments.map((c) => c.cadence))).toEqual(
      new Set(["weekly", "biweekly", "monthly"]),
    );
    for (const c of commitments) {
      expect(c).toMatchObject({ startedAt: NOW, createdAt: NOW, state: "active" });
    }
    const survey = commitments.find((c) => c.title === "Baseline and endline household survey");
    expect(survey).toMatchObject({
      ownerMemberId: repos.members.findByUser(p.id, "U0MATEO01")?.id,
      organizationId: orgs[3]?.id,
      dueDate: "2027-11-30",
      cadence: "monthly",
      checkInWeekday: 5,
      checkInTime: "09:00",
      objectiveIds: [objectives[0]?.id, objectives[1]?.id],
    });
    // `weekday: 2` in the file is Tuesday.
    expect(commitments.find((c) => c.title === "Open data dashboard of kiosk use")).toMatchObject({
      checkInWeekday: 2,
      dueDate: null,
    });

    const audit = repos.audit.list(p.workspaceId, p.id, 100);
    expect(audit).toHaveLength(22); // the workspace's entry has no partnership
    expect(new Set(audit.map((a) => a.actorUserId))).toEqual(new Set(["import"]));
    expect(audit.filter((a) => a.action === "commitment.create")).toHaveLength(8);
  });

  it("when the same file is imported twice, then the second import changes nothing at all", () => {
    report(run(example(), NOW));
    const once = snapshot();
    const second = report(run(example(), LATER));
    expect(snapshot()).toEqual(once);
    expect([second.created, second.updated]).toEqual([0, 0]);
    expect(second.changes).toEqual([]);
    expect(second.counts.commitment).toEqual({ created: 0, updated: 0, unchanged: 8 });
    expect(second.counts.member).toEqual({ created: 0, updated: 0, unchanged: 6 });
  });

  it("when the file changes, then the import updates the same rows in place", () => {
    report(run(example(), NOW));
    const before = snapshot();
    const p = partnershipOf("T0EXAMPLE1", "C0LAKEWATER");
    const oldDashboard = services.repos.commitments
      .list(p.id)
      .find((c) => c.title === "Open data dashboard of kiosk use");

    const file = example();
    file.digest.weekday = "tuesday";
    file.organizations[0].name = "AquaPure  TECHNOLOGIES"; // same organization, new spelling
    file.organizations[2].sector = "Foundation"; // read as philanthropy
    file.members[0].time_zone = "Europe/Paris";
    file.members[5].organization = "Shoreline Communities Network";
    delete file.members[1].name; // a name left out keeps the stored one
    file.objectives[1].target = 200;
    file.commitments[7].title = "OPEN DATA dashboard of kiosk use"; // same commitment
    file.commitments[7].due = "2027-10-31";
    file.commitments[7].cadence = "monthly";
    file.commitments[7].objectives = ["Water points run by trained community committees"];
    file.commitments.push({
      title: "Kiosk maintenance fund",
      owner: "U0GRACE01",
      organization: "aquapure technologies",
      cadence: "weekly",
    });
    file.members.splice(4, 1); // Wanjiru is left out of the file: she stays a member

    const r = report(run(file, LATER));
    expect(r.counts).toEqual({
      workspace: { created: 0, updated: 0, unchanged: 1 },
      partnership: { created: 0, updated: 1, unchanged: 0 },
      organization: { created: 0, updated: 2, unchanged: 2 },
      member: { created: 0, updated: 2, unchanged: 3 },
      objective: { created: 0, updated: 1, unchanged: 2 },
      commitment: { created: 1, updated: 1, unchanged: 7 },
    });
    expect(r.changes.filter((c) => c.action === "update")).toEqual([
      {
        kind: "partnership",
        action: "update",
        name: "Lake Victoria Clean Water Compact",
        channel: "C0LAKEWATER",
        fields: ["digest.weekday"],
      },
      {
        kind: "organization",
        action: "update",
        name: "AquaPure  TECHNOLOGIES",
        fields: ["name"],
      },
      {
        kind: "organization",
        action: "update",
        name: "Shoreline Communities Network",
        fields: ["sector"],
      },
      { kind: "member", action: "update", name: "U0AMINA01", fields: ["time_zone"] },
      { kind: "member", action: "update", name: "U0MATEO01", fields: ["organization"] },
      {
        kind: "objective",
        action: "update",
        name: "Halve waterborne illness at lakeside clinics",
        fields: ["target"],
      },
      {
        kind: "commitment",
        action: "update",
        name: "OPEN DATA dashboard of kiosk use",
        owner: "U0MATEO01",
        fields: ["title", "due", "cadence", "objectives"],
      },
    ]);

    const after = snapshot();
    for (const table of ["organizations", "members", "objectives"]) {
      expect(after[table]).toHaveLength((before[table] as unknown[]).length);
    }
    expect(after.commitments).toHaveLength(9);

    const { repos } = services;
    expect(repos.partnerships.findById(p.workspaceId, p.id)).toMatchObject({
      digestWeekday: 2,
      updatedAt: LATER,
    });
    expect(repos.members.findByUser(p.id, "U0JAMES01")?.displayName).toBe("James Whitfield");
    expect(repos.organizations.list(p.id).map((o) => o.sector)).toContain("philanthropy");
    expect(repos.members.findByUser(p.id, "U0WANJI01")?.role).toBe("partner");
    const objectives = repos.objectives.list(p.id);
    const dashboard = repos.commitments.findById(p.id, oldDashboard?.id ?? -1);
    expect(dashboard).toMatchObject({
      title: "OPEN DATA dashboard of kiosk use",
      dueDate: "2027-10-31",
      cadence: "monthly",
      startedAt: NOW,
      createdAt: NOW,
      updatedAt: LATER,
      objectiveIds: [objectives[2]?.id],
    });
    const fund = repos.commitments.list(p.id).find((c) => c.title === "Kiosk maintenance fund");
    expect(fund).toMatchObject({
      startedAt: LATER,
      checkInWeekday: 4,
      checkInTime: "10:00",
      objectiveIds: [],
      organizationId: repos.organizations.list(p.id)[0]?.id,
    });

    const edits = repos.audit.list(p.workspaceId, p.id).filter((a) => a.at === LATER);
    expect(edits.map((a) => a.action).sort()).toEqual(
      [
        "commitment.create",
        "commitment.edit",
        "member.edit",
        "member.edit",
        "objective.edit",
        "organization.edit",
        "organization.edit",
        "partnership.edit",
      ].sort(),
    );
    expect(edits.find((a) => a.action === "objective.edit")?.detail).toEqual({
      fields: ["target"],
      target: 200,
    });

    // And once more: the changed file is now what the database holds.
    const again = report(run(file, LATER + 1));
    expect([again.created, again.updated]).toEqual([0, 0]);
  });

  it("when it is a dry run, then it reports exactly what an import would do and writes nothing", () => {
    const empty = snapshot();
    const dry = report(run(example(), NOW, true));
    expect(snapshot()).toEqual(empty);
    expect(dry.dryRun).toBe(true);
    expect(dry.partnershipId).toBeNull();

    const real = report(run(example(), NOW));
    expect({ ...dry, dryRun: false, partnershipId: real.partnershipId }).toEqual(real);

    const imported = snapshot();
    const file = example();
    file.name = "Renamed compact";
    file.commitments[0].time = "8:15";
    const dryChange = report(run(file, LATER, true));
    expect(snapshot()).toEqual(imported);
    expect(dryChange.partnershipId).toBe(real.partnershipId);
    expect(dryChange.changes).toEqual([
      {
        kind: "partnership",
        action: "update",
        name: "Renamed compact",
        channel: "C0LAKEWATER",
        fields: ["name"],
      },
      {
        kind: "commitment",
        action: "update",
        name: "Install 40 solar-powered filtration kiosks",
        owner: "U0JAMES01",
        fields: ["time"],
      },
    ]);
  });

  it("when text is hostile, then it is stored verbatim and a second import still matches it", () => {
    const hostile = "<!channel> & <@U0EVIL> <http://evil.example|click me> *bold* 🎉 مرحبا";
    const file = example();
    file.name = "Compact <!here>";
    file.purpose = hostile;
    file.organizations[0].name = "Acme & Sons <!channel>";
    file.members[1].organization = "Acme & Sons <!channel>";
    file.members[2].organization = "Acme & Sons <!channel>";
    file.members[1].name = "<@U0AMINA01> 😀";
    file.objectives[0].title = hostile;
    file.commitments[0].organization = "acme & sons <!CHANNEL>";
    file.commitments[1].organization = "Acme & Sons <!channel>";
    for (const c of file.commitments) {
      c.objectives = c.objectives.map((t: string) => (t.startsWith("Safe drinking") ? hostile : t));
    }
    file.commitments[0].title = "`code` _it_ ~strike~ > quote <#C0OTHER>";
    report(run(file));

    const { repos } = services;
    const p = partnershipOf("T0EXAMPLE1", "C0LAKEWATER");
    expect(p.name).toBe("Compact <!here>");
    expect(p.purpose).toBe(hostile);
    expect(repos.organizations.list(p.id).map((o) => o.name)).toContain("Acme & Sons <!channel>");
    expect(repos.members.findByUser(p.id, "U0JAMES01")?.displayName).toBe("<@U0AMINA01> 😀");
    expect(repos.objectives.list(p.id)[0]?.title).toBe(hostile);
    expect(repos.commitments.list(p.id)[0]?.title).toBe("`code` _it_ ~strike~ > quote <#C0OTHER>");

    const again = report(run(file, LATER));
    expect([again.created, again.updated]).toEqual([0, 0]);
  });

  it("when the partnership exists, then the file may refer to its members, organizations and objectives", () => {
    const seeded = seedPartnership(services);
    const clean = services.repos.objectives.create({
      partnershipId: seeded.partnershipId,
      title: "Clean water",
      createdAt: NOW,
      updatedAt: NOW,
    });
    const file = {
      workspace: { team_id: "T0TEST" },
      channel: "C0PARTNER",
      name: "Clean Water Compact",
      purpose: "Safe water for everyone in the valley",
      time_zone: "Europe/London",
      commitments: [
        {
          title: "Pump repairs",
          owner: "<@U0PART|pat>",
          organization: "ACME water",
          objectives: ["clean  WATER"],
          cadence: "biweekly",
          weekday: "fri",
          time: "16:30",
        },
      ],
    };
    const r = report(run(file, LATER));
    expect(r.counts.partnership).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(r.counts.organization).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(r.counts.commitment).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const [pumps] = services.repos.commitments.list(seeded.partnershipId);
    expect(pumps).toMatchObject({
      ownerMemberId: seeded.members.pat,
      organizationId: seeded.orgs.acme,
      objectiveIds: [clean.id],
      cadence: "biweekly",
      checkInWeekday: 5,
      checkInTime: "16:30",
    });
    // The partnership's own settings, absent from the file, are kept.
    expect(partnershipOf("T0TEST", "C0PARTNER").reminderDelayMinutes).toBe(1440);
  });

  it("when an import changes something, then the members' views are announced; a dry run or no change announces nothing", () => {
    const seen: { partnershipId: number; userIds: readonly string[] }[] = [];
    services.changes.subscribe((change) => seen.push(change));
    report(run(example(), NOW, true));
    expect(seen).toEqual([]);
    const r = report(run(example(), NOW));
    expect(seen).toEqual([
      {
        teamId: "T0EXAMPLE1",
        partnershipId: r.partnershipId,
        userIds: ["U0AMINA01", "U0JAMES01", "U0PRIYA01", "U0GRACE01", "U0WANJI01", "U0MATEO01"],
      },
    ]);
    report(run(example(), LATER));
    expect(seen).toHaveLength(1);
  });

  it("when a removed organization is listed again, then it comes back on the same row", () => {
    report(run(example(), NOW));
    const p = partnershipOf("T0EXAMPLE1", "C0LAKEWATER");
    const aqua = services.repos.organizations.list(p.id)[0];
    services.repos.organizations.update(p.id, aqua?.id ?? -1, { removedAt: NOW });
    const r = report(run(example(), LATER));
    expect(r.changes).toEqual([
      {
        kind: "organization",
        action: "update",
        name: "AquaPure Technologies",
        fields: ["removed"],
      },
    ]);
    expect(services.repos.organizations.list(p.id)[0]).toMatchObject({
      id: aqua?.id,
      removedAt: null,
    });
  });
});

describe("a file the importer refuses", () => {
  const problemsOf = (outcome: ImportOutcome) => {
    if (outcome.ok) throw new Error("expected problems");
    return outcome.problems.map((p) => [p.path.join("."), p.message]);
  };

  it("when references, roles and duplicates are wrong, then every problem is reported and nothing is written", () => {
    const empty = snapshot();
    const file = example();
    file.members[0].role = "partner"; // no coordinator left
    file.members.push({ user: "U0JAMES01", role: "partner" });
    file.members.push({ user: "U0OLU", role: "observer", organization: "Nobody Inc" });
    file.commitments[0].owner = "U0OLU";
    file.commitments.push({ ...file.commitments[1] });
    file.commitments[2].objectives = ["Safe drinking water for 50,000 lakeside residents", "Peace"];
    file.objectives.push({ title: "HALVE waterborne illness at lakeside clinics" });
    file.settings.reminders = 9;
    file.settings.remind_me = true;
    file.workspace.team_id = "acme";

    expect(problemsOf(run(file))).toEqual([
      ["workspace.team_id", '"acme" is not a Slack team id (like T0123ABCD).'],
      ["settings.reminders", "reminders must be a whole number from 0 to 1."],
      [
        "settings.remind_me",
        'unknown key "remind_me"; expected one of: reminder_delay_hours, reminders, silent_periods, blocker_escalation_days',
      ],
      [
        "members.0.organization",
        "U0AMINA01 is a partner: a partner belongs to an organization (name one of the file's organizations)",
      ],
      ["members.6.user", "U0JAMES01 is already listed as members[1]"],
      ["members.7.organization", '"Nobody Inc" is not an organization listed in the file'],
      ["members", "a partnership needs at least one member with role: coordinator"],
      [
        "objectives.3.title",
        '"HALVE waterborne illness at lakeside clinics" is already listed as objectives[1]: titles are case- and space-insensitive',
      ],
      [
        "commitments.0.owner",
        "U0OLU is an observer: observers are never asked to check in, so they cannot own commitments",
      ],
      ["commitments.2.objectives.1", '"Peace" is not an objective listed in the file'],
      [
        "commitments.8.title",
        '"Remote water-quality monitoring for every kiosk" owned by U0PRIYA01 is already listed as commitments[1]',
      ],
    ]);
    expect(snapshot()).toEqual(empty);
  });

  it("when the file would demote the partnership's last coordinator, then it is refused", () => {
    seedPartnership(services);
    const before = snapshot();
    const file = {
      workspace: { team_id: "T0TEST" },
      channel: "C0PARTNER",
      name: "Clean Water Compact",
      time_zone: "Europe/London",
      members: [{ user: "U0COORD", role: "partner", organization: "Acme Water" }],
    };
    expect(problemsOf(run(file, LATER))).toEqual([
      ["members", "a partnership needs at least one member with role: coordinator"],
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("when the file would make an owner of active commitments an observer, or leave a partner without an organization, then it is refused", () => {
    const seed = seedPartnership(services);
    seedCommitment(services, {
      partnershipId: seed.partnershipId,
      organizationId: seed.orgs.acme,
      ownerMemberId: seed.members.pat,
      title: "Pat's pumps",
    });
    const before = snapshot();
    const file = {
      workspace: { team_id: "T0TEST" },
      channel: "C0PARTNER",
      name: "Clean Water Compact",
      time_zone: "Europe/London",
      members: [
        { user: "U0PART", role: "observer" },
        { user: "U0NEW", role: "partner" },
      ],
    };
    expect(problemsOf(run(file, LATER))).toEqual([
      [
        "members.0.role",
        "U0PART owns active commitments in the partnership: observers are never asked to check in, so close or reassign them first",
      ],
      [
        "members.1.organization",
        "U0NEW is a partner: a partner belongs to an organization (name one of the file's organizations)",
      ],
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("when a closed commitment is listed again, then it is a new active commitment, not the closed one", () => {
    const first = report(run(example()));
    expect(first.counts.commitment?.created).toBeGreaterThan(0);
    const p = partnershipOf(example().workspace.team_id, example().channel);
    const [c] = services.repos.commitments.list(p.id);
    services.repos.commitments.update(p.id, c?.id ?? 0, { state: "closed", closedAt: LATER });
    const again = report(run(example(), LATER));
    expect(again.counts.commitment).toEqual({
      created: 1,
      updated: 0,
      unchanged: (first.counts.commitment?.created ?? 0) - 1,
    });
    expect(services.repos.commitments.list(p.id, { state: "active" })).toHaveLength(
      first.counts.commitment?.created ?? 0,
    );
  });

  it("when the input is not a mapping, then it says what a file must be", () => {
    expect(problemsOf(run(null))).toEqual([
      ["", "the file is empty: it must describe one partnership (workspace, channel, name, ...)"],
    ]);
    expect(problemsOf(run(["a"]))).toEqual([
      ["", "the file must be a mapping of keys and values describing one partnership"],
    ]);
  });
});
