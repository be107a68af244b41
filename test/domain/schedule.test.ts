/**
 * Check-in and digest slots. Expected instants were worked out by hand and checked with
 * Intl.DateTimeFormat (see `wallClock` below, which the tests also use as an independent check).
 *
 * 2026 daylight-saving transitions used here (checked with Intl, tzdata in Node 20):
 * - America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST
 *   (06:00Z), so 01:00-01:59 happens twice.
 * - Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST (01:00Z); 2026-10-25 02:00 BST -> 01:00 GMT.
 * - Australia/Sydney: DST ends 2026-04-05 03:00 -> 02:00 (+11 -> +10), starts 2026-10-04
 *   02:00 -> 03:00 (+10 -> +11).
 * - Australia/Lord_Howe: same days as Sydney, 30 minutes: 2026-04-05 02:00 -> 01:30 (+11 ->
 *   +10:30), 2026-10-04 02:00 -> 02:30 (+10:30 -> +11).
 * - Pacific/Chatham: 2026-04-05 03:45 -> 02:45 (+13:45 -> +12:45), 2026-09-27 02:45 -> 03:45
 *   (+12:45 -> +13:45).
 * - Asia/Kolkata: always +05:30.
 * The process runs with TZ=America/Los_Angeles (vitest.config.ts): nothing here may depend on it.
 */
import { tz } from "@date-fns/tz";
import { getISOWeek, getISOWeekYear } from "date-fns";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import {
  type CadenceSpec,
  currentPeriod,
  digestSlot,
  isoWeekOf,
  isValidTimeZone,
  latestSlot,
  nextDigestSlot,
  nextSlot,
  type OpenedPeriod,
  parseLocalTime,
  periodKeyFor,
  zonedInstant,
} from "../../src/domain/schedule.js";
import type { Weekday } from "../../src/domain/types.js";

const ms = (iso: string): number => Date.parse(iso);
const iso = (instant: number): string => new Date(instant).toISOString();

/** "YYYY-MM-DD HH:MM" on the wall clock of `zone`, straight from Intl (independent of the code). */
function wallClock(zone: string, instant: number): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

const MON = 1 as Weekday;
const TUE = 2 as Weekday;
const THU = 4 as Weekday;
const FRI = 5 as Weekday;
const SUN = 7 as Weekday;

function spec(overrides: Partial<CadenceSpec>): CadenceSpec {
  return {
    cadence: "weekly",
    weekday: THU,
    localTime: "10:00",
    zone: "America/New_York",
    anchor: ms("2025-01-01T00:00:00Z"),
    ...overrides,
  };
}

/** The slot instants a commitment gets from `from` on, as UTC ISO strings. */
function slotsFrom(s: CadenceSpec, from: string, count: number): string[] {
  const out: string[] = [];
  let now = ms(from);
  for (let i = 0; i < count; i++) {
    const slot = nextSlot(s, now);
    out.push(iso(slot.at));
    now = slot.at;
  }
  return out;
}

function expectInvalid(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_input");
    return;
  }
  throw new Error("expected a DomainError(invalid_input)");
}

