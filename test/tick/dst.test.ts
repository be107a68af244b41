/**
 * Daylight saving through the running app: owners in New York, London, Sydney and Lord Howe
 * (a 30-minute shift), ticked every 15 simulated minutes across both 2026 transitions, with
 * check-in times chosen to fall into the spring-forward gaps and the fall-back overlaps. Each
 * period must get exactly one prompt, due at the right local wall time (checked against a
 * brute-force reading of Intl, not against the app's own maths), and sent at that instant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  addMember,
  DAY,
  HOUR,
  type ManualClock,
  MINUTE,
  manualClock,
  rejectedPayloads,
} from "./support.js";

type Cadence = "weekly" | "biweekly" | "monthly";
interface Spec {
  readonly owner: string;
  readonly zone: string;
  readonly cadence: Cadence;
  readonly weekday: number;
  readonly time: string;
}

const OWNERS = [
  { id: "U0NYC", zone: "America/New_York" },
  { id: "U0LON", zone: "Europe/London" },
  { id: "U0SYD", zone: "Australia/Sydney" },
  { id: "U0LHI", zone: "Australia/Lord_Howe" },
];

/** Sunday times inside the gaps and overlaps, plus ordinary ones and the other cadences. */
const SPECS: Spec[] = [
  { owner: "U0NYC", zone: "America/New_York", cadence: "weekly", weekday: 7, time: "02:30" },
  { owner: "U0NYC", zone: "America/New_York", cadence: "weekly", weekday: 7, time: "01:30" },
  { owner: "U0NYC", zone: "America/New_York", cadence: "weekly", weekday: 1, time: "09:00" },
  { owner: "U0LON", zone: "Europe/London", cadence: "weekly", weekday: 7, time: "01:30" },
  { owner: "U0LON", zone: "Europe/London", cadence: "biweekly", weekday: 1, time: "09:00" },
  { owner: "U0SYD", zone: "Australia/Sydney", cadence: "weekly", weekday: 7, time: "02:30" },
  { owner: "U0SYD", zone: "Australia/Sydney", cadence: "monthly", weekday: 1, time: "09:00" },
  { owner: "U0LHI", zone: "Australia/Lord_Howe", cadence: "weekly", weekday: 7, time: "01:45" },
  { owner: "U0LHI", zone: "Australia/Lord_Howe", cadence: "weekly", weekday: 7, time: "02:15" },
  { owner: "U0LHI", zone: "Australia/Lord_Howe", cadence: "biweekly", weekday: 4, time: "09:00" },
];

const STEP = 15 * MINUTE;

// ---- an oracle that knows nothing of src/domain/schedule.ts ----

