import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOSTILE_BLOCKER,
  HOSTILE_MOVED,
  HOSTILE_TITLE,
  seedWorld,
  type World,
} from "../decisions/world.js";
import { CHANNEL_ID, MANIFEST_SCOPES, MODES, startTestApp, type TestApp } from "../support/app.js";
import { NOW } from "../support/seed.js";
import { type } from "../support/slack.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "poc-export-"));

async function poc(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run("node", ["bin/poc.js", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const records = (text: string) =>
  parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  w = seedWorld(t, CHANNEL_ID);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("poc export", { timeout: 60_000 }, () => {
  it("when exported as CSV, then seven files round-trip through a CSV parser with commas, quotes, newlines and non-Latin text intact, and every id one names is a row of another", async () => {
    // A blocker that names an organization as who could help (the blocker modal's "who could help").
    const helpedBlockerId = t.poc.services.repos.blockers.create({
      commitmentId: w.commitmentId,
      text: "Need a permit",
      raisedByMemberId: w.members.pat,
      couldHelpOrganizationId: w.orgs.river,
      createdAt: NOW - 2 * 86_400_000,
    }).id;
    const out = join(dir, "csv");
    const result = await poc(
      ["export", "--partnership", String(w.partnershipId), "--format", "csv", "--out", out],
      { DATABASE_PATH: t.databasePath },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const file = (name: string) => readFileSync(join(out, name), "utf8");

    const commitments = records(file("commitments.csv"));
    expect(commitments).toHaveLength(1);
    expect(commitments[0]).toMatchObject({
      id: String(w.commitmentId),
      title: HOSTILE_TITLE,
      organization: "Acme Water",
      owner: "U0PART",
      state: "active",
      status: "off_track",
    });
    expect(file("commitments.csv").split("\n")[0]).toBe(
      "id,title,organization_id,organization,owner,state,status,progress,due_date,cadence,objective_ids,started_at,closed_at,created_at",
    );
    expect(readdirSync(out).sort()).toEqual(
      [
        "blockers.csv",
        "check_ins.csv",
        "commitments.csv",
        "decisions.csv",
        "members.csv",
        "objectives.csv",
        "organizations.csv",
      ].sort(),
    );

    // The ids the commitments name are rows of the organizations and objectives files.
    const organizations = records(file("organizations.csv"));
    expect(organizations.map((o) => [o.id, o.name])).toEqual([
      [String(w.orgs.acme), "Acme Water"],
      [String(w.orgs.river), expect.any(String)],
    ]);
    expect(commitments[0]?.organization_id).toBe(String(w.orgs.acme));
    const objectives = records(file("objectives.csv"));
    expect(objectives.map((o) => [o.id, o.title, o.state])).toEqual([
      [expect.any(String), "Clean wells", "active"],
      [String(w.gapObjectiveId), "Teach hygiene", "active"],
    ]);
    expect(commitments[0]?.objective_ids).toBe(objectives[0]?.id);
    const members = records(file("members.csv"));
    const pat = members.find((m) => m.slack_user_id === "U0PART");
    expect(pat).toMatchObject({
      id: String(w.members.pat),
      organization_id: String(w.orgs.acme),
      organization: "Acme Water",
      role: "partner",
    });
    // Every owner and author the other files name is a member.
    const memberIds = new Set(members.map((m) => m.slack_user_id));
    expect(memberIds.has(commitments[0]?.owner as string)).toBe(true);

    const checkIns = records(file("check_ins.csv"));
    expect(checkIns.map((c) => c.what_moved)).toEqual([HOSTILE_MOVED, HOSTILE_MOVED]);
    expect(checkIns[1]).toMatchObject({
      status: "off_track",
      progress: "0.25",
      learning: "Valves need 2 weeks lead time",
      created_at: new Date(NOW - 3 * 86_400_000).toISOString(),
    });

    const blockers = records(file("blockers.csv"));
    expect(blockers.map((b) => [b.id, b.text, b.state])).toEqual([
      [String(w.oldBlockerId), HOSTILE_BLOCKER, "open"],
      [String(w.newBlockerId), "Truck is late", "open"],
      [String(helpedBlockerId), "Need a permit", "open"],
    ]);
    const river = organizations.find((o) => o.id === String(w.orgs.river));
    expect(blockers[2]).toMatchObject({
      could_help_organization_id: String(w.orgs.river),
      could_help_organization: river?.name,
    });
    expect(blockers[0]?.could_help_organization).toBe("");

    const decisions = records(file("decisions.csv"));
    expect(decisions.map((d) => [d.text, d.owner, d.due_date, d.state])).toEqual([
      ["Pick the valve supplier", "U0PART2", "2026-11-29", "open"],
      ["Review the budget", "", "2027-06-01", "open"],
    ]);
  });

  it("when exported as JSON, then the same records come back typed", async () => {
    const out = join(dir, "json");
    const result = await poc(
      ["export", "--partnership", String(w.partnershipId), "--format", "json", "--out", out],
      { DATABASE_PATH: t.databasePath },
    );
    expect(result.code).toBe(0);
    const json = (name: string) => JSON.parse(readFileSync(join(out, name), "utf8"));
    expect(json("commitments.json")[0]).toMatchObject({ title: HOSTILE_TITLE, progress: null });
    expect(json("check_ins.json")[1]).toMatchObject({ what_moved: HOSTILE_MOVED, progress: 0.25 });
    expect(json("blockers.json")[0]).toMatchObject({ text: HOSTILE_BLOCKER });
    expect(json("decisions.json").map((d: { owner: string | null }) => d.owner)).toEqual([
      "U0PART2",
      null,
    ]);
  });

  it("when the partnership is unknown or the format is wrong, then it says so and writes nothing", async () => {
    const env = { DATABASE_PATH: t.databasePath };
    const unknown = await poc(["export", "--partnership", "9999", "--out", join(dir, "x")], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'poc: There is no partnership with the id, channel or name "9999"; `npx poc partnerships` lists them.\n',
    );
    expect(existsSync(join(dir, "x"))).toBe(false);
    const bad = await poc(
      ["export", "--partnership", "1", "--format", "xml", "--out", join(dir, "x")],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown format "xml"');
  });
});

describe.each(MODES)("/poc export over %s", (mode) => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ clock: () => NOW, mode });
    seedWorld(s, CHANNEL_ID);
  });
  afterAll(async () => {
    await s.close();
  });

  it("when Cora exports, then she gets the seven CSV files in her DM", async () => {
    const typed = await type(s, "U0COORD", CHANNEL_ID, "export");
    expect(typed.text).toContain("7 CSV files are on their way");
    await expect
      .poll(() => s.emulator.files().filter((f) => f.completed).length, { timeout: 5000 })
      .toBe(7);
    const files = s.emulator.files();
    expect(files.map((f) => f.filename).sort()).toEqual([
      "blockers.csv",
      "check_ins.csv",
      "commitments.csv",
      "decisions.csv",
      "members.csv",
      "objectives.csv",
      "organizations.csv",
    ]);
    expect(new Set(files.map((f) => f.channel))).toEqual(new Set(["DU0COORD"]));
    const commitments = files.find((f) => f.filename === "commitments.csv");
    expect(records(commitments?.content.toString("utf8") ?? "")[0]?.title).toBe(HOSTILE_TITLE);
  });

  it("when Pat (a partner) exports, then he is refused and nothing is uploaded", async () => {
    const before = s.emulator.files().length;
    const typed = await type(s, "U0PART", CHANNEL_ID, "export");
    expect(typed.text).toContain(":no_entry:");
    await new Promise((r) => setTimeout(r, 200));
    expect(s.emulator.files().length).toBe(before);
  });
});

