/**
 * What a digest covers and how it is named (docs/definitions.md, "A digest's window"): whole
 * local days, the seven before the digest day for a posted digest, the next digest's days so far
 * for a preview; the label names exactly those days and their ISO week. After the digest day or
 * time was edited, a window starts where the previous digest's ended.
 */
import { describe, expect, it } from "vitest";
import {
  digestWindow,
  HISTORY_WEEKS,
  previewWindow,
  previousDigestOf,
  windowLabel,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";

const ms = (iso: string): number => Date.parse(iso);
const MON = 1 as Weekday;
const monday9 = (zone: string) => ({ weekday: MON, localTime: "09:00", zone });

describe("the window of a posted digest", () => {
  it("when the digest is posted Monday 7 Dec 2026 at 09:00, then it covers Mon 30 Nov to Sun 6 Dec, week 49, and says so", () => {
    const w = digestWindow(monday9("UTC"), ms("2026-12-07T09:00:00Z"));
    expect(w.start).toBe(ms("2026-11-30T00:00:00Z"));
    expect(w.end).toBe(ms("2026-12-07T00:00:00Z"));
    expect([w.firstDate, w.lastDate, w.isoWeek]).toEqual(["2026-11-30", "2026-12-06", "2026-W49"]);
    expect(windowLabel(w)).toBe("Week of 30 Nov - 6 Dec 2026 (W49)");
    // The row key is the slot's own date: one digest per slot.
    expect(w.periodKey).toBe("D:2026-12-07");
    expect(w.partial).toBe(false);
    expect(w.asOf).toBe(ms("2026-12-07T09:00:00Z"));
    expect(w.seenFrom).toBe(ms("2026-11-30T09:00:00Z"));
    expect(w.endDate).toBe("2026-12-07");
  });

  it("when asked later in the week, then it is still the week before the last digest slot", () => {
    const w = digestWindow(monday9("UTC"), ms("2026-12-09T15:00:00Z"));
    expect(windowLabel(w)).toBe("Week of 30 Nov - 6 Dec 2026 (W49)");
    expect(w.asOf).toBe(ms("2026-12-07T09:00:00Z"));
  });

  it("when the zone is Berlin, then the days are Berlin's days", () => {
    const w = digestWindow(monday9("Europe/Berlin"), ms("2026-12-07T12:00:00Z"));
    expect(w.start).toBe(ms("2026-11-29T23:00:00Z"));
    expect(w.end).toBe(ms("2026-12-06T23:00:00Z"));
    expect(windowLabel(w)).toBe("Week of 30 Nov - 6 Dec 2026 (W49)");
  });

  it("when the week spans the spring-forward change in New York, then it is 167 hours of whole local days", () => {
    const w = digestWindow(monday9("America/New_York"), ms("2026-03-09T14:00:00Z"));
    expect(w.start).toBe(ms("2026-03-02T05:00:00Z"));
    expect(w.end).toBe(ms("2026-03-09T04:00:00Z"));
    expect((w.end - w.start) / 3_600_000).toBe(167);
    expect(windowLabel(w)).toBe("Week of 2 Mar - 8 Mar 2026 (W10)");
  });

  it("when the week crosses New Year, then both years are named and the ISO week is the last day's", () => {
    const w = digestWindow(monday9("UTC"), ms("2027-01-04T10:00:00Z"));
    expect(windowLabel(w)).toBe("Week of 28 Dec 2026 - 3 Jan 2027 (W53)");
    expect(w.isoWeek).toBe("2026-W53");
  });

  it("when the digest day is Friday, then it covers Friday to Thursday", () => {
    const w = digestWindow(
      { weekday: 5 as Weekday, localTime: "16:00", zone: "UTC" },
      ms("2026-12-04T17:00:00Z"),
    );
    expect(windowLabel(w)).toBe("Week of 27 Nov - 3 Dec 2026 (W49)");
  });

  it("when the history is built, then it is eight whole weeks back to back, ending with the window", () => {
    const w = digestWindow(monday9("Europe/London"), ms("2026-11-02T10:00:00Z"));
    expect(w.weeks).toHaveLength(HISTORY_WEEKS);
    expect(w.weeks[HISTORY_WEEKS - 1]).toMatchObject({ start: w.start, end: w.end });
    for (let i = 1; i < w.weeks.length; i++) {
      expect(w.weeks[i]?.start).toBe(w.weeks[i - 1]?.end);
    }
    expect(w.weeks.map((x) => x.isoWeek.slice(5))).toEqual([
      "W37",
      "W38",
      "W39",
      "W40",
      "W41",
      "W42",
      "W43",
      "W44",
    ]);
  });
});

describe("the window of a preview", () => {
  it("when previewed on Wednesday 9 Dec, then it is Monday 7 Dec to now, the week so far", () => {
    const now = ms("2026-12-09T15:00:00Z");
    const w = previewWindow(monday9("UTC"), now);
    expect(w.start).toBe(ms("2026-12-07T00:00:00Z"));
    // Up to and including now: what was written at this very instant is known.
    expect(w.end).toBe(now + 1);
    expect(w.partial).toBe(true);
    expect(w.asOf).toBe(now + 1);
    expect(w.seenFrom).toBe(ms("2026-12-07T09:00:00Z"));
    expect(w.weeks[HISTORY_WEEKS - 1]).toMatchObject({ start: w.start, end: now + 1 });
    expect(windowLabel(w)).toBe("Week so far: 7 Dec - 9 Dec 2026 (W50)");
  });

  it("when previewed on the digest day before its time, then it is the whole week about to be posted", () => {
    const now = ms("2026-12-07T08:00:00Z");
    const w = previewWindow(monday9("UTC"), now);
    const posted = digestWindow(monday9("UTC"), ms("2026-12-07T09:00:00Z"));
    expect([w.start, w.end, w.partial]).toEqual([posted.start, posted.end, false]);
    expect(windowLabel(w)).toBe("Week of 30 Nov - 6 Dec 2026 (W49)");
  });
});

describe("the window after the digest day was edited", () => {
  const UTC_MONDAY = monday9("UTC");
  const sunday9 = { weekday: 7 as Weekday, localTime: "09:00", zone: "UTC" };
  /** The digest posted Monday 7 Dec 2026 at 09:00 UTC. */
  const postedMonday = { end: ms("2026-12-07T00:00:00Z"), asOf: ms("2026-12-07T09:00:00Z") };

  it("when Monday's digest was posted and the day moved to Sunday, then Sunday's covers Monday to Saturday: nothing repeated", () => {
    const w = digestWindow(sunday9, ms("2026-12-13T09:00:00Z"), postedMonday);
    expect([w.start, w.end]).toEqual([ms("2026-12-07T00:00:00Z"), ms("2026-12-13T00:00:00Z")]);
    expect([w.firstDate, w.lastDate, w.periodKey]).toEqual([
      "2026-12-07",
      "2026-12-12",
      "D:2026-12-13",
    ]);
    // Late check-ins for earlier weeks are reported from where Monday's digest stopped knowing.
    expect(w.seenFrom).toBe(postedMonday.asOf);
    expect(windowLabel(w)).toBe("Days 7 Dec - 12 Dec 2026 (since the last digest)");
    expect(windowLabel(w, { inSentence: true })).toBe(
      "days 7 Dec - 12 Dec 2026 (since the last digest)",
    );
    // The chart's earlier bars are whole weeks ending where this window starts.
    expect(w.weeks.at(-2)).toMatchObject({ firstDate: "2026-11-30", lastDate: "2026-12-06" });
    expect(w.weeks).toHaveLength(HISTORY_WEEKS);
  });

  it("when Wednesday's digest was posted and the day moved to Monday, then the next Monday covers Wednesday to Sunday: nothing lost or repeated", () => {
    const postedWednesday = {
      end: ms("2026-12-09T00:00:00Z"),
      asOf: ms("2026-12-09T09:00:00Z"),
    };
    const w = digestWindow(UTC_MONDAY, ms("2026-12-14T09:00:00Z"), postedWednesday);
    expect([w.firstDate, w.lastDate]).toEqual(["2026-12-09", "2026-12-13"]);
    expect(w.start).toBe(postedWednesday.end);
    // The Monday between (7 Dec) has no day the Wednesday digest did not already cover.
    const between = digestWindow(UTC_MONDAY, ms("2026-12-10T10:00:00Z"), postedWednesday);
    expect(between.periodKey).toBe("D:2026-12-07");
    expect(between.start).toBe(between.end);
  });

  it("when the previous digest is more than a week before the seven days (downtime), then the window is the seven days, as without one", () => {
    const old = { end: ms("2026-11-16T00:00:00Z"), asOf: ms("2026-11-16T09:00:00Z") };
    const now = ms("2026-12-07T09:00:00Z");
    expect(digestWindow(UTC_MONDAY, now, old)).toEqual(digestWindow(UTC_MONDAY, now, null));
    // A week before is still followed: the window then spans two weeks.
    const twoWeeks = digestWindow(UTC_MONDAY, now, {
      end: ms("2026-11-23T00:00:00Z"),
      asOf: ms("2026-11-23T09:00:00Z"),
    });
    expect([twoWeeks.firstDate, twoWeeks.lastDate]).toEqual(["2026-11-23", "2026-12-06"]);
  });

  it("when a preview follows a digest day moved to Wednesday after Monday's digest, then it shows the days since Monday's", () => {
    const wednesday9 = { weekday: 3 as Weekday, localTime: "09:00", zone: "UTC" };
    const w = previewWindow(wednesday9, ms("2026-12-08T15:00:00Z"), postedMonday);
    expect([w.firstDate, w.lastDate, w.partial]).toEqual(["2026-12-07", "2026-12-08", true]);
    expect(windowLabel(w)).toBe("Days 7 Dec - 8 Dec 2026 so far (since the last digest)");
  });

  it("when previewed after the slot but before the tick posted its digest, then it shows the days after that slot, not eight", () => {
    const postedNov30 = { end: ms("2026-11-30T00:00:00Z"), asOf: ms("2026-11-30T09:00:00Z") };
    const w = previewWindow(UTC_MONDAY, ms("2026-12-07T09:00:30Z"), postedNov30);
    expect([w.firstDate, w.lastDate, w.sinceLastDigest]).toEqual([
      "2026-12-07",
      "2026-12-07",
      false,
    ]);
    expect(w.seenFrom).toBe(ms("2026-12-07T09:00:00Z"));
    expect(windowLabel(w)).toBe("Week so far: 7 Dec - 7 Dec 2026 (W50)");
  });

  it("when a row from before the window was stored is read, then its end and slot come from its date under the schedule", () => {
    const berlin = monday9("Europe/Berlin");
    expect(
      previousDigestOf(berlin, { periodKey: "D:2026-12-07", windowEnd: null, asOf: null }),
    ).toEqual({ end: ms("2026-12-06T23:00:00Z"), asOf: ms("2026-12-07T08:00:00Z") });
    expect(previousDigestOf(berlin, { periodKey: "D:2026-12-07", windowEnd: 5, asOf: 6 })).toEqual({
      end: 5,
      asOf: 6,
    });
  });
});