describe("zonedInstant: a wall-clock time in a zone", () => {
  // biome-ignore format: a table reads best one row per line
  it.each([
    ["an ordinary time, New York in winter", "America/New_York", [2026, 1, 15, 10, 0], "2026-01-15T15:00:00.000Z"],
    ["half-hour offset, Kolkata", "Asia/Kolkata", [2026, 6, 3, 10, 0], "2026-06-03T04:30:00.000Z"],
    ["45-minute offset, Chatham in summer", "Pacific/Chatham", [2026, 1, 15, 10, 0], "2026-01-14T20:15:00.000Z"],
    // Gaps: the time does not exist, so it becomes the first instant after the gap.
    ["New York spring-forward gap 02:30 -> 03:00 EDT", "America/New_York", [2026, 3, 8, 2, 30], "2026-03-08T07:00:00.000Z"],
    ["London spring-forward gap 01:30 -> 02:00 BST", "Europe/London", [2026, 3, 29, 1, 30], "2026-03-29T01:00:00.000Z"],
    ["Sydney spring-forward gap 02:30 -> 03:00 AEDT", "Australia/Sydney", [2026, 10, 4, 2, 30], "2026-10-03T16:00:00.000Z"],
    ["Lord Howe 30-minute gap 02:15 -> 02:30 (+11)", "Australia/Lord_Howe", [2026, 10, 4, 2, 15], "2026-10-03T15:30:00.000Z"],
    ["Chatham gap 02:50 -> 03:45 (+13:45)", "Pacific/Chatham", [2026, 9, 27, 2, 50], "2026-09-26T14:00:00.000Z"],
    // Overlaps: the time happens twice, so the first (earlier) occurrence wins.
    ["New York fall-back 01:30, first (EDT)", "America/New_York", [2026, 11, 1, 1, 30], "2026-11-01T05:30:00.000Z"],
    ["London fall-back 01:30, first (BST)", "Europe/London", [2026, 10, 25, 1, 30], "2026-10-25T00:30:00.000Z"],
    ["Sydney fall-back 02:30, first (+11)", "Australia/Sydney", [2026, 4, 5, 2, 30], "2026-04-04T15:30:00.000Z"],
    ["Lord Howe 30-minute fall-back 01:45, first (+11)", "Australia/Lord_Howe", [2026, 4, 5, 1, 45], "2026-04-04T14:45:00.000Z"],
    ["Chatham fall-back 03:00, first (+13:45)", "Pacific/Chatham", [2026, 4, 5, 3, 0], "2026-04-04T13:15:00.000Z"],
  ] as const)("%s", (_story, zone, [y, mo, d, h, mi], expected) => {
    expect(iso(zonedInstant(zone, y, mo, d, h, mi))).toBe(expected);
  });

  it("rejects dates that do not exist on any calendar", () => {
    expectInvalid(() => zonedInstant("Europe/London", 2026, 2, 29, 10, 0));
    expectInvalid(() => zonedInstant("Europe/London", 2026, 13, 1, 10, 0));
    expectInvalid(() => zonedInstant("Europe/London", 2026, 1, 1, 24, 0));
    expectInvalid(() => zonedInstant("Europe/Atlantis", 2026, 1, 1, 10, 0));
  });
});

