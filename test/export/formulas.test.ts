/**
 * CSV injection: partners type text that ends up in the export, and a spreadsheet runs a cell
 * that starts with `=`, `+`, `-`, `@`, tab or carriage return as a formula. Every such text cell
 * goes out with a leading `'` (OWASP's rule); numbers, other text and the JSON export do not change.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ID, startTestApp, type TestApp } from "../support/app.js";
import { NOW, seedPartnership } from "../support/seed.js";
import { type } from "../support/slack.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "poc-formulas-"));
const DAY = 86_400_000;
const TABLES = ["commitments", "check_ins", "blockers", "decisions"] as const;

/** What partners typed, one text per dangerous first character. */
const TYPED = {
  title: '=HYPERLINK("http://evil.example","x")',
  organization: "+Acme =1+1",
  whatMoved: "-2+3+cmd|' /C calc'!A0",
  nextStep: "\tTab first, then =1+1",
  learning: "\rCarriage return first",
  blocker: "@SUM(1+1)*cmd|' /C calc'!A0",
  resolution: "=cmd|' /C notepad'!A0",
  decision: "+1 for the valve supplier",
  /** Safe: the dangerous characters only inside. */
  safeDecision: "Budget = 2 × 1,000 - fees @ cost",
} as const;

type Json = Record<string, string | number | null>;

async function exportTo(partnershipId: number, format: "csv" | "json") {
  const out = join(dir, format);
  const { stderr } = await run(
    "node",
    [
      "bin/poc.js",
      "export",
      "--partnership",
      String(partnershipId),
      "--format",
      format,
      "--out",
      out,
    ],
    { cwd: root, env: { PATH: process.env.PATH ?? "", DATABASE_PATH: t.databasePath } },
  );
  expect(stderr).toBe("");
  return (table: string) => readFileSync(join(out, `${table}.${format}`), "utf8");
}

const records = (text: string) =>
  parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

let t: TestApp;
let partnershipId: number;
let commitmentId: number;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  const seeded = seedPartnership(t.poc.services);
  partnershipId = seeded.partnershipId;
  const { repos } = t.poc.services;
  t.poc.services.repos.organizations.update(partnershipId, seeded.orgs.acme, {
    name: TYPED.organization,
  });
  const commitment = repos.commitments.create(
    {
      partnershipId,
      organizationId: seeded.orgs.acme,
      ownerMemberId: seeded.members.pat,
      title: TYPED.title,
      cadence: "weekly",
      checkInWeekday: 1,
      checkInTime: "10:00",
      startedAt: NOW - 14 * DAY,
      createdBy: "U0COORD",
      createdAt: NOW - 14 * DAY,
      updatedAt: NOW - 14 * DAY,
    },
    [],
  );
  commitmentId = commitment.id;
  // A falling indicator reports a negative figure: a number, never text to neutralise.
  repos.commitments.update(partnershipId, commitmentId, { progress: -5 });
  const checkIn = repos.checkIns.upsert({
    commitmentId,
    periodKey: "2026-W48",
    authorMemberId: seeded.members.pat,
    status: "at_risk",
    progress: -0.5,
    whatMoved: TYPED.whatMoved,
    nextStep: TYPED.nextStep,
    learning: TYPED.learning,
    createdAt: NOW - 3 * DAY,
    editedAt: null,
  });
  const blocker = repos.blockers.create({
    commitmentId,
    checkInId: checkIn.id,
    text: TYPED.blocker,
    raisedByMemberId: seeded.members.pat,
    createdAt: NOW - 2 * DAY,
  });
  repos.blockers.update(blocker.id, {
    state: "resolved",
    resolution: TYPED.resolution,
    resolvedAt: NOW - DAY,
  });
  for (const text of [TYPED.decision, TYPED.safeDecision]) {
    repos.overview.insertDecision({
      partnershipId,
      text,
      ownerMemberId: null,
      dueDate: "2026-12-15",
      createdBy: "U0COORD",
      createdAt: NOW - DAY,
    });
  }
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("CSV export and formulas", { timeout: 60_000 }, () => {
  it("when partners' texts start with =, +, -, @, tab or carriage return, then each such CSV cell starts with ' and every other cell is the JSON export's value unchanged", async () => {
    const csv = await exportTo(partnershipId, "csv");
    const json = await exportTo(partnershipId, "json");

    const neutralised = new Set<string>();
    for (const table of TABLES) {
      const typed = JSON.parse(json(table)) as Json[];
      const rows = records(csv(table));
      expect(rows).toHaveLength(typed.length);
      for (const [i, raw] of typed.entries()) {
        for (const [column, value] of Object.entries(raw)) {
          const cell = rows[i]?.[column];
          if (typeof value === "string" && /^[=+\-@\t\r]/.test(value)) {
            expect(cell, `${table}.${column}`).toBe(`'${value}`);
            neutralised.add(value[0] as string);
          } else {
            expect(cell, `${table}.${column}`).toBe(value === null ? "" : String(value));
          }
        }
      }
    }
    expect([...neutralised].sort()).toEqual(["\t", "\r", "+", "-", "=", "@"].sort());

    const [commitment] = records(csv("commitments"));
    expect(commitment).toMatchObject({
      title: `'${TYPED.title}`,
      organization: `'${TYPED.organization}`,
      progress: "-5",
    });
    const [checkIn] = records(csv("check_ins"));
    expect(checkIn).toMatchObject({
      what_moved: `'${TYPED.whatMoved}`,
      next_step: `'${TYPED.nextStep}`,
      learning: `'${TYPED.learning}`,
      progress: "-0.5",
    });
    expect(records(csv("blockers"))[0]).toMatchObject({
      text: `'${TYPED.blocker}`,
      resolution: `'${TYPED.resolution}`,
    });
    expect(records(csv("decisions")).map((d) => d.text)).toEqual([
      `'${TYPED.decision}`,
      TYPED.safeDecision,
    ]);
  });

  it("when exported as JSON, then the texts are exactly what partners typed and the numbers stay numbers", async () => {
    const json = await exportTo(partnershipId, "json");
    const parsed = (table: string) => JSON.parse(json(table)) as Json[];
    expect(parsed("commitments")[0]).toMatchObject({
      id: commitmentId,
      title: TYPED.title,
      organization: TYPED.organization,
      progress: -5,
    });
    expect(parsed("check_ins")[0]).toMatchObject({
      what_moved: TYPED.whatMoved,
      next_step: TYPED.nextStep,
      learning: TYPED.learning,
      progress: -0.5,
    });
    expect(parsed("blockers")[0]).toMatchObject({
      text: TYPED.blocker,
      resolution: TYPED.resolution,
    });
    expect(parsed("decisions").map((d) => d.text)).toEqual([TYPED.decision, TYPED.safeDecision]);
  });

  it("when Cora runs /poc export, then the uploaded CSV neutralises the formula too", async () => {
    const typed = await type(t, "U0COORD", CHANNEL_ID, "export");
    expect(typed.text).toContain("7 CSV files are on their way");
    await expect
      .poll(() => t.emulator.files().filter((f) => f.completed).length, { timeout: 5000 })
      .toBe(7);
    const file = t.emulator.files().find((f) => f.filename === "commitments.csv");
    const [commitment] = records(file?.content.toString("utf8") ?? "");
    expect(commitment).toMatchObject({ title: `'${TYPED.title}`, progress: "-5" });
  });
});
