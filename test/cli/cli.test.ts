import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parseInstant } from "../../src/cli/tick.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "poc-cli-"));

/** `npx poc ...` resolves to bin/poc.js through node_modules/.bin: run that same file. */
async function poc(args: string[], env: Record<string, string> = {}) {
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

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the poc command line", { timeout: 60_000 }, () => {
  it("when run with no command, then it prints its usage", async () => {
    const { code, stdout } = await poc([]);
    expect(code).toBe(0);
    expect(stdout).toContain("tick [--now <ISO instant>]");
    expect(stdout).toContain("migrate");
  });

  it("when given an unknown command, then it says so in one line plus usage and exits 2", async () => {
    const { code, stderr } = await poc(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^poc: unknown command "frobnicate"/);
  });

  it("when migrate runs twice, then the first applies the migrations and the second applies none", async () => {
    const env = { DATABASE_PATH: join(dir, "nested", "migrate.sqlite") };
    const first = await poc(["migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/: 9 migration\(s\) applied, 9 in all/);
    const second = await poc(["migrate"], env);
    expect(second.stdout).toMatch(/: 0 migration\(s\) applied, 9 in all/);
  });

  it("when tick runs with --now, then it ticks once at that instant and prints a summary", async () => {
    const databasePath = join(dir, "tick.sqlite");
    expect((await poc(["migrate"], { DATABASE_PATH: databasePath })).code).toBe(0);
    const { code, stdout } = await poc(["tick", "--now", "2026-11-30T09:00:00Z"], {
      DATABASE_PATH: databasePath,
      SLACK_BOT_TOKEN: "xoxb-cli-test",
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      now: Date.parse("2026-11-30T09:00:00Z"),
      ran: true,
    });
  });

  it.each([
    ["tomorrow", ""],
    ["2026-11-30", ""],
    ["2026-11-30T09:00:00", ""],
    ["2026-13-40T09:00:00Z", ": there is no month 13"],
    ["2026-02-30T09:00:00Z", ": 2026-02 has 28 days"],
  ])(
    "when --now is %s (not an instant with a zone), then it refuses in one line",
    async (value, why) => {
      const { code, stderr } = await poc(["tick", "--now", value], {
        DATABASE_PATH: join(dir, "bad.sqlite"),
        SLACK_BOT_TOKEN: "xoxb-cli-test",
      });
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(
        `poc: --now expects an ISO instant with a zone, such as 2026-11-30T09:00:00Z (got "${value}"${why})`,
      );
    },
  );

  it("when tick runs without a bot token, then it says in one line that it needs SLACK_BOT_TOKEN", async () => {
    const { code, stderr } = await poc(["tick"], { DATABASE_PATH: join(dir, "notoken.sqlite") });
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^poc: SLACK_BOT_TOKEN: is required/);
  });

  it("parses instants with offsets exactly", () => {
    expect(parseInstant("2026-03-08T02:30:00-05:00")).toBe(Date.parse("2026-03-08T07:30:00Z"));
    expect(parseInstant("2026-11-30T09:00Z")).toBe(Date.parse("2026-11-30T09:00:00Z"));
    expect(parseInstant("2028-02-29T23:59:59.999+14:00")).toBe(
      Date.parse("2028-02-29T09:59:59.999Z"),
    );
    expect(parseInstant("2026-12-31T00:00:00Z")).toBe(Date.UTC(2026, 11, 31));
  });

  // Date.parse reads each of these as another instant (2026-02-30 as 2 March, 24:00 as the next
  // day): a tick at a time nobody asked for.
  it.each([
    "2026-02-30T09:00:00Z",
    "2026-02-29T09:00:00Z",
    "2100-02-29T09:00:00Z",
    "2026-04-31T09:00:00Z",
    "2026-00-10T09:00:00Z",
    "2026-11-00T09:00:00Z",
    "2026-11-30T24:00:00Z",
    "2026-11-30T23:60:00Z",
    "2026-11-30T23:59:60Z",
    "2026-11-30T09:00:00+24:00",
    "2026-11-30T09:00:00+05:60",
  ])("refuses the impossible instant %s", (text) => {
    expect(() => parseInstant(text)).toThrow(`(got "${text}": `);
  });

  it("when the demo runs, then it walks the set-up through signed requests and prints what people see", async () => {
    const { code, stdout } = await poc(["demo"]);
    expect(code).toBe(0);
    expect(stdout).toContain("▶ Amara Okafor:  /poc help");
    expect(stdout).toContain("/poc digest [post]");
    expect(stdout).toContain("A modal opens: “Set up partnership”");
    expect(stdout).toMatch(/Added \*Valley University\* \(academia\)/);
    expect(stdout).toMatch(/Added \*Ruth Mwangi\* \(observer/);
    expect(stdout.match(/▶ .*: {2}\/poc commit\n/g)).toHaveLength(9);
    expect(stdout).toContain("━━ Week 3");
    expect(stdout).toContain("▶ Lena Fischer clicks [On track, no change]");
    expect(stdout).toContain("clicks [I can help] on the blocker");
    expect(stdout).toMatch(/Resolved by @Priya Nair/);
    expect(stdout).toMatch(
      /Sam Lee \(10:00 in Sydney\), in the DM's thread: Reminder: your check-in on .+ is still open/,
    );
    expect(stdout).toMatch(/@Sam Lee has not answered the last 2 check-ins/);
    expect(stdout).toMatch(/I could not send @Ezra Cohen their check-in/);
    // Ezra answers in the channel, so only Sam ends up silent.
    expect(stdout).toMatch(/• 💤 @Sam Lee \(River Trust\) is silent: 2 periods in a row/);
    expect(stdout).not.toMatch(/@Ezra Cohen \(Valley University\) is silent/);
    // Each week ends with the digest of the week before, named by the week it covers, with the
    // chart as text from the partnership's first week; then the agenda.
    expect(stdout.match(/WEEKLY DIGEST: CLEAN WATER COMPACT/g)).toHaveLength(3);
    expect(stdout).toContain("Week of 30 Nov - 6 Dec 2026 (W49)");
    expect(stdout).toContain("Week of 14 Dec - 20 Dec 2026 (W51)");
    expect(stdout).toContain("📊 Status mix, last 3 weeks");
    expect(stdout).not.toContain("0 of 0 prompts");
    // The parent is short: the chart's figures are in the thread, with the objectives' figures.
    expect(stdout).toMatch(
      /in the digest's thread:\n {4}│ \*Status mix by week\* \(the chart's figures\)/,
    );
    expect(stdout).toContain(
      "121,507 of 1,000,000 people (baseline 120,000 people): 0.2 % of the way",
    );
    expect(stdout).toContain("REVIEW AGENDA: CLEAN WATER COMPACT");
    expect(stdout).not.toContain("demo failed");
    expect(stdout).toMatch(
      /Wrote \d+ Block Kit payloads to demo-output\/ \(open index\.md; each has a Block Kit Builder link\)\n$/,
    );
  });

  it("when the demo runs quietly, then it exits 0 and prints nothing", async () => {
    const { code, stdout } = await poc(["demo", "--quiet"]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });
});