describe("weekly slots keep the wall time while UTC moves with daylight saving", () => {
  // biome-ignore format: a table reads best one row per line
  it.each([
    // [story, zone, weekday, start (exclusive), expected slots]
    ["New York in March (DST from 2026-03-08)", "America/New_York", THU, "2026-03-01T00:00:00Z", ["2026-03-05T15:00:00.000Z", "2026-03-12T14:00:00.000Z"]],
    ["New York in November (DST ends 2026-11-01)", "America/New_York", THU, "2026-10-26T00:00:00Z", ["2026-10-29T14:00:00.000Z", "2026-11-05T15:00:00.000Z"]],
    ["London in March (BST from 2026-03-29)", "Europe/London", MON, "2026-03-20T00:00:00Z", ["2026-03-23T10:00:00.000Z", "2026-03-30T09:00:00.000Z"]],
    ["London in October (BST ends 2026-10-25)", "Europe/London", MON, "2026-10-15T00:00:00Z", ["2026-10-19T09:00:00.000Z", "2026-10-26T10:00:00.000Z"]],
    ["Sydney in April (southern autumn, DST ends 2026-04-05)", "Australia/Sydney", MON, "2026-03-25T00:00:00Z", ["2026-03-29T23:00:00.000Z", "2026-04-06T00:00:00.000Z"]],
    ["Sydney in October (DST from 2026-10-04)", "Australia/Sydney", MON, "2026-09-25T00:00:00Z", ["2026-09-28T00:00:00.000Z", "2026-10-04T23:00:00.000Z"]],
    ["Kolkata, no DST at +05:30", "Asia/Kolkata", 3 as Weekday, "2026-06-01T00:00:00Z", ["2026-06-03T04:30:00.000Z", "2026-06-10T04:30:00.000Z"]],
    ["Lord Howe in April (+11 -> +10:30)", "Australia/Lord_Howe", MON, "2026-03-25T00:00:00Z", ["2026-03-29T23:00:00.000Z", "2026-04-05T23:30:00.000Z"]],
    ["Lord Howe in October (+10:30 -> +11)", "Australia/Lord_Howe", MON, "2026-09-25T00:00:00Z", ["2026-09-27T23:30:00.000Z", "2026-10-04T23:00:00.000Z"]],
    ["Chatham in April (+13:45 -> +12:45)", "Pacific/Chatham", MON, "2026-03-25T00:00:00Z", ["2026-03-29T20:15:00.000Z", "2026-04-05T21:15:00.000Z"]],
    ["Chatham in September (+12:45 -> +13:45)", "Pacific/Chatham", MON, "2026-09-18T00:00:00Z", ["2026-09-20T21:15:00.000Z", "2026-09-27T20:15:00.000Z"]],
  ] as const)("%s", (_story, zone, weekday, start, expected) => {
    const s = spec({ zone, weekday });
    const slots = slotsFrom(s, start, 2);
    expect(slots).toEqual(expected);
    for (const slot of slots) expect(wallClock(zone, ms(slot))).toMatch(/ 10:00$/);
  });

  it("a slot inside the spring-forward gap moves to 03:00, the one either side stays at 02:30", () => {
    const s = spec({ weekday: SUN, localTime: "02:30" });
    expect(slotsFrom(s, "2026-02-28T00:00:00Z", 3)).toEqual([
      "2026-03-01T07:30:00.000Z", // 02:30 EST
      "2026-03-08T07:00:00.000Z", // 02:30 does not exist: 03:00 EDT
      "2026-03-15T06:30:00.000Z", // 02:30 EDT
    ]);
  });

  it("a slot in the repeated fall-back hour happens once, at the first 01:30", () => {
    const s = spec({ weekday: SUN, localTime: "01:30" });
    expect(slotsFrom(s, "2026-10-24T00:00:00Z", 3)).toEqual([
      "2026-10-25T05:30:00.000Z", // 01:30 EDT
      "2026-11-01T05:30:00.000Z", // first 01:30 (EDT), not the second (06:30Z EST)
      "2026-11-08T06:30:00.000Z", // 01:30 EST
    ]);
    // Between the two 01:30s the latest slot is still that day's: no second prompt.
    expect(iso(latestSlot(s, ms("2026-11-01T06:30:00Z"))?.at ?? 0)).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });
});

describe("latestSlot and nextSlot at the edges", () => {
  const s = spec({}); // weekly, Thursday 10:00 New York
  const slot = ms("2026-03-12T14:00:00Z"); // Thursday 10:00 EDT

  // biome-ignore format: a table reads best one row per line
  it.each([
    ["exactly at the slot: that slot (inclusive)", slot, "2026-03-12T14:00:00.000Z", "2026-03-19T14:00:00.000Z"],
    ["1 ms before: the previous week's slot", slot - 1, "2026-03-05T15:00:00.000Z", "2026-03-12T14:00:00.000Z"],
    ["1 ms after: still that slot", slot + 1, "2026-03-12T14:00:00.000Z", "2026-03-19T14:00:00.000Z"],
    ["later the same local day", ms("2026-03-13T03:59:00Z"), "2026-03-12T14:00:00.000Z", "2026-03-19T14:00:00.000Z"],
  ])("%s", (_story, now, latest, next) => {
    expect(iso(latestSlot(s, now)?.at ?? 0)).toBe(latest);
    expect(iso(nextSlot(s, now).at)).toBe(next);
  });

  it("describes the period a slot opens: [at, next slot)", () => {
    expect(latestSlot(s, slot)).toEqual({
      at: slot,
      date: "2026-03-12",
      periodKey: "W:2026-03-12",
      periodStart: slot,
      periodEnd: ms("2026-03-19T14:00:00Z"),
    });
  });
});