const formats = new Map<string, Intl.DateTimeFormat>();
function wall(at: number, zone: string): { date: string; time: string } {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/**
 * The first instant (on the 15-minute grid every zone here keeps) whose wall clock reads `date`
 * `time`; when that wall time does not exist (a gap), the first instant after it that day.
 */
function oracle(zone: string, date: string, time: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  let later: number | undefined;
  for (let at = midnight - 16 * HOUR; at <= midnight + 40 * HOUR; at += STEP) {
    const w = wall(at, zone);
    if (w.date === date && w.time === time) return at;
    if (later === undefined && w.date === date && w.time > time) later = at;
  }
  if (later === undefined) throw new Error(`no ${date} ${time} in ${zone}`);
  return later;
}

const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** The slots a spec should have between `from` (the commitment's start) and `to`, inclusive. */
function expectedSlots(spec: Spec, from: number, to: number): Array<{ date: string; at: number }> {
  const startDate = wall(from, spec.zone).date;
  const endDate = wall(to, spec.zone).date;
  let firstMatching = startDate;
  while (isoWeekday(firstMatching) !== spec.weekday) firstMatching = addDays(firstMatching, 1);
  const slots: Array<{ date: string; at: number }> = [];
  for (let date = startDate; date <= endDate; date = addDays(date, 1)) {
    if (isoWeekday(date) !== spec.weekday) continue;
    if (spec.cadence === "biweekly" && daysBetween(firstMatching, date) % 14 !== 0) continue;
    if (spec.cadence === "monthly" && Number(date.slice(8)) > 7) continue;
    const at = oracle(spec.zone, date, spec.time);
    if (at >= from && at <= to) slots.push({ date, at });
  }
  return slots;
}

function periodKey(spec: Spec, date: string): string {
  if (spec.cadence === "monthly") return `M:${date.slice(0, 7)}`;
  return `${spec.cadence === "weekly" ? "W" : "B"}:${date}`;
}

// ---- the app, ticked ----

let clock: ManualClock;
let t: TestApp;
let seeded: Seeded;
const members = new Map<string, number>();

beforeAll(async () => {
  clock = manualClock(Date.parse("2026-02-01T00:00:00Z"));
  t = await startTestApp({ clock, emulator: { clock } });
  for (const owner of OWNERS) {
    t.emulator.addUser({ id: owner.id, name: owner.id.toLowerCase(), tz: owner.zone });
  }
  seeded = seedPartnership(t.poc.services);
  // Coordinators hear about silence; owners get no reminders in this test (one message each).
  t.poc.services.repos.partnerships.update(seeded.partnershipId, { maxReminders: 0 }, clock());
  for (const owner of OWNERS) {
    members.set(
      owner.id,
      addMember(t.poc.services, seeded, owner.id, { tz: owner.zone, fetchedAt: 0 }),
    );
  }
});

afterAll(async () => {
  await t.close();
});

/** Ticks every 15 minutes over [from, to] with fresh commitments started at `from`. */
async function runWindow(from: number, to: number) {
  const ids = SPECS.map((spec, i) =>
    addCommitment(t.poc.services, seeded, {
      owner: members.get(spec.owner) ?? 0,
      title: `${spec.zone} ${spec.cadence} ${spec.weekday} ${spec.time} #${i}`,
      cadence: spec.cadence,
      weekday: spec.weekday,
      time: spec.time,
      startedAt: from,
    }),
  );
  let ticks = 0;
  for (let at = from; at <= to; at += STEP) {
    clock.set(at);
    const summary = await t.poc.services.tick.run(at);
    expect(summary.ran).toBe(true);
    ticks += 1;
  }
  for (const id of ids) {
    t.poc.services.repos.commitments.update(seeded.partnershipId, id, { state: "closed" });
  }
  const rows = t.poc.database.db.select().from(schema.prompts).all();
  return { ids, rows, ticks };
}

function checkWindow(result: Awaited<ReturnType<typeof runWindow>>, from: number, to: number) {
  const posts = new Map(
    t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => (c.response as { ok?: boolean }).ok === true && c.params.metadata)
      .map((c) => [
        Number(
          (c.params.metadata as { event_payload: { prompt_id: number } }).event_payload.prompt_id,
        ),
        c,
      ]),
  );
  let checked = 0;
  SPECS.forEach((spec, i) => {
    const mine = result.rows
      .filter((p) => p.commitmentId === result.ids[i])
      .sort((a, b) => a.dueAt - b.dueAt);
    const expected = expectedSlots(spec, from, to);
    expect(expected.length, `${spec.zone} ${spec.time}`).toBeGreaterThan(0);
    // Exactly one prompt per period, for exactly the expected periods.
    expect(
      mine.map((p) => [p.periodKey, p.dueAt]),
      `${spec.zone} ${spec.cadence} ${spec.time}`,
    ).toEqual(expected.map((e) => [periodKey(spec, e.date), e.at]));
    for (const prompt of mine) {
      expect(prompt.state).toBe("sent");
      const local = wall(prompt.dueAt, spec.zone);
      // Either the wall time asked for, or (in a gap) the first time after it that day.
      expect(local.time >= spec.time).toBe(true);
      if (local.time !== spec.time) {
        expect(wall(prompt.dueAt - STEP, spec.zone).time < spec.time).toBe(true);
      }
      // Sent at the tick of its slot: the emulator's message ts is that instant.
      const post = posts.get(prompt.id);
      if (post === undefined) throw new Error(`prompt ${prompt.id} was not posted`);
      const ts = (post.response as { ts: string }).ts;
      expect(Math.floor(Number(ts)) * 1000).toBe(prompt.dueAt);
      expect(post.at).toBe(prompt.dueAt);
      checked += 1;
    }
  });
  expect(rejectedPayloads(t.emulator)).toEqual([]);
  return checked;
}

const byKey = (rows: Array<{ periodKey: string; dueAt: number }>, key: string) =>
  rows.filter((p) => p.periodKey === key).map((p) => p.dueAt);

describe("daylight saving, 2026", { timeout: 120_000 }, () => {
  it("when clocks spring forward (New York 8 March, London 29 March) and fall back in the south (5 April), then every period gets one prompt at its local time", async () => {
    const from = Date.parse("2026-02-28T00:00:00Z");
    const to = Date.parse("2026-04-12T00:00:00Z");
    const result = await runWindow(from, to);
    expect(result.ticks).toBe((to - from) / STEP + 1);
    expect(checkWindow(result, from, to)).toBeGreaterThan(50);

    const rows = result.rows;
    const of = (i: number) => rows.filter((p) => p.commitmentId === result.ids[i]);
    // New York 02:30 on 8 March does not exist: 03:00 EDT = 07:00Z.
    expect(byKey(of(0), "W:2026-03-08")).toEqual([Date.parse("2026-03-08T07:00:00Z")]);
    // London 01:30 on 29 March does not exist: 02:00 BST = 01:00Z.
    expect(byKey(of(3), "W:2026-03-29")).toEqual([Date.parse("2026-03-29T01:00:00Z")]);
    // Sydney 02:30 on 5 April happens twice: the first, AEDT (+11) = 4 April 15:30Z.
    expect(byKey(of(5), "W:2026-04-05")).toEqual([Date.parse("2026-04-04T15:30:00Z")]);
    // Lord Howe 01:45 on 5 April happens twice (+11, then +10:30): the first = 14:45Z.
    expect(byKey(of(7), "W:2026-04-05")).toEqual([Date.parse("2026-04-04T14:45:00Z")]);
  });

  it("when clocks spring forward in the south (4 October) and fall back in the north (London 25 October, New York 1 November), then every period gets one prompt at its local time", async () => {
    const from = Date.parse("2026-09-26T00:00:00Z");
    const to = Date.parse("2026-11-08T00:00:00Z");
    const result = await runWindow(from, to);
    expect(checkWindow(result, from, to)).toBeGreaterThan(50);

    const rows = result.rows;
    const of = (i: number) => rows.filter((p) => p.commitmentId === result.ids[i]);
    // Sydney 02:30 on 4 October does not exist: 03:00 AEDT = 3 October 16:00Z.
    expect(byKey(of(5), "W:2026-10-04")).toEqual([Date.parse("2026-10-03T16:00:00Z")]);
    // Lord Howe 02:15 on 4 October does not exist (02:00 -> 02:30): 02:30 +11 = 15:30Z.
    expect(byKey(of(8), "W:2026-10-04")).toEqual([Date.parse("2026-10-03T15:30:00Z")]);
    // London 01:30 on 25 October happens twice: the first, BST = 00:30Z.
    expect(byKey(of(3), "W:2026-10-25")).toEqual([Date.parse("2026-10-25T00:30:00Z")]);
    // New York 01:30 on 1 November happens twice: the first, EDT = 05:30Z.
    expect(byKey(of(1), "W:2026-11-01")).toEqual([Date.parse("2026-11-01T05:30:00Z")]);
    // And the ordinary Monday 09:00 keeps its wall time on both sides of the change.
    expect(byKey(of(2), "W:2026-10-26")).toEqual([Date.parse("2026-10-26T13:00:00Z")]);
    expect(byKey(of(2), "W:2026-11-02")).toEqual([Date.parse("2026-11-02T14:00:00Z")]);
  });
});