describe("/poc export on an install that lacks files:write", { timeout: 60_000 }, () => {
  it("when Cora exports, then her DM names the scope the admin must add, and nothing is uploaded", async () => {
    const lacking = await startTestApp({
      clock: () => NOW,
      emulator: { scopes: MANIFEST_SCOPES.filter((scope) => scope !== "files:write") },
    });
    try {
      seedWorld(lacking, CHANNEL_ID);
      await type(lacking, "U0COORD", CHANNEL_ID, "export");
      const told = () =>
        lacking.emulator
          .callsTo("chat.postMessage")
          .filter((c) => c.params.channel === "U0COORD")
          .map((c) => String(c.params.text));
      await expect.poll(told, { timeout: 5000 }).toHaveLength(1);
      expect(told()[0]).toBe(
        ":x: Your export could not be delivered: the app lacks the Slack permission `files:write`: ask a workspace admin to add it to the app (manifest.yml lists every scope the app needs) and reinstall it.",
      );
      expect(lacking.emulator.files().filter((f) => f.completed)).toEqual([]);
    } finally {
      await lacking.close();
    }
  });
});

describe("poc backup", { timeout: 60_000 }, () => {
  it("when the live database is backed up, then the copy opens, passes integrity_check and holds the data", async () => {
    const target = join(dir, "backups", "copy.sqlite");
    const result = await poc(["backup", target], { DATABASE_PATH: t.databasePath });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(target);
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const row = copy.prepare("SELECT title FROM commitments WHERE id = ?").get(w.commitmentId) as
        | { title: string }
        | undefined;
      expect(row?.title).toBe(HOSTILE_TITLE);
    } finally {
      copy.close();
    }
  });

  it("when no FILE is given, then it prints usage and exits 2", async () => {
    const result = await poc(["backup"], { DATABASE_PATH: t.databasePath });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: poc backup FILE");
  });
});