describe("monthly slots: the first weekday of each month", () => {
  const monthly = spec({ cadence: "monthly" }); // first Thursday, 10:00 New York

  it("crosses the year end: Dec 2026 -> Jan 2027 -> Feb 2027", () => {
    // Dec 2026 starts on a Tuesday, Jan 2027 on a Friday, Feb 2027 on a Monday.
    expect(slotsFrom(monthly, "2026-11-30T00:00:00Z", 3)).toEqual([
      "2026-12-03T15:00:00.000Z",
      "2027-01-07T15:00:00.000Z",
      "2027-02-04T15:00:00.000Z",
    ]);
    expect(nextSlot(monthly, ms("2026-12-20T00:00:00Z"))).toMatchObject({
      periodKey: "M:2027-01",
      periodEnd: ms("2027-02-04T15:00:00Z"),
    });
  });

  it("keeps 10:00 local across daylight saving (first Thursdays of March and April 2026)", () => {
    expect(slotsFrom(monthly, "2026-03-01T00:00:00Z", 2)).toEqual([
      "2026-03-05T15:00:00.000Z",
      "2026-04-02T14:00:00.000Z",
    ]);
  });

  // biome-ignore format: a table reads best one row per line
  it.each([
    ["early January, before its first Thursday: still December's period", "2027-01-05T12:00:00Z", "2026-12-03T15:00:00.000Z", "M:2026-12"],
    ["on 2027-01-07 at 09:59 local: still December's", "2027-01-07T14:59:59.999Z", "2026-12-03T15:00:00.000Z", "M:2026-12"],
    ["on 2027-01-07 at 10:00 local: January's", "2027-01-07T15:00:00Z", "2027-01-07T15:00:00.000Z", "M:2027-01"],
    ["late December", "2026-12-31T23:00:00Z", "2026-12-03T15:00:00.000Z", "M:2026-12"],
  ])("latestSlot %s", (_story, now, at, key) => {
    const slot = latestSlot(monthly, ms(now));
    expect(iso(slot?.at ?? 0)).toBe(at);
    expect(slot?.periodKey).toBe(key);
  });

  it("a commitment started after this month's first Thursday waits for next month's", () => {
    const late = spec({ cadence: "monthly", anchor: ms("2026-12-10T15:00:00Z") });
    expect(latestSlot(late, ms("2026-12-20T00:00:00Z"))).toBeNull();
    expect(iso(nextSlot(late, ms("2026-12-20T00:00:00Z")).at)).toBe("2027-01-07T15:00:00.000Z");
  });
});

describe("biweekly slots are anchored to the commitment's start", () => {
  // Started Monday 2026-02-23: the first Thursday on or after is 2026-02-26, then every 14 days.
  const biweekly = spec({ cadence: "biweekly", anchor: ms("2026-02-23T12:00:00Z") });

  it("stays on 10:00 local across the DST change, 14 calendar days apart", () => {
    expect(slotsFrom(biweekly, "2026-02-20T00:00:00Z", 3)).toEqual([
      "2026-02-26T15:00:00.000Z", // EST
      "2026-03-12T14:00:00.000Z", // EDT: 14 days minus one hour of UTC time
      "2026-03-26T14:00:00.000Z",
    ]);
  });

  // biome-ignore format: a table reads best one row per line
  it.each([
    // 2027-02-25 is 364 days (26 x 14) after 2026-02-26; 2029-02-22 is 1092 days (78 x 14).
    ["a year later, on the anchor's parity", "2027-03-01T00:00:00Z", "2027-02-25T15:00:00.000Z", "B:2027-02-25"],
    ["the off week in between keeps the last slot", "2027-03-05T00:00:00Z", "2027-02-25T15:00:00.000Z", "B:2027-02-25"],
    ["three years later, no drift", "2029-02-23T00:00:00Z", "2029-02-22T15:00:00.000Z", "B:2029-02-22"],
  ])("%s", (_story, now, at, key) => {
    const slot = latestSlot(biweekly, ms(now));
    expect(iso(slot?.at ?? 0)).toBe(at);
    expect(slot?.periodKey).toBe(key);
    expect(slot?.periodEnd).toBe((slot?.at ?? 0) + 14 * 86_400_000);
  });

  it("is never before the anchor: started on a Friday, the first slot is the next Thursday", () => {
    const fromFriday = spec({ cadence: "biweekly", anchor: ms("2026-03-06T17:00:00Z") });
    expect(latestSlot(fromFriday, ms("2026-03-10T00:00:00Z"))).toBeNull();
    expect(latestSlot(fromFriday, ms("2026-03-12T13:59:59.999Z"))).toBeNull();
    expect(iso(nextSlot(fromFriday, ms("2026-03-06T18:00:00Z")).at)).toBe(
      "2026-03-12T14:00:00.000Z",
    );
    expect(latestSlot(fromFriday, ms("2026-03-12T14:00:00Z"))?.periodKey).toBe("B:2026-03-12");
  });
});

