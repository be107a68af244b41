/**
 * The operator's commands over a real SQLite file, run in this process through `runCli` (what
 * `npx poc` runs) with DATABASE_PATH passed as the environment: `--help` for each command,
 * `poc partnerships`, export by id, name or channel, a DATABASE_PATH that names nothing, and
 * `poc backup`'s safety. The data comes from `poc import` of the example partnership.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";

const dir = mkdtempSync(join(tmpdir(), "poc-operator-"));
const EXAMPLE = "examples/partnership.yml";
const NAME = "Lake Victoria Clean Water Compact";

async function poc(args: string[], databasePath: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { DATABASE_PATH: databasePath },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Node's error codes and system calls, which an operator should never have to read. */
const RAW_CODE = /\bE[A-Z]{3,}\b|\b(mkdir|open|scandir|stat)\b '/;

const records = (text: string) =>
  parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

let db: string;

beforeAll(async () => {
  db = join(dir, "live", "poc.sqlite");
  expect((await poc(["import", EXAMPLE], db)).code).toBe(0);
  // A second partnership of the same name in another channel and workspace.
  const twin = join(dir, "twin.yml");
  writeFileSync(
    twin,
    readFileSync(EXAMPLE, "utf8")
      .replace("channel: C0LAKEWATER", "channel: C0TWIN")
      .replace("team_id: T0EXAMPLE1", "team_id: T0TWIN"),
  );
  const imported = await poc(["import", twin], db);
  expect(imported.err).toBe("");
  expect(imported.code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("poc <command> --help", () => {
  it.each(["tick", "migrate", "import", "partnerships", "export", "backup", "demo", "emulator"])(
    "when %s is asked for --help, then it prints its usage and exits 0, with nothing else run",
    async (command) => {
      const missing = join(dir, "help", "none.sqlite");
      for (const args of [
        [command, "--help"],
        [command, "-h"],
        ["help", command],
      ]) {
        const { code, out, err } = await poc(args, missing);
        expect(err).toBe("");
        expect(code).toBe(0);
        expect(out).toMatch(new RegExp(`^Usage: poc ${command}\\b`));
        expect(out).toContain("--help");
      }
      expect(existsSync(join(dir, "help"))).toBe(false);
    },
  );

  it("when a command is given a wrong argument, then it names it with the command's usage and exits 2", async () => {
    const { code, out, err } = await poc(["backup", "--forse", "x.sqlite"], db);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.split("\n")).toEqual([
      'poc: unknown option "--forse"',
      "usage: poc backup FILE [--force]",
      "(poc backup --help)",
    ]);
    expect((await poc(["help", "frobnicate"], db)).err).toMatch(/^poc: there is no command/);
  });
});

describe("poc partnerships", () => {
  it("when the database holds two partnerships, then each line gives its id, name, channel, workspace and counts", async () => {
    const { code, out, err } = await poc(["partnerships"], db);
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out.split("\n").map((l) => l.trim().split(/\s{2,}/));
    expect(lines).toEqual([
      ["id", "name", "channel", "workspace", "orgs", "members", "commitments", "open blockers"],
      ["1", NAME, "C0LAKEWATER", "T0EXAMPLE1", "4", "6", "8", "0"],
      ["2", NAME, "C0TWIN", "T0TWIN", "4", "6", "8", "0"],
    ]);
    const json = JSON.parse((await poc(["partnerships", "--json"], db)).out);
    expect(json[0]).toMatchObject({
      id: 1,
      name: NAME,
      channelId: "C0LAKEWATER",
      teamId: "T0EXAMPLE1",
      archived: false,
      organizations: 4,
      members: 6,
      activeCommitments: 8,
      openBlockers: 0,
    });
  });

  it("when the counts change, then the listing counts what is current: removed members and closed commitments are not counted, open blockers are", async () => {
    const copy = join(dir, "counts.sqlite");
    expect((await poc(["backup", copy], db)).code).toBe(0);
    const sqlite = new BetterSqlite3(copy);
    sqlite.exec(`
      UPDATE members SET removed_at = 1 WHERE id = (SELECT MAX(id) FROM members WHERE partnership_id = 1);
      UPDATE commitments SET state = 'closed', closed_at = 1 WHERE id = (SELECT MIN(id) FROM commitments WHERE partnership_id = 1);
      INSERT INTO blockers (commitment_id, text, raised_by_member_id, created_at, state)
        SELECT c.id, 'Customs hold', c.owner_member_id, 1, 'open' FROM commitments c WHERE c.partnership_id = 1 AND c.state = 'active' LIMIT 2;
      INSERT INTO blockers (commitment_id, text, raised_by_member_id, created_at, state)
        SELECT c.id, 'Solved', c.owner_member_id, 1, 'resolved' FROM commitments c WHERE c.partnership_id = 1 AND c.state = 'active' LIMIT 1;
    `);
    sqlite.close();
    const { out } = await poc(["partnerships"], copy);
    const first = out
      .split("\n")[1]
      ?.trim()
      .split(/\s{2,}/);
    // One member removed (6 -> 5), one commitment closed (8 -> 7), two open blockers and one
    // resolved (2). The other partnership is untouched.
    expect(first).toEqual(["1", NAME, "C0LAKEWATER", "T0EXAMPLE1", "4", "5", "7", "2"]);
    expect(
      out
        .split("\n")[2]
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(["2", NAME, "C0TWIN", "T0TWIN", "4", "6", "8", "0"]);
  });

  it("when the database is new, then it says there are none yet and how to make one", async () => {
    const empty = join(dir, "empty.sqlite");
    expect((await poc(["migrate"], empty)).code).toBe(0);
    const { code, out } = await poc(["partnerships"], empty);
    expect(code).toBe(0);
    expect(out).toBe(
      `No partnerships in ${empty} yet: type /poc setup in a channel, or run npx poc import FILE.`,
    );
  });
});

describe("poc export --partnership", () => {
  it("when given an id, a channel or a unique name, then it exports that partnership", async () => {
    for (const [reference, channel] of [
      ["2", "C0TWIN"],
      ["C0TWIN", "C0TWIN"],
      ["#c0lakewater", "C0LAKEWATER"],
    ] as const) {
      const out = join(dir, `export-${reference.replace("#", "")}`);
      const { code, err } = await poc(["export", "--partnership", reference, "--out", out], db);
      expect(err).toBe("");
      expect(code).toBe(0);
      const members = records(readFileSync(join(out, "members.csv"), "utf8"));
      const organizations = records(readFileSync(join(out, "organizations.csv"), "utf8"));
      expect(members).toHaveLength(6);
      expect(organizations).toHaveLength(4);
      // Ids are the partnership's own rows: the twin's start after the first's.
      const expectedFirstOrg = channel === "C0TWIN" ? "5" : "1";
      expect(organizations[0]?.id).toBe(expectedFirstOrg);
    }
    const renamed = join(dir, "unique.sqlite");
    expect((await poc(["backup", renamed], db)).code).toBe(0);
    const sqlite = new BetterSqlite3(renamed);
    sqlite.prepare("UPDATE partnerships SET name = 'Twin  Compact' WHERE id = 2").run();
    sqlite.close();
    const byName = await poc(
      ["export", "--partnership", "  twin compact ", "--out", join(dir, "by-name")],
      renamed,
    );
    expect(byName.err).toBe("");
    expect(byName.code).toBe(0);
    const objectives = records(readFileSync(join(dir, "by-name", "objectives.csv"), "utf8"));
    expect(objectives.map((o) => o.id)).toEqual(["4", "5", "6"]);
  });

  it("when a name fits two partnerships, then it lists their ids, asks for one and writes nothing", async () => {
    const out = join(dir, "ambiguous");
    const { code, err } = await poc(["export", "--partnership", NAME, "--out", out], db);
    expect(code).toBe(1);
    expect(err).toBe(
      `poc: "${NAME}" names 2 partnerships (#1 in C0LAKEWATER, #2 in C0TWIN): give the id.`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("when --out is a file, or a file stands where its folder should be, then one plain line says so", async () => {
    const file = join(dir, "a-file.txt");
    writeFileSync(file, "not a folder");
    const onFile = await poc(["export", "--partnership", "1", "--out", file], db);
    expect(onFile.code).toBe(2);
    expect(onFile.err.split("\n")[0]).toBe(`poc: --out ${file} is a file: give a folder`);
    const under = await poc(["export", "--partnership", "1", "--out", join(file, "sub")], db);
    expect(under.code).toBe(1);
    expect(under.err).toBe(
      `poc: the export stopped: a part of ${join(file, "sub")} is a file where a folder should be`,
    );
    expect(`${onFile.err}${under.err}`).not.toMatch(RAW_CODE);
  });
});

describe("a DATABASE_PATH that names no database", () => {
  it.each([
    ["partnerships"],
    ["export", "--partnership", "1", "--out", "OUT"],
    ["backup", "COPY"],
    ["tick", "--now", "2026-11-30T09:00:00Z"],
  ])("when %s runs, then it says so, exits 2 and creates nothing", async (...args) => {
    const folder = join(dir, `typo-${args[0]}`);
    const missing = join(folder, "poc.sqlite");
    const resolved = args.map((a) =>
      a === "OUT" ? join(dir, "typo-out") : a === "COPY" ? join(dir, "typo-copy.sqlite") : a,
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      resolved,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { DATABASE_PATH: missing, SLACK_BOT_TOKEN: "xoxb-typo" },
    );
    expect(code).toBe(2);
    expect(err).toEqual([
      `poc: there is no database at ${missing}: check DATABASE_PATH (the app and \`npx poc migrate\` create it)`,
    ]);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(join(dir, "typo-out"))).toBe(false);
    expect(existsSync(join(dir, "typo-copy.sqlite"))).toBe(false);
  });

  it("when DATABASE_PATH is a folder, then it says so in one line", async () => {
    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    const { code, err } = await poc(["partnerships"], folder);
    expect(code).toBe(2);
    expect(err).toBe(`poc: ${folder} is a folder, not a database file: check DATABASE_PATH`);
  });
});

describe("poc backup", () => {
  /** Rows per table of a database file, read through a fresh read-only connection. */
  function count(path: string, table: string): number {
    const sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  }

  it("when the app is writing, then the copy is one self-contained file holding the latest commit, with no -wal or -shm beside it", async () => {
    // The live app's connection, in WAL mode, with a commit not yet checkpointed into the file.
    const live = new BetterSqlite3(db);
    live.pragma("journal_mode = WAL");
    live.pragma("wal_autocheckpoint = 0");
    live.prepare("UPDATE partnerships SET purpose = 'latest' WHERE id = 1").run();
    try {
      const folder = join(dir, "backups");
      const target = join(folder, "copy.sqlite");
      const { code, out, err } = await poc(["backup", target], db);
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(out).toBe(target);
      expect(readdirSync(folder)).toEqual(["copy.sqlite"]);
      // Moved alone to another folder, it opens with everything in it.
      const moved = join(dir, "moved.sqlite");
      writeFileSync(moved, readFileSync(target));
      const sqlite = new BetterSqlite3(moved, { readonly: true });
      try {
        expect(sqlite.pragma("journal_mode", { simple: true })).toBe("delete");
        expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(sqlite.prepare("SELECT purpose FROM partnerships WHERE id = 1").get()).toEqual({
          purpose: "latest",
        });
      } finally {
        sqlite.close();
      }
      expect(count(moved, "commitments")).toBe(16);
    } finally {
      live.close();
    }
  });

  it("when FILE is an earlier copy, then it is kept unless --force is given, and --force replaces it", async () => {
    const target = join(dir, "earlier.sqlite");
    expect((await poc(["backup", target], db)).code).toBe(0);
    const earlier = readFileSync(target);
    const live = new BetterSqlite3(db);
    live.prepare("UPDATE partnerships SET purpose = 'newer' WHERE id = 2").run();
    live.close();

    const refused = await poc(["backup", target], db);
    expect(refused.code).toBe(2);
    expect(refused.err.split("\n")[0]).toBe(
      `poc: ${target} already exists: add --force to replace it`,
    );
    expect(readFileSync(target).equals(earlier)).toBe(true);

    const forced = await poc(["backup", target, "--force"], db);
    expect(forced.err).toBe("");
    expect(forced.code).toBe(0);
    const copy = new BetterSqlite3(target, { readonly: true });
    expect(copy.prepare("SELECT purpose FROM partnerships WHERE id = 2").get()).toEqual({
      purpose: "newer",
    });
    copy.close();
    expect(readdirSync(dir).filter((f) => f.startsWith("earlier.sqlite"))).toEqual([
      "earlier.sqlite",
    ]);
  });

  it("when FILE exists and is not a database, then it is kept even with --force", async () => {
    const target = join(dir, "notes.txt");
    writeFileSync(target, "my notes");
    for (const args of [
      ["backup", target],
      ["backup", target, "--force"],
    ]) {
      const { code, err } = await poc(args, db);
      expect(code).toBe(2);
      expect(err.split("\n")[0]).toBe(
        `poc: ${target} exists and is not an SQLite database: choose another name (--force replaces only an earlier backup)`,
      );
    }
    expect(readFileSync(target, "utf8")).toBe("my notes");
  });

  it("when FILE is a folder or cannot be made, then one plain line says what to do and nothing is left behind", async () => {
    const folder = join(dir, "backup-folder");
    mkdirSync(folder);
    const onFolder = await poc(["backup", folder], db);
    expect(onFolder.code).toBe(2);
    expect(onFolder.err.split("\n")[0]).toBe(
      `poc: ${folder} is a folder: give the copy a file name, such as ${join(folder, "poc-backup.sqlite")}`,
    );
    expect(readdirSync(folder)).toEqual([]);

    const file = join(dir, "plain.txt");
    writeFileSync(file, "x");
    const under = await poc(["backup", join(file, "copy.sqlite")], db);
    expect(under.code).toBe(1);
    expect(under.err).toBe(
      `poc: cannot write the backup: ${file} already exists and is a file, not a folder`,
    );
    expect(`${onFolder.err}${under.err}`).not.toMatch(RAW_CODE);
  });

  it("when FILE is the database itself under any name, then it refuses even with --force and the database is untouched", async () => {
    const live = join(dir, "self", "live.sqlite");
    expect((await poc(["backup", live], db)).code).toBe(0);
    const before = readFileSync(live);
    const links = join(dir, "self-links");
    mkdirSync(links);
    symlinkSync(live, join(links, "symlink.sqlite"));
    linkSync(live, join(links, "hardlink.sqlite"));
    symlinkSync(join(dir, "self"), join(links, "folder"));
    for (const target of [
      live,
      join(links, "symlink.sqlite"),
      join(links, "hardlink.sqlite"),
      join(links, "folder", "live.sqlite"),
      `${live}-wal`,
      join(links, "folder", "live.sqlite-shm"),
    ]) {
      const { code, err } = await poc(["backup", target, "--force"], live);
      expect(code).toBe(2);
      expect(err.split("\n")[0]).toBe(
        "poc: the backup file must not be the database itself or one of its -wal, -shm or -journal files",
      );
    }
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(readdirSync(join(dir, "self"))).toEqual(["live.sqlite"]);
  });
});

describe("a DATABASE_PATH that is not a database", () => {
  it("when it is an empty file or another kind of file, then every command says so, exits 2 and leaves it as it was", async () => {
    const empty = join(dir, "empty-file.sqlite");
    writeFileSync(empty, "");
    const text = join(dir, "text-file.sqlite");
    writeFileSync(text, "DATABASE_PATH=oops\n");
    for (const [file, what] of [
      [empty, "an empty file, not a database"],
      [text, "not an SQLite database"],
    ] as const) {
      const before = readFileSync(file);
      for (const args of [
        ["partnerships"],
        ["export", "--partnership", "1", "--out", join(dir, "never")],
        ["backup", join(dir, "never.sqlite")],
        ["import", EXAMPLE, "--dry-run"],
        ["import", EXAMPLE],
      ]) {
        const { code, out, err } = await poc(args, file);
        expect(err).toBe(`poc: ${file} is ${what}: check DATABASE_PATH`);
        expect(out).toBe("");
        expect(code).toBe(2);
      }
      expect(readFileSync(file).equals(before)).toBe(true);
    }
    expect(existsSync(join(dir, "never"))).toBe(false);
    expect(existsSync(join(dir, "never.sqlite"))).toBe(false);
  });

  it("when a file stands where one of its folders should be, then it says so and exits 2", async () => {
    const file = join(dir, "in-the-way.txt");
    writeFileSync(file, "x");
    const under = join(file, "poc.sqlite");
    const listed = await poc(["partnerships"], under);
    expect(listed.code).toBe(2);
    expect(listed.err).toMatch(/^poc: there is no database at /);
    const dry = await poc(["import", EXAMPLE, "--dry-run"], under);
    expect(dry.code).toBe(2);
    expect(dry.out).toBe("");
    expect(dry.err).toBe(
      `poc: no database can be made at ${under}: ${file} is a file, not a folder (check DATABASE_PATH)`,
    );
  });

  it("when it is a backup copy, then partnerships and export read it without changing a byte", async () => {
    const copy = join(dir, "read-only-use.sqlite");
    expect((await poc(["backup", copy], db)).code).toBe(0);
    const before = readFileSync(copy);
    expect((await poc(["partnerships"], copy)).code).toBe(0);
    const exported = await poc(
      ["export", "--partnership", "1", "--out", join(dir, "from-copy")],
      copy,
    );
    expect(exported.err).toBe("");
    expect(exported.code).toBe(0);
    expect(readFileSync(copy).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith("read-only-use"))).toEqual([
      "read-only-use.sqlite",
    ]);
  });

  it("when its schema is behind this version, then partnerships and export ask for npx poc migrate", async () => {
    const old = join(dir, "behind.sqlite");
    expect((await poc(["backup", old], db)).code).toBe(0);
    const sqlite = new BetterSqlite3(old);
    sqlite.exec(
      "DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)",
    );
    sqlite.close();
    for (const args of [
      ["partnerships"],
      ["export", "--partnership", "1", "--out", join(dir, "x")],
    ]) {
      const { code, err } = await poc(args, old);
      expect(code).toBe(2);
      expect(err).toBe(
        `poc: the database at ${old} lacks 1 migration(s) of this version: run npx poc migrate first (the app also applies them when it starts)`,
      );
    }
  });
});

describe("names as a terminal shows them", () => {
  it("when a name holds control or direction characters, then the listing shows spaces and the name as shown finds it", async () => {
    const copy = join(dir, "hostile-name.sqlite");
    expect((await poc(["backup", copy], db)).code).toBe(0);
    const sqlite = new BetterSqlite3(copy);
    sqlite
      .prepare("UPDATE partnerships SET name = ? WHERE id = 2")
      .run("Evil\u202eRed\u001b[2JX\u2028Compact");
    sqlite.close();
    const { out } = await poc(["partnerships"], copy);
    const line = out.split("\n")[2] ?? "";
    expect(line).toContain("Evil Red [2JX Compact");
    expect([...line].filter((c) => ["\u001b", "\u202e", "\u2028"].includes(c))).toEqual([]);
    const found = await poc(
      ["export", "--partnership", "evil red [2jx compact", "--out", join(dir, "hostile")],
      copy,
    );
    expect(found.err).toBe("");
    expect(found.code).toBe(0);
  });
});
