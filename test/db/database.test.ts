import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Database,
  DatabaseError,
  type Db,
  MIGRATIONS_FOLDER,
  migrateDatabase,
  openDatabase,
} from "../../src/db/index.js";
import {
  createLeasesRepository,
  createProcessedEventsRepository,
  createWorkspacesRepository,
} from "../../src/db/repositories/index.js";
import {
  blockers,
  checkIns,
  commitmentObjectives,
  commitments,
  digests,
  members,
  objectives,
  organizations,
  partnerships,
  processedEvents,
  prompts,
  workspaces,
} from "../../src/db/schema.js";
import { freshDatabase, memoryDatabase, type TestDatabase, tempFolder } from "../support/db.js";

const NOW = Date.UTC(2025, 1, 13, 9, 0);

const TABLES = [
  "audit_log",
  "blockers",
  "check_ins",
  "commitment_objectives",
  "commitments",
  "decisions",
  "digests",
  "leases",
  "members",
  "objectives",
  "organizations",
  "partnerships",
  "processed_events",
  "prompts",
  "workspaces",
];

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function fresh(): TestDatabase {
  const database = freshDatabase();
  cleanups.push(() => database.cleanup());
  return database;
}

function memory(): Database {
  const database = memoryDatabase();
  cleanups.push(() => database.close());
  return database;
}