describe("the anchor's local date decides the first slot, for every cadence", () => {
  it.each(["weekly", "biweekly", "monthly"] as const)(
    "%s: nothing before the anchor's date",
    (cadence) => {
      // Friday 2026-05-01: the first Thursday on or after is 2026-05-07 (also May's first Thursday).
      const s = spec({ cadence, anchor: ms("2026-05-01T16:00:00Z") });
      expect(latestSlot(s, ms("2026-05-06T00:00:00Z"))).toBeNull();
      expect(periodKeyFor(s, ms("2026-05-06T00:00:00Z"))).toBeNull();
      expect(iso(nextSlot(s, ms("2026-05-01T16:00:00Z")).at)).toBe("2026-05-07T14:00:00.000Z");
    },
  );

  it("the date is taken in the zone: Friday 03:00Z is still Thursday evening in New York", () => {
    const s = spec({ anchor: ms("2026-03-06T03:00:00Z") }); // Thursday 2026-03-05 22:00 EST
    // Thursday's 10:00 slot was before the commitment existed, so the first is next Thursday.
    expect(latestSlot(s, ms("2026-03-06T04:00:00Z"))).toBeNull();
    expect(iso(nextSlot(s, ms("2026-03-06T04:00:00Z")).at)).toBe("2026-03-12T14:00:00.000Z");
  });

  it("a commitment made on its check-in day before the check-in time is prompted that day", () => {
    const s = spec({ anchor: ms("2026-03-05T13:00:00Z") }); // Thursday 2026-03-05 08:00 EST
    expect(iso(nextSlot(s, ms("2026-03-05T13:00:00Z")).at)).toBe("2026-03-05T15:00:00.000Z");
    expect(iso(latestSlot(s, ms("2026-03-05T15:00:00Z"))?.at ?? 0)).toBe(
      "2026-03-05T15:00:00.000Z",
    );
  });
});

describe("period keys", () => {
  const weekly = spec({});

  it("are the same whenever they are computed within one period, and change with the next", () => {
    const nows = ["2026-03-12T14:00:00Z", "2026-03-15T09:00:00Z", "2026-03-19T13:59:59.999Z"];
    for (const now of nows) expect(latestSlot(weekly, ms(now))?.periodKey).toBe("W:2026-03-12");
    expect(latestSlot(weekly, ms("2026-03-19T14:00:00Z"))?.periodKey).toBe("W:2026-03-19");
    expect(nextSlot(weekly, ms("2026-03-15T09:00:00Z")).periodKey).toBe("W:2026-03-19");
  });

  it("periodKeyFor names the period containing an instant", () => {
    expect(periodKeyFor(weekly, ms("2026-03-18T20:00:00Z"))).toBe("W:2026-03-12");
    expect(periodKeyFor(weekly, ms("2026-03-12T13:59:00Z"))).toBe("W:2026-03-05");
    expect(
      periodKeyFor(spec({ anchor: ms("2026-03-13T12:00:00Z") }), ms("2026-03-15T00:00:00Z")),
    ).toBeNull();
  });

  it("use the slot's local date, whatever the zone is called", () => {
    // Kolkata 10:00 Thursday is 04:30Z Thursday; Auckland 08:00 Monday is 19:00Z on Sunday.
    expect(latestSlot(spec({ zone: "Asia/Kolkata" }), ms("2026-06-05T00:00:00Z"))?.periodKey).toBe(
      "W:2026-06-04",
    );
    const auckland = spec({ zone: "Pacific/Auckland", weekday: MON, localTime: "08:00" });
    expect(latestSlot(auckland, ms("2027-01-03T19:00:00Z"))?.periodKey).toBe("W:2027-01-04");
    const now = ms("2026-03-15T00:00:00Z");
    expect(latestSlot(spec({ zone: "US/Eastern" }), now)?.periodKey).toBe(
      latestSlot(weekly, now)?.periodKey,
    );
  });

  it.each(["weekly", "biweekly", "monthly"] as const)("%s keys sort chronologically", (cadence) => {
    const s = spec({ cadence, zone: "Australia/Lord_Howe", anchor: ms("2026-01-01T00:00:00Z") });
    const keys: string[] = [];
    let now = ms("2026-01-01T00:00:00Z");
    for (let i = 0; i < 60; i++) {
      const slot = nextSlot(s, now);
      keys.push(slot.periodKey);
      now = slot.at;
    }
    expect(new Set(keys).size).toBe(60);
    expect([...keys].sort()).toEqual(keys);
  });
});

