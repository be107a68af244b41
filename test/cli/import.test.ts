/**
 * `poc import FILE [--dry-run]` through the real command line (`node bin/poc.js`, what `npx poc`
 * runs), with DATABASE_PATH in the environment and the database read back afterwards. The cheap
 * cases (usage, a YAML syntax error) call `runCli` in process: each spawn costs seconds.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { openDatabase } from "../../src/db/index.js";

const exec = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "poc-import-"));
const EXAMPLE = "examples/partnership.yml";

/** A spawned `node bin/poc.js` compiles the sources through tsx: slow on a busy machine. */
const SPAWN_TIMEOUT = 90_000;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** `poc import ...` in this process, with DATABASE_PATH set as the CLI would read it. */
async function importInProcess(args: string[], databasePath: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ["import", ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { DATABASE_PATH: databasePath },
  );
  return { code, out, err: err.flatMap((l) => l.split("\n")) };
}

async function poc(args: string[], databasePath: string) {
  try {
    const { stdout, stderr } = await exec("node", ["bin/poc.js", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (text: string) => text.trimEnd().split("\n");

/** Rows per table, read from the database file the CLI wrote. */
function countRows(databasePath: string): Record<string, number> {
  const database = openDatabase(databasePath);
  try {
    const tables = ["workspaces", "partnerships", "organizations", "members", "objectives"];
    return Object.fromEntries(
      [...tables, "commitments", "commitment_objectives", "audit_log"].map((table) => [
        table,
        (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
      ]),
    );
  } finally {
    database.close();
  }
}

function writeFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const IMPORTED = {
  workspaces: 1,
  partnerships: 1,
  organizations: 4,
  members: 6,
  objectives: 3,
  commitments: 8,
  commitment_objectives: 11,
  audit_log: 23,
};

describe("poc import", () => {
  it(
    "when the example is imported twice, then the first creates everything and the second changes nothing",
    async () => {
      const db = join(dir, "twice.sqlite");
      const first = await poc(["import", EXAMPLE], db);
      expect(first.code).toBe(0);
      expect(first.stderr).toBe("");
      const out = lines(first.stdout);
      expect(out[0]).toBe(`${EXAMPLE}: imported`);
      expect(out).toContain(
        '  created partnership "Lake Victoria Clean Water Compact" in channel C0LAKEWATER',
      );
      expect(out).toContain(
        '  created commitment "Open data dashboard of kiosk use" owned by U0MATEO01',
      );
      expect(out.slice(-7)).toEqual([
        "workspace: 1 created, 0 updated, 0 unchanged",
        "partnership: 1 created, 0 updated, 0 unchanged",
        "organizations: 4 created, 0 updated, 0 unchanged",
        "members: 6 created, 0 updated, 0 unchanged",
        "objectives: 3 created, 0 updated, 0 unchanged",
        "commitments: 8 created, 0 updated, 0 unchanged",
        "changed: 23 created, 0 updated",
      ]);
      expect(countRows(db)).toEqual(IMPORTED);

      const second = await poc(["import", EXAMPLE], db);
      expect(second.code).toBe(0);
      expect(lines(second.stdout)).toEqual([
        `${EXAMPLE}: imported`,
        "workspace: 0 created, 0 updated, 1 unchanged",
        "partnership: 0 created, 0 updated, 1 unchanged",
        "organizations: 0 created, 0 updated, 4 unchanged",
        "members: 0 created, 0 updated, 6 unchanged",
        "objectives: 0 created, 0 updated, 3 unchanged",
        "commitments: 0 created, 0 updated, 8 unchanged",
        "changed: 0 created, 0 updated",
      ]);
      expect(countRows(db)).toEqual(IMPORTED);
    },
    SPAWN_TIMEOUT,
  );

  it(
    "when run with --dry-run, then it prints what would change and writes nothing",
    async () => {
      // No database yet, in a folder that does not exist yet: neither may appear.
      const folder = join(dir, "dry");
      const db = join(folder, "poc.sqlite");
      const { code, stdout, stderr } = await poc(["import", "--dry-run", EXAMPLE], db);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      const out = lines(stdout);
      expect(out[0]).toBe(`${EXAMPLE}: dry run, nothing written`);
      expect(out).toContain('  would create organization "Shoreline Communities Network"');
      expect(out).toContain('  would create member "U0PRIYA01"');
      expect(out.at(-1)).toBe("would change: 23 created, 0 updated");
      expect(existsSync(folder)).toBe(false);
    },
    SPAWN_TIMEOUT,
  );

  it(
    "when the file has several mistakes, then each is printed at its line and column and nothing is written",
    async () => {
      const folder = join(dir, "mistakes");
      const db = join(folder, "poc.sqlite");
      const longName = "Acme ".repeat(16).trim(); // 79 characters
      const file = writeFile(
        "mistakes.yml",
        [
          /*  1 */ "workspace:",
          /*  2 */ "  team_id: T0CLI",
          /*  3 */ "channel: C0MISTAKES",
          /*  4 */ "name: Mistakes compact",
          /*  5 */ "time_zone: Europe/Berlin",
          /*  6 */ "organizations:",
          /*  7 */ "  - name: Acme Water",
          /*  8 */ "    sector: business",
          /*  9 */ "  - name: ACME  WATER",
          /* 10 */ "    sector: government",
          /* 11 */ "  - name: River NGO",
          /* 12 */ "    sector: spaceship",
          /* 13 */ `  - name: "${longName}"`,
          /* 14 */ "    sector: academia",
          /* 15 */ "members:",
          /* 16 */ "  - user: U0COORD",
          /* 17 */ "    role: coordinator",
          /* 18 */ "    organization: Acme Water",
          /* 19 */ "    time_zone: Mars/Olympus_Mons",
          /* 20 */ "  - user: U0PAT",
          /* 21 */ "    role: partner",
          /* 22 */ "    organization: River NGO",
          /* 23 */ "objectives:",
          /* 24 */ "  - title: Clean water",
          /* 25 */ "commitments:",
          /* 26 */ "  - title: Pumps",
          /* 27 */ "    owner: U0PAT",
          /* 28 */ "    organization: River NGO",
          /* 29 */ "    objectives: [Clean water, World peace]",
          /* 30 */ "    cadence: weekly",
          /* 31 */ "  - title: Pipes",
          /* 32 */ "    owner: U999",
          /* 33 */ "    organization: Acme Water",
          /* 34 */ "    cadence: monthly",
          "",
        ].join("\n"),
      );
      const { code, stdout, stderr } = await poc(["import", file], db);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(lines(stderr)).toEqual([
        `${file}:9:5: organizations[1].name: "ACME  WATER" is already listed as organizations[0]: names are case- and space-insensitive`,
        `${file}:12:5: organizations[2].sector: "spaceship" is not a sector. Use one of: business, government, civil society, academia, philanthropy, multilateral, other.`,
        `${file}:13:5: organizations[3].name: The organization's name is 79 characters; the limit is 75.`,
        `${file}:19:5: members[0].time_zone: "Mars/Olympus_Mons" is not a time zone. Use an IANA name such as Europe/Berlin or America/Bogota.`,
        `${file}:29:31: commitments[0].objectives[1]: "World peace" is not an objective listed in the file`,
        `${file}:32:5: commitments[1].owner: U999 is not a member listed in the file`,
        `${file}: 6 problems, nothing was written`,
      ]);
      // "Nothing was written" holds on disk: no folder, no database.
      expect(existsSync(folder)).toBe(false);

      // Into an existing database, the same file changes none of its rows.
      const existing = join(dir, "mistakes-existing.sqlite");
      expect((await importInProcess([EXAMPLE], existing)).code).toBe(0);
      expect((await importInProcess([file], existing)).code).toBe(2);
      expect(countRows(existing)).toEqual(IMPORTED);
    },
    SPAWN_TIMEOUT,
  );

  it("when a dry run reads an existing database, then it reports against its data and leaves the file byte for byte as it was", async () => {
    const folder = join(dir, "existing-dry");
    const db = join(folder, "poc.sqlite");
    expect((await importInProcess([EXAMPLE], db)).code).toBe(0);
    const before = readFileSync(db);
    const renamed = writeFile(
      "renamed.yml",
      readFileSync(EXAMPLE, "utf8").replace(
        "name: Lake Victoria Clean Water Compact",
        "name: Lake Victoria Water Compact",
      ),
    );
    const dry = await importInProcess([renamed, "--dry-run"], db);
    expect(dry.err).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      '  would update partnership "Lake Victoria Water Compact" in channel C0LAKEWATER: name',
    );
    expect(dry.out.at(-1)).toBe("would change: 0 created, 1 updated");
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(["poc.sqlite"]);
    expect(countRows(db)).toEqual(IMPORTED);
  });

  it("when the YAML itself is broken, then the error names its line and column", async () => {
    const db = join(dir, "syntax.sqlite");
    const file = writeFile(
      "syntax.yml",
      ["workspace:", "  team_id: T0CLI", "channel: C0SYNTAX", 'name: "Unclosed', ""].join("\n"),
    );
    const { code, out, err } = await importInProcess([file], db);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${file}:4:7: invalid YAML: Missing closing "quote`,
      `${file}: 1 problem, nothing was written`,
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it("when the arguments are wrong or the file is missing, then it says so and exits 2", async () => {
    const db = join(dir, "usage.sqlite");
    const usage = ["usage: poc import FILE [--dry-run]", "(poc import --help)"];
    expect(await importInProcess([], db)).toEqual({
      code: 2,
      out: [],
      err: ["poc: import needs a FILE", ...usage],
    });
    expect(await importInProcess([EXAMPLE, "--force"], db)).toMatchObject({
      code: 2,
      err: ['poc: unknown option "--force"', ...usage],
    });
    expect(await importInProcess([EXAMPLE, "--dry-run=yes"], db)).toMatchObject({
      code: 2,
      err: ["poc: --dry-run takes no value", ...usage],
    });
    expect(await importInProcess(["a.yml", "b.yml"], db)).toMatchObject({
      code: 2,
      err: ['poc: unexpected argument "b.yml"', ...usage],
    });
    // Plain sentences, not ENOENT or EISDIR.
    const nope = join(dir, "nope.yml");
    expect(await importInProcess([nope], db)).toEqual({
      code: 2,
      out: [],
      err: [`poc: there is no file or folder ${nope}`],
    });
    expect(await importInProcess([dir], db)).toEqual({
      code: 2,
      out: [],
      err: [`poc: ${dir} is a folder, not a file`],
    });
    expect(existsSync(db)).toBe(false);
  });

  it("when a key is missing or unknown, then the problem points at its mapping or at the key", async () => {
    const db = join(dir, "keys.sqlite");
    const file = writeFile(
      "keys.yml",
      [
        /*  1 */ "workspace: {team_id: T0KEYS}",
        /*  2 */ "channel: C0KEYS",
        /*  3 */ "name: Keys",
        /*  4 */ "time_zone: UTC",
        /*  5 */ "members:",
        /*  6 */ "  - user: U0COORD",
        /*  7 */ "    role: coordinator",
        /*  8 */ "    timezone: Europe/Paris",
        /*  9 */ "commitments:",
        /* 10 */ "  - title: Pumps",
        /* 11 */ "    organization: Acme",
        /* 12 */ "    cadence: fortnightly",
        "",
      ].join("\n"),
    );
    const { code, err } = await importInProcess([file], db);
    expect(code).toBe(2);
    expect(err).toEqual([
      `${file}:8:5: members[0].timezone: unknown key "timezone"; expected one of: user, name, time_zone, organization, role`,
      `${file}:10:5: commitments[0].owner: A Slack user id is required, like U0123ABCD.`,
      `${file}:11:5: commitments[0].organization: "Acme" is not an organization listed in the file`,
      `${file}:12:5: commitments[0].cadence: "fortnightly" is not a cadence: use one of weekly, biweekly, monthly.`,
      `${file}: 4 problems, nothing was written`,
    ]);
  });
});