function folder(): string {
  const dir = tempFolder();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One row in every table that has a unique constraint, linked the way the services link them. */
function seed(db: Db) {
  const workspace = db
    .insert(workspaces)
    .values({ teamId: "T1", name: "Acme", installedAt: NOW })
    .returning()
    .get();
  const partnership = db
    .insert(partnerships)
    .values({
      workspaceId: workspace.id,
      channelId: "C1",
      name: "Clean Water",
      timeZone: "Europe/Berlin",
      createdBy: "U1",
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning()
    .get();
  const organization = db
    .insert(organizations)
    .values({
      partnershipId: partnership.id,
      name: "Water  Works",
      normalizedName: "waterworks",
      sector: "civil_society",
      createdAt: NOW,
    })
    .returning()
    .get();
  const member = db
    .insert(members)
    .values({
      partnershipId: partnership.id,
      slackUserId: "U1",
      organizationId: organization.id,
      role: "partner",
      createdAt: NOW,
    })
    .returning()
    .get();
  const objective = db
    .insert(objectives)
    .values({ partnershipId: partnership.id, title: "Wells", createdAt: NOW, updatedAt: NOW })
    .returning()
    .get();
  const commitment = db
    .insert(commitments)
    .values({
      partnershipId: partnership.id,
      organizationId: organization.id,
      ownerMemberId: member.id,
      title: "Drill 10 wells",
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: NOW,
      createdBy: "U1",
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning()
    .get();
  db.insert(commitmentObjectives)
    .values({ commitmentId: commitment.id, objectiveId: objective.id })
    .run();
  const prompt = db
    .insert(prompts)
    .values({
      commitmentId: commitment.id,
      periodKey: "2025-W07",
      dueAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning()
    .get();
  const checkIn = db
    .insert(checkIns)
    .values({
      commitmentId: commitment.id,
      promptId: prompt.id,
      periodKey: "2025-W07",
      authorMemberId: member.id,
      status: "on_track",
      createdAt: NOW,
    })
    .returning()
    .get();
  const blocker = db
    .insert(blockers)
    .values({
      commitmentId: commitment.id,
      checkInId: checkIn.id,
      text: "Permit pending",
      raisedByMemberId: member.id,
      createdAt: NOW,
    })
    .returning()
    .get();
  const digest = db
    .insert(digests)
    .values({
      partnershipId: partnership.id,
      periodKey: "2025-W07",
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning()
    .get();
  db.insert(processedEvents).values({ eventId: "Ev1", teamId: "T1", receivedAt: NOW }).run();
  return {
    workspace,
    partnership,
    organization,
    member,
    objective,
    commitment,
    prompt,
    checkIn,
    blocker,
    digest,
  };
}

function count(database: Database, table: string): number {
  return (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe("openDatabase", () => {
  it("when migrations apply to an empty file, then every table of the data model exists", () => {
    const database = fresh();
    const names = (
      database.sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    expect(names).toEqual(["__drizzle_migrations", ...TABLES]);
  });

  it("when the database is a file, then it runs in WAL mode with the other pragmas set", () => {
    const database = fresh();
    expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(database.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(database.sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });

  it("when the database is in memory, then it is migrated with foreign keys on (WAL cannot apply)", () => {
    const database = memory();
    expect(database.path).toBe(":memory:");
    expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("memory");
    expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(count(database, "workspaces")).toBe(0);
  });

  it("when a partnership names a missing workspace, then the foreign key rejects it", () => {
    const database = memory();
    expect(() =>
      database.db
        .insert(partnerships)
        .values({
          workspaceId: 999,
          channelId: "C1",
          name: "Orphan",
          timeZone: "UTC",
          createdBy: "U1",
          createdAt: NOW,
          updatedAt: NOW,
        })
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it("when the parent folder is missing, then it is created", () => {
    const dbPath = path.join(folder(), "a", "b", "poc.sqlite");
    const database = openDatabase(dbPath);
    database.close();
    expect(fs.existsSync(dbPath)).toBe(true);
  });

  it("when the database is opened again (a restart), then no migration is applied twice", () => {
    const dbPath = path.join(folder(), "poc.sqlite");
    const first = migrateDatabase(dbPath);
    expect(first).toEqual({
      path: dbPath,
      before: 0,
      after: 9,
      applied: [
        "0000_init",
        "0001_tick_indexes",
        "0002_members_by_user",
        "0003_next_period_at",
        "0004_period_opened_on",
        "0005_digest_windows",
        "0006_tick_batches",
        "0007_answered_prompts",
        "0008_blocker_helpers",
      ],
    });

    const database = openDatabase(dbPath);
    database.db.insert(workspaces).values({ teamId: "T1", name: "Acme", installedAt: NOW }).run();
    database.close();
    database.close(); // closing twice is harmless

    const second = migrateDatabase(dbPath);
    expect(second).toEqual({ path: dbPath, before: 9, after: 9, applied: [] });
    const reopened = openDatabase(dbPath);
    cleanups.push(() => reopened.close());
    expect(count(reopened, "workspaces")).toBe(1);
    expect(count(reopened, "__drizzle_migrations")).toBe(9);
  });

  it("when the path cannot be opened, then a one-line DatabaseError names the path", () => {
    const blocker = path.join(folder(), "not-a-folder");
    fs.writeFileSync(blocker, "x");
    const dbPath = path.join(blocker, "poc.sqlite");
    let caught: unknown;
    try {
      openDatabase(dbPath);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseError);
    const message = (caught as Error).message;
    expect(message).toContain(dbPath);
    expect(message).not.toContain("\n");
  });

  it("when the file is not a database, then a one-line DatabaseError names the path", () => {
    const dbPath = path.join(folder(), "garbage.sqlite");
    fs.writeFileSync(dbPath, "this is not an sqlite file, just some text ".repeat(100));
    expect(() => openDatabase(dbPath)).toThrow(DatabaseError);
    expect(() => openDatabase(dbPath)).toThrow(dbPath);
  });

  it("when the migrations cannot be read, then the DatabaseError names the database", () => {
    const dbPath = path.join(folder(), "poc.sqlite");
    expect(() => openDatabase(dbPath, { migrationsFolder: folder() })).toThrow(
      /^Cannot migrate database .*poc\.sqlite/,
    );
  });

  it("when the working directory is elsewhere, then the migrations are still found", () => {
    const dir = folder();
    const dbPath = path.join(dir, "poc.sqlite");
    const require = createRequire(import.meta.url);
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    const entry = pathToFileURL(fileURLToPath(new URL("../../src/db/index.ts", import.meta.url)));
    const script = `import(${JSON.stringify(entry.href)}).then((m) => {
      const r = m.migrateDatabase(${JSON.stringify(dbPath)});
      process.stdout.write(JSON.stringify({ cwd: process.cwd(), applied: r.applied }));
    });`;
    const output = execFileSync(process.execPath, ["--import", tsx, "-e", script], {
      cwd: dir,
      encoding: "utf8",
    });
    const result = JSON.parse(output) as { cwd: string; applied: string[] };
    expect(fs.realpathSync(result.cwd)).toBe(fs.realpathSync(dir));
    expect(result.applied).toEqual([
      "0000_init",
      "0001_tick_indexes",
      "0002_members_by_user",
      "0003_next_period_at",
      "0004_period_opened_on",
      "0005_digest_windows",
      "0006_tick_batches",
      "0007_answered_prompts",
      "0008_blocker_helpers",
    ]);
    expect(MIGRATIONS_FOLDER).toBe(fileURLToPath(new URL("../../migrations", import.meta.url)));
  });

  it("when a migration breaks a foreign key, then opening fails, and keeps failing at the next start", () => {
    const migrations = folder();
    fs.cpSync(MIGRATIONS_FOLDER, migrations, { recursive: true });
    fs.writeFileSync(
      path.join(migrations, "0003_orphan.sql"),
      "INSERT INTO `organizations` (`partnership_id`, `name`, `normalized_name`, `sector`, `created_at`) VALUES (999, 'Orphan', 'orphan', 'other', 0);",
    );
    const journalPath = path.join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    const last = journal.entries.at(-1);
    if (last === undefined) throw new Error("empty journal");
    journal.entries.push({ ...last, idx: 3, when: last.when + 1000, tag: "0003_orphan" });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    const dbPath = path.join(folder(), "poc.sqlite");
    const open = () => openDatabase(dbPath, { migrationsFolder: migrations });
    expect(open).toThrow(/foreign key violations after migrating, in: organizations/);
    // drizzle committed the migration; the check is still owed, so the next start fails too.
    expect(open).toThrow(/foreign key violations after migrating, in: organizations/);
  });

  it("when migrations apply cleanly, then no check is left owed", () => {
    const database = openDatabase(path.join(folder(), "poc.sqlite"));
    cleanups.push(() => database.close());
    expect(database.sqlite.pragma("user_version", { simple: true })).toBe(0);
  });

  it("when a migration drops a trigger the tick relies on, then migrating fails and names it", () => {
    const migrations = folder();
    fs.cpSync(MIGRATIONS_FOLDER, migrations, { recursive: true });
    fs.writeFileSync(
      path.join(migrations, "0003_oops.sql"),
      "DROP TRIGGER `members_zone_changed`;",
    );
    const journalPath = path.join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    const last = journal.entries.at(-1);
    if (last === undefined) throw new Error("empty journal");
    journal.entries.push({ ...last, idx: 3, when: last.when + 1000, tag: "0003_oops" });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    const dbPath = path.join(folder(), "poc.sqlite");
    expect(() => migrateDatabase(dbPath, { migrationsFolder: migrations })).toThrow(
      /members_zone_changed missing after migrating/,
    );
  });

  it("when a later migration rebuilds a parent table, then its children survive", () => {
    // drizzle-kit rebuilds a table to change a column (create __new, copy, drop, rename). With
    // foreign keys on, the DROP would cascade-delete every organization of every partnership.
    const migrations = folder();
    fs.cpSync(MIGRATIONS_FOLDER, migrations, { recursive: true });
    const dbPath = path.join(folder(), "poc.sqlite");
    const first = openDatabase(dbPath, { migrationsFolder: migrations });
    const { organization } = seed(first.db);
    first.close();

    const createPartnerships = fs
      .readFileSync(path.join(migrations, "0000_init.sql"), "utf8")
      .split("--> statement-breakpoint")
      .find((statement) => statement.includes("CREATE TABLE `partnerships`"));
    if (createPartnerships === undefined) throw new Error("no CREATE TABLE partnerships");
    // Dropping the table drops its triggers: the rebuild creates them again (checked on migrate).
    // Each one's latest definition (a later migration may have created it again).
    const latest = new Map<string, string>();
    for (const file of fs
      .readdirSync(migrations)
      .filter((f) => f.endsWith(".sql"))
      .sort()) {
      for (const statement of fs
        .readFileSync(path.join(migrations, file), "utf8")
        .split("--> statement-breakpoint")) {
        const name = /CREATE TRIGGER `(\w+)` AFTER UPDATE OF [^\n]* ON `partnerships`/.exec(
          statement,
        )?.[1];
        if (name !== undefined) latest.set(name, statement.replace(/^\s*--[^\n]*\n/gm, "").trim());
      }
    }
    const partnershipTriggers = [...latest.values()];
    expect(partnershipTriggers).toHaveLength(3);
    const rebuild = [
      "PRAGMA foreign_keys=OFF;",
      `${createPartnerships.trim().replace("`partnerships`", "`__new_partnerships`")}`,
      "INSERT INTO `__new_partnerships` SELECT * FROM `partnerships`;",
      "DROP TABLE `partnerships`;",
      "ALTER TABLE `__new_partnerships` RENAME TO `partnerships`;",
      "PRAGMA foreign_keys=ON;",
      "CREATE UNIQUE INDEX `partnerships_workspace_channel_unique` ON `partnerships` (`workspace_id`,`channel_id`);",
      ...partnershipTriggers,
    ].join("--> statement-breakpoint\n");
    fs.writeFileSync(path.join(migrations, "0003_rebuild.sql"), rebuild);
    const journalPath = path.join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    const last = journal.entries.at(-1);
    if (last === undefined) throw new Error("empty journal");
    journal.entries.push({ ...last, idx: 3, when: last.when + 1000, tag: "0003_rebuild" });
    fs.writeFileSync(journalPath, JSON.stringify(journal));

    expect(migrateDatabase(dbPath, { migrationsFolder: migrations }).applied).toEqual([
      "0003_rebuild",
    ]);
    const second = openDatabase(dbPath, { migrationsFolder: migrations });
    cleanups.push(() => second.close());
    expect(second.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    const kept = second.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, organization.id))
      .get();
    expect(kept?.name).toBe("Water  Works");
    expect(count(second, "commitments")).toBe(1);
  });

  /** A copy of the migrations without `first` and the ones after it (drizzle applies in order). */
  const migrationsBefore = (first: string): string => {
    const migrations = folder();
    fs.cpSync(MIGRATIONS_FOLDER, migrations, { recursive: true });
    const journalPath = path.join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { tag: string }[];
    };
    for (const e of journal.entries.filter((e) => e.tag >= first)) {
      fs.rmSync(path.join(migrations, `${e.tag}.sql`));
    }
    journal.entries = journal.entries.filter((e) => e.tag < first);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    return migrations;
  };

  it("when a database from before digest windows is migrated, then each digest is keyed by its slot's local date on the partnership's digest weekday", () => {
    // Without the new keys, the week's digest already posted under its ISO week would be posted
    // again on upgrade day.
    const dbPath = path.join(folder(), "poc.sqlite");
    const before = openDatabase(dbPath, { migrationsFolder: migrationsBefore("0005") });
    before.sqlite.exec(`
      INSERT INTO workspaces (id, team_id, name, installed_at) VALUES (1, 'T1', 'Acme', 0);
      INSERT INTO partnerships (id, workspace_id, channel_id, name, time_zone, digest_weekday,
        created_by, created_at, updated_at)
      VALUES (1, 1, 'C1', 'Water', 'UTC', 1, 'U1', 0, 0),
             (2, 1, 'C2', 'Roads', 'UTC', 7, 'U1', 0, 0),
             (3, 1, 'C3', 'Health', 'UTC', 3, 'U1', 0, 0);
      INSERT INTO digests (partnership_id, period_key, state, created_at, updated_at)
      VALUES (1, 'D:2026-W49', 'posted', 0, 0),
             (1, 'D:2026-W50', 'posted', 0, 0),
             (2, 'D:2027-W01', 'posted', 0, 0),
             (3, 'D:2026-W01', 'failed', 0, 0);`);
    before.close();

    const after = openDatabase(dbPath);
    cleanups.push(() => after.close());
    expect(
      after.sqlite
        .prepare(
          "SELECT partnership_id AS p, period_key AS key, window_end AS windowEnd, as_of AS asOf FROM digests ORDER BY id",
        )
        .all(),
    ).toEqual([
      { p: 1, key: "D:2026-11-30", windowEnd: null, asOf: null },
      { p: 1, key: "D:2026-12-07", windowEnd: null, asOf: null },
      { p: 2, key: "D:2027-01-10", windowEnd: null, asOf: null },
      { p: 3, key: "D:2025-12-31", windowEnd: null, asOf: null },
    ]);
  });

  it("when a database from before period_opened_on is migrated, then each commitment's period is opened on its newest prompt's local date", () => {
    // Without it, a commitment prompted before the upgrade and moved to another day that week
    // would be prompted a second time.
    const dbPath = path.join(folder(), "poc.sqlite");
    const before = openDatabase(dbPath, { migrationsFolder: migrationsBefore("0004") });
    const at = (iso: string) => Date.parse(iso);
    before.sqlite.exec(`
      INSERT INTO workspaces (id, team_id, name, installed_at) VALUES (1, 'T1', 'Acme', 0);
      INSERT INTO partnerships (id, workspace_id, channel_id, name, time_zone, created_by,
        created_at, updated_at) VALUES (1, 1, 'C1', 'Water', 'UTC', 'U1', 0, 0);
      INSERT INTO organizations (id, partnership_id, name, normalized_name, sector, created_at)
        VALUES (1, 1, 'Acme', 'acme', 'business', 0);
      INSERT INTO members (id, partnership_id, slack_user_id, role, created_at)
        VALUES (1, 1, 'U1', 'partner', 0);
      INSERT INTO commitments (id, partnership_id, organization_id, owner_member_id, title,
        cadence, check_in_weekday, check_in_time, started_at, created_by, created_at, updated_at)
      VALUES (1, 1, 1, 1, 'Weekly', 'weekly', 1, '09:00', 0, 'U1', 0, 0),
             (2, 1, 1, 1, 'Monthly', 'monthly', 1, '09:00', 0, 'U1', 0, 0),
             (3, 1, 1, 1, 'Monthly far east', 'monthly', 1, '09:00', 0, 'U1', 0, 0),
             (4, 1, 1, 1, 'Never prompted', 'weekly', 1, '09:00', 0, 'U1', 0, 0),
             (5, 1, 1, 1, 'Monthly, moved to Wednesday', 'monthly', 3, '09:00', 0, 'U1', 0, 0);
      INSERT INTO prompts (commitment_id, period_key, due_at, state, created_at, updated_at)
      VALUES (1, 'W:2026-02-02', ${at("2026-02-02T14:00:00Z")}, 'answered', 0, 0),
             (1, 'W:2026-02-09', ${at("2026-02-09T14:00:00Z")}, 'sent', 0, 0),
             (2, 'M:2026-01', ${at("2026-01-05T14:00:00Z")}, 'sent', 0, 0),
             (2, 'M:2026-02', ${at("2026-02-02T14:00:00Z")}, 'sent', 0, 0),
             -- Monday 2 March, 09:00 in Kiritimati (+14): 1 March in UTC, but March's first
             -- Monday is the slot's local date.
             (3, 'M:2026-03', ${at("2026-03-01T19:00:00Z")}, 'sent', 0, 0),
             -- Prompted on Monday 2 February, then moved to Wednesdays: the slot's UTC date.
             (5, 'M:2026-02', ${at("2026-02-02T14:00:00Z")}, 'sent', 0, 0);`);
    before.close();

    const after = openDatabase(dbPath);
    cleanups.push(() => after.close());
    expect(
      after.sqlite
        .prepare("SELECT id, period_opened_on AS openedOn FROM commitments ORDER BY id")
        .all(),
    ).toEqual([
      { id: 1, openedOn: "2026-02-09" },
      { id: 2, openedOn: "2026-02-02" },
      { id: 3, openedOn: "2026-03-02" },
      { id: 4, openedOn: null },
      { id: 5, openedOn: "2026-02-02" },
    ]);
    const columns = after.sqlite.prepare("PRAGMA table_info(commitments)").all() as {
      name: string;
    }[];
    expect(columns.map((c) => c.name)).not.toContain("next_period_at");
  });
});

describe("unique constraints", () => {
  type Seed = ReturnType<typeof seed>;
  const duplicates: [string, RegExp, (db: Db, s: Seed) => void][] = [
    [
      "workspaces (team_id)",
      /UNIQUE constraint failed: workspaces\.team_id/,
      (db) => db.insert(workspaces).values({ teamId: "T1", name: "Other", installedAt: NOW }).run(),
    ],
    [
      "partnerships (workspace_id, channel_id)",
      /UNIQUE constraint failed: partnerships\.workspace_id, partnerships\.channel_id/,
      (db, s) =>
        db
          .insert(partnerships)
          .values({
            workspaceId: s.workspace.id,
            channelId: "C1",
            name: "Second",
            timeZone: "UTC",
            createdBy: "U2",
            createdAt: NOW,
            updatedAt: NOW,
          })
          .run(),
    ],
    [
      "organizations (partnership_id, normalized_name)",
      /UNIQUE constraint failed: organizations\.partnership_id, organizations\.normalized_name/,
      (db, s) =>
        db
          .insert(organizations)
          .values({
            partnershipId: s.partnership.id,
            name: "WATER WORKS",
            normalizedName: "waterworks",
            sector: "business",
            createdAt: NOW,
          })
          .run(),
    ],
    [
      "members (partnership_id, slack_user_id)",
      /UNIQUE constraint failed: members\.partnership_id, members\.slack_user_id/,
      (db, s) =>
        db
          .insert(members)
          .values({
            partnershipId: s.partnership.id,
            slackUserId: "U1",
            role: "observer",
            createdAt: NOW,
          })
          .run(),
    ],
    [
      "commitment_objectives (commitment_id, objective_id)",
      /UNIQUE constraint failed: commitment_objectives\.commitment_id, commitment_objectives\.objective_id/,
      (db, s) =>
        db
          .insert(commitmentObjectives)
          .values({ commitmentId: s.commitment.id, objectiveId: s.objective.id })
          .run(),
    ],
    [
      "prompts (commitment_id, period_key)",
      /UNIQUE constraint failed: prompts\.commitment_id, prompts\.period_key/,
      (db, s) =>
        db
          .insert(prompts)
          .values({
            commitmentId: s.commitment.id,
            periodKey: "2025-W07",
            dueAt: NOW + 1,
            createdAt: NOW,
            updatedAt: NOW,
          })
          .run(),
    ],
    [
      "check_ins (commitment_id, period_key)",
      /UNIQUE constraint failed: check_ins\.commitment_id, check_ins\.period_key/,
      (db, s) =>
        db
          .insert(checkIns)
          .values({
            commitmentId: s.commitment.id,
            periodKey: "2025-W07",
            authorMemberId: s.member.id,
            status: "at_risk",
            createdAt: NOW + 1,
          })
          .run(),
    ],
    [
      "digests (partnership_id, period_key)",
      /UNIQUE constraint failed: digests\.partnership_id, digests\.period_key/,
      (db, s) =>
        db
          .insert(digests)
          .values({
            partnershipId: s.partnership.id,
            periodKey: "2025-W07",
            createdAt: NOW,
            updatedAt: NOW,
          })
          .run(),
    ],
    [
      "processed_events (event_id)",
      /UNIQUE constraint failed: processed_events\.event_id/,
      (db) =>
        db.insert(processedEvents).values({ eventId: "Ev1", teamId: "T2", receivedAt: NOW }).run(),
    ],
  ];

  it.each(duplicates)(
    "when a duplicate row goes into %s, then it is rejected",
    (_, error, insert) => {
      const database = memory();
      const rows = seed(database.db);
      expect(() => insert(database.db, rows)).toThrow(error);
    },
  );

  it("when the same keys are used in another partnership, then they are accepted", () => {
    const database = memory();
    const { workspace } = seed(database.db);
    const other = database.db
      .insert(partnerships)
      .values({
        workspaceId: workspace.id,
        channelId: "C2",
        name: "Other",
        timeZone: "UTC",
        createdBy: "U1",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning()
      .get();
    database.db
      .insert(organizations)
      .values({
        partnershipId: other.id,
        name: "Water Works",
        normalizedName: "waterworks",
        sector: "business",
        createdAt: NOW,
      })
      .run();
    database.db
      .insert(members)
      .values({ partnershipId: other.id, slackUserId: "U1", role: "coordinator", createdAt: NOW })
      .run();
    database.db
      .insert(digests)
      .values({ partnershipId: other.id, periodKey: "2025-W07", createdAt: NOW, updatedAt: NOW })
      .run();
    expect(count(database, "organizations")).toBe(2);
    expect(count(database, "members")).toBe(2);
    expect(count(database, "digests")).toBe(2);
  });
});

describe("foreign key actions", () => {
  it("when a partnership is deleted, then everything under it goes with it", () => {
    const database = memory();
    const { partnership } = seed(database.db);
    database.db.delete(partnerships).where(eq(partnerships.id, partnership.id)).run();
    for (const table of TABLES.filter((t) => !["workspaces", "processed_events"].includes(t))) {
      expect(count(database, table), table).toBe(0);
    }
    expect(count(database, "workspaces")).toBe(1);
  });

  it("when an organization, member or objective that history points to is deleted, then it is refused", () => {
    const database = memory();
    const { organization, member, objective } = seed(database.db);
    const db = database.db;
    expect(() =>
      db.delete(organizations).where(eq(organizations.id, organization.id)).run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => db.delete(members).where(eq(members.id, member.id)).run()).toThrow(
      /FOREIGN KEY constraint failed/,
    );
    expect(() => db.delete(objectives).where(eq(objectives.id, objective.id)).run()).toThrow(
      /FOREIGN KEY constraint failed/,
    );
  });

  it("when a prompt is deleted, then its check-in stays and loses only the link", () => {
    const database = memory();
    const { prompt, checkIn } = seed(database.db);
    database.db.delete(prompts).where(eq(prompts.id, prompt.id)).run();
    const kept = database.db.select().from(checkIns).where(eq(checkIns.id, checkIn.id)).get();
    expect(kept?.promptId).toBeNull();
  });
});

describe("indexes", () => {
  function plan(database: Database, query: { toSQL(): { sql: string; params: unknown[] } }) {
    const { sql, params } = query.toSQL();
    const rows = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail).join(" | ");
  }

  it("when the tick looks for due, unanswered or stuck prompts, then it searches a partial index", () => {
    const database = memory();
    const db = database.db;
    const due = db
      .select({ id: prompts.id })
      .from(prompts)
      .where(
        and(
          eq(prompts.state, "pending"),
          lte(prompts.dueAt, NOW),
          or(isNull(prompts.nextAttemptAt), lte(prompts.nextAttemptAt, NOW)),
        ),
      )
      .orderBy(prompts.dueAt);
    expect(plan(database, due)).toContain("prompts_pending_due_idx");

    const unreminded = db
      .select()
      .from(prompts)
      .where(
        and(
          eq(prompts.state, "sent"),
          eq(prompts.remindersSent, 0),
          isNull(prompts.answeredAt),
          lte(prompts.dueAt, NOW),
        ),
      );
    expect(plan(database, unreminded)).toContain("prompts_unreminded_due_idx");

    const silent = db
      .select()
      .from(prompts)
      .where(
        and(
          eq(prompts.state, "sent"),
          isNull(prompts.answeredAt),
          isNull(prompts.escalatedAt),
          isNull(prompts.silenceChecked),
          lte(prompts.silenceAt, NOW),
        ),
      );
    expect(plan(database, silent)).toContain("prompts_silence_due_idx");

    const stuck = db
      .select({ id: prompts.id })
      .from(prompts)
      .where(and(eq(prompts.state, "sending"), lte(prompts.claimedAt, NOW)));
    expect(plan(database, stuck)).toContain("prompts_sending_claimed_idx");
  });

  it("when the digest and escalation read their rows, then each query searches an index", () => {
    const database = memory();
    const db = database.db;
    expect(
      plan(
        database,
        db
          .select()
          .from(checkIns)
          .where(and(eq(checkIns.commitmentId, 1), lte(checkIns.createdAt, NOW))),
      ),
    ).toContain("check_ins_commitment_created_idx");
    expect(
      plan(
        database,
        db
          .select()
          .from(commitments)
          .where(and(eq(commitments.partnershipId, 1), eq(commitments.state, "active"))),
      ),
    ).toContain("commitments_partnership_state_idx");
    expect(
      plan(
        database,
        db
          .select()
          .from(prompts)
          .where(and(eq(prompts.commitmentId, 1), lte(prompts.dueAt, NOW))),
      ),
    ).toMatch(/prompts_commitment_(due_idx|period_unique)/);
    expect(
      plan(
        database,
        db
          .select()
          .from(blockers)
          .where(and(eq(blockers.state, "open"), lte(blockers.createdAt, NOW))),
      ),
    ).toContain("blockers_state_created_idx");
    expect(
      plan(
        database,
        db
          .select()
          .from(blockers)
          .where(and(eq(blockers.commitmentId, 1), eq(blockers.state, "open"))),
      ),
    ).toContain("blockers_commitment_state_idx");
  });
});

describe("workspaces repository", () => {
  it("when a team installs, then reinstalls after uninstalling, then one row is updated in place", () => {
    const database = memory();
    const repo = createWorkspacesRepository(database.db);
    const first = repo.upsertWorkspace({ teamId: "T1", name: "Acme", installedAt: NOW });
    expect(first).toMatchObject({
      teamId: "T1",
      name: "Acme",
      botToken: null,
      uninstalledAt: null,
    });

    database.db
      .update(workspaces)
      .set({ uninstalledAt: NOW + 1 })
      .where(eq(workspaces.id, first.id))
      .run();
    const again = repo.upsertWorkspace({
      teamId: "T1",
      name: "Acme Corp",
      botToken: "xoxb-1",
      botUserId: "B1",
      installedAt: NOW + 2,
    });
    expect(again).toMatchObject({
      id: first.id,
      name: "Acme Corp",
      botToken: "xoxb-1",
      botUserId: "B1",
      installedAt: NOW + 2,
      uninstalledAt: null,
    });
    expect(repo.findByTeamId("T1")).toEqual(again);
    expect(repo.findByTeamId("T404")).toBeUndefined();
  });
});

describe("processed events repository", () => {
  it("when an event id is marked twice, then the first call is true and the retry false", () => {
    const database = memory();
    const repo = createProcessedEventsRepository(database.db);
    expect(repo.markProcessed("Ev1", "T1", NOW)).toBe(true);
    expect(repo.markProcessed("Ev1", "T1", NOW + 1)).toBe(false);
    expect(repo.markProcessed("Ev2", "T1", NOW + 2)).toBe(true);
  });

  it("when old events are pruned, then only newer ones remain", () => {
    const database = memory();
    const repo = createProcessedEventsRepository(database.db);
    repo.markProcessed("Ev1", "T1", NOW);
    repo.markProcessed("Ev2", "T1", NOW + 10);
    expect(repo.deleteReceivedBefore(NOW + 10)).toBe(1);
    expect(repo.markProcessed("Ev2", "T1", NOW + 20)).toBe(false);
    expect(repo.markProcessed("Ev1", "T1", NOW + 20)).toBe(true);
  });
});

describe("leases repository", () => {
  it("when two holders compete, then one holds until expiry or release", () => {
    const database = memory();
    const leases = createLeasesRepository(database.db);
    const ttl = 60_000;
    expect(leases.tryAcquire("tick", "a", NOW, ttl)).toBe(true);
    expect(leases.tryAcquire("tick", "b", NOW + 1, ttl)).toBe(false);
    expect(leases.tryAcquire("other", "b", NOW + 1, ttl)).toBe(true); // leases are per name
    expect(leases.tryAcquire("tick", "a", NOW + 30_000, ttl)).toBe(true); // renewal
    expect(leases.tryAcquire("tick", "b", NOW + 60_000, ttl)).toBe(false); // renewed to +90 s
    expect(leases.tryAcquire("tick", "b", NOW + 90_000, ttl)).toBe(true); // expired: taken over
    expect(leases.tryAcquire("tick", "a", NOW + 90_001, ttl)).toBe(false);
    expect(leases.release("tick", "a")).toBe(false); // not a's any more
    expect(leases.release("tick", "b")).toBe(true);
    expect(leases.tryAcquire("tick", "a", NOW + 90_002, ttl)).toBe(true);
  });

  it("when two connections to one file compete, then only one acquires", () => {
    const one = fresh();
    const two = openDatabase(one.path);
    cleanups.push(() => two.close());
    const a = createLeasesRepository(one.db);
    const b = createLeasesRepository(two.db);
    expect(a.tryAcquire("tick", "process-a", NOW, 60_000)).toBe(true);
    expect(b.tryAcquire("tick", "process-b", NOW, 60_000)).toBe(false);
    a.release("tick", "process-a");
    expect(b.tryAcquire("tick", "process-b", NOW, 60_000)).toBe(true);
  });
});