describe("currentPeriod: a schedule edited after a prompt brings no second prompt in its week or month", () => {
  // The planner's view: the prompt went out at `openedAt` under `before`; then the schedule
  // became `after`. February 2026 in New York is EST (-5); daylight saving begins 8 March.
  const weekly = (weekday: Weekday, localTime = "09:00") =>
    spec({ weekday, localTime, anchor: ms("2026-01-01T00:00:00Z") });
  const monthly = (weekday: Weekday) => ({ ...weekly(weekday), cadence: "monthly" as const });
  const biweekly = (weekday: Weekday) => ({ ...weekly(weekday), cadence: "biweekly" as const });
  const opened = (before: CadenceSpec, openedAt: string) => {
    const slot = latestSlot(before, ms(openedAt));
    if (slot === null) throw new Error("no slot to open");
    return { openedOn: slot.date, periodKey: slot.periodKey };
  };

  // biome-ignore format: a table reads best one row per line
  it.each([
    // story, before, prompt at, after, now, current key, next period begins (UTC)
    ["weekly Monday -> Tuesday right after Monday's prompt: no period on Tuesday, the next is the Tuesday after", weekly(MON), "2026-02-02T14:00:00Z", weekly(TUE), "2026-02-03T14:30:00Z", "W:2026-02-02", "2026-02-10T14:00:00.000Z"],
    ["weekly Tuesday -> Monday on Wednesday: the next Monday is in the next week, so it begins one (six days, not thirteen)", weekly(TUE), "2026-02-03T14:00:00Z", weekly(MON), "2026-02-04T12:00:00Z", "W:2026-02-03", "2026-02-09T14:00:00.000Z"],
    ["weekly -> monthly (first Monday): this month's first Monday was the weekly prompt's day, the next is March's", weekly(MON), "2026-02-02T14:00:00Z", monthly(MON), "2026-02-03T12:00:00Z", "W:2026-02-02", "2026-03-02T14:00:00.000Z"],
    ["monthly -> weekly: the month's prompt covers its week, weekly prompts begin the week after", monthly(MON), "2026-02-02T14:00:00Z", weekly(MON), "2026-02-04T12:00:00Z", "M:2026-02", "2026-02-09T14:00:00.000Z"],
    ["monthly Tuesday -> Monday after February's prompt: March's first Monday, not April's", monthly(TUE), "2026-02-03T14:00:00Z", monthly(MON), "2026-02-10T12:00:00Z", "M:2026-02", "2026-03-02T14:00:00.000Z"],
    ["a time moved earlier on the same day: next Monday at 08:00, not a second prompt today", weekly(MON), "2026-02-02T14:00:00Z", weekly(MON, "08:00"), "2026-02-02T14:30:00Z", "W:2026-02-02", "2026-02-09T13:00:00.000Z"],
    ["a time moved later on the same day: next Monday at 10:00, not today's", weekly(MON), "2026-02-02T14:00:00Z", weekly(MON, "10:00"), "2026-02-02T14:30:00Z", "W:2026-02-02", "2026-02-09T15:00:00.000Z"],
    ["biweekly Monday -> Thursday: the Thursday inside the fortnight adds nothing", biweekly(MON), "2026-02-02T14:00:00Z", biweekly(THU), "2026-02-12T15:30:00Z", "B:2026-02-02", "2026-02-26T14:00:00.000Z"],
    ["Monday -> Tuesday across the spring-forward change: Tuesday 09:00 EDT", weekly(MON), "2026-03-02T14:00:00Z", weekly(TUE), "2026-03-03T14:30:00Z", "W:2026-03-02", "2026-03-10T13:00:00.000Z"],
    ["an owner who moves to London across the change: Monday 09:00 there, hours before the old end", weekly(MON), "2026-03-02T14:00:00Z", { ...weekly(MON), zone: "Europe/London" }, "2026-03-03T14:30:00Z", "W:2026-03-02", "2026-03-09T09:00:00.000Z"],
    ["an owner who moves 19 hours east (Kiritimati, +14): next Monday there, not the Monday after", weekly(MON), "2026-03-02T14:00:00Z", { ...weekly(MON), zone: "Pacific/Kiritimati" }, "2026-03-03T00:00:00Z", "W:2026-03-02", "2026-03-08T19:00:00.000Z"],
    ["an owner who moves from Kiritimati to New York: Monday 09:00 in New York is still the same week", { ...weekly(MON), zone: "Pacific/Kiritimati" }, "2026-03-01T19:00:00Z", weekly(MON), "2026-03-02T14:30:00Z", "W:2026-03-02", "2026-03-09T13:00:00.000Z"],
  ])("%s", (_story, before, openedAt, after, now, key, nextStart) => {
    const history = opened(before, openedAt);
    expect(currentPeriod(after, ms(now), history)).toEqual({
      slot: null,
      periodKey: key,
      nextStart: ms(nextStart),
    });
    // Nothing begins before that slot; at it, a new period does.
    expect(currentPeriod(after, ms(nextStart) - 1, history).slot).toBeNull();
    const next = currentPeriod(after, ms(nextStart), history);
    expect(next.slot).toEqual(latestSlot(after, ms(nextStart)));
    expect(next.periodKey).not.toBe(key);
  });

  it("when nothing was opened, then it is the latest slot's period, or before the first slot the first", () => {
    const s = weekly(MON);
    const at = ms("2026-02-02T14:00:00Z");
    for (const now of [at, at + 1, at + 3 * 86_400_000]) {
      expect(currentPeriod(s, now, null)).toEqual({
        slot: latestSlot(s, now),
        periodKey: "W:2026-02-02",
        nextStart: nextSlot(s, now).at,
      });
      expect(currentPeriod(s, now, { openedOn: null, periodKey: null })).toEqual(
        currentPeriod(s, now, null),
      );
    }
    const early = ms("2025-12-30T12:00:00Z");
    expect(currentPeriod(s, early, null)).toEqual({
      slot: null,
      periodKey: "W:2026-01-05",
      nextStart: ms("2026-01-05T14:00:00Z"),
    });
  });

  it("when the schedule is unchanged, then each slot begins its period as planned", () => {
    const s = weekly(MON);
    let history: OpenedPeriod = opened(s, "2026-02-02T14:00:00Z");
    for (const week of ["2026-02-09", "2026-02-16", "2026-02-23"]) {
      const period = currentPeriod(s, ms(`${week}T14:00:00Z`), history);
      expect(period.slot?.periodKey).toBe(`W:${week}`);
      history = { openedOn: period.slot?.date ?? null, periodKey: period.periodKey };
    }
  });
});

describe("digest slots: weekly, keyed by the local date, named by its ISO week", () => {
  const berlin = { weekday: MON, localTime: "09:00", zone: "Europe/Berlin" };

  // biome-ignore format: a table reads best one row per line
  it.each([
    ["an ordinary week (2026-11-23 is in ISO week 48)", berlin, "2026-11-25T12:00:00Z", "2026-11-23T08:00:00.000Z", "2026-11-23", "2026-W48"],
    ["Monday 2026-12-28 is in week 53 of 2026", berlin, "2027-01-02T00:00:00Z", "2026-12-28T08:00:00.000Z", "2026-12-28", "2026-W53"],
    ["Friday 2027-01-01 still belongs to ISO year 2026", { ...berlin, weekday: FRI }, "2027-01-02T00:00:00Z", "2027-01-01T08:00:00.000Z", "2027-01-01", "2026-W53"],
    ["Monday 2024-12-30 already belongs to ISO year 2025", berlin, "2024-12-31T00:00:00Z", "2024-12-30T08:00:00.000Z", "2024-12-30", "2025-W01"],
    ["Auckland Monday 08:00 is Sunday in UTC: the local date counts", { weekday: MON, localTime: "08:00", zone: "Pacific/Auckland" }, "2027-01-03T19:00:00Z", "2027-01-03T19:00:00.000Z", "2027-01-04", "2027-W01"],
    ["New York Monday 09:00 after DST starts", { weekday: MON, localTime: "09:00", zone: "America/New_York" }, "2026-03-10T00:00:00Z", "2026-03-09T13:00:00.000Z", "2026-03-09", "2026-W11"],
  ] as const)("%s", (_story, digest, now, at, date, week) => {
    expect(digestSlot(digest, ms(now))).toEqual({ at: ms(at), date, periodKey: `D:${date}` });
    expect(isoWeekOf(date)).toBe(week);
  });

  it("nextDigestSlot is strictly after now and crosses into ISO 2027-W01", () => {
    expect(nextDigestSlot(berlin, ms("2027-01-02T00:00:00Z"))).toEqual({
      at: ms("2027-01-04T08:00:00Z"),
      date: "2027-01-04",
      periodKey: "D:2027-01-04",
    });
    expect(nextDigestSlot(berlin, ms("2026-12-28T08:00:00Z")).at).toBe(ms("2027-01-04T08:00:00Z"));
    expect(digestSlot(berlin, ms("2026-12-28T08:00:00Z")).at).toBe(ms("2026-12-28T08:00:00Z"));
    expect(digestSlot(berlin, ms("2026-12-28T07:59:59.999Z")).periodKey).toBe("D:2026-12-21");
  });

  it("when every weekday of 1995-2045 has a digest, then its key is its local date and isoWeekOf is date-fns's ISO week of it", () => {
    // The week is computed by arithmetic; date-fns (in UTC, on the local date) is the reference.
    for (const weekday of [1, 4, 7] as Weekday[]) {
      const spec = { weekday, localTime: "23:30", zone: "Pacific/Kiritimati" };
      for (
        let at = ms("1995-01-09T00:00:00Z");
        at < ms("2045-12-31T00:00:00Z");
        at += 604_800_000
      ) {
        const slot = digestSlot(spec, at);
        const localDate = new Date(slot.at + 14 * 60 * 60_000); // Kiritimati is UTC+14 since 1995
        expect(slot.periodKey).toBe(`D:${localDate.toISOString().slice(0, 10)}`);
        const expected = `${getISOWeekYear(localDate, { in: tz("UTC") })}-W${String(
          getISOWeek(localDate, { in: tz("UTC") }),
        ).padStart(2, "0")}`;
        expect(isoWeekOf(slot.date), new Date(slot.at).toISOString()).toBe(expected);
      }
    }
  });
});

describe("invalid input is rejected", () => {
  it.each(["00:00", "09:05", "23:59"])("accepts %s", (value) => {
    const [hour, minute] = value.split(":").map(Number);
    expect(parseLocalTime(value)).toEqual({ hour, minute });
  });

  it.each(["24:00", "9:30", "10:60", "", "10:00:00", " 10:00", "ten"])(
    "rejects the time %j",
    (value) => {
      expectInvalid(() => parseLocalTime(value));
      expectInvalid(() => latestSlot(spec({ localTime: value }), ms("2026-03-12T14:00:00Z")));
    },
  );

  it.each([
    ["America/New_York", true],
    ["Asia/Kolkata", true],
    ["UTC", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
    ["nonsense+05", false],
  ])("isValidTimeZone(%j) is %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });

  it("rejects unknown zones, weekdays and cadences in a spec", () => {
    const now = ms("2026-03-12T14:00:00Z");
    expectInvalid(() => latestSlot(spec({ zone: "Europe/Atlantis" }), now));
    expectInvalid(() => nextSlot(spec({ weekday: 0 as Weekday }), now));
    expectInvalid(() => nextSlot(spec({ weekday: 8 as Weekday }), now));
    expectInvalid(() => periodKeyFor(spec({ cadence: "daily" as "weekly" }), now));
    expectInvalid(() => digestSlot({ weekday: MON, localTime: "9am", zone: "UTC" }, now));
    expectInvalid(() => latestSlot(spec({}), Number.NaN));
  });
});
