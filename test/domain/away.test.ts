/**
 * The away date (src/domain/away.ts): today or later in the owner's zone, at most a year ahead,
 * a real calendar date; every refusal names the away form's date field.
 */
import { describe, expect, it } from "vitest";
import { parseAwayUntil } from "../../src/domain/away.js";
import { DomainError } from "../../src/domain/errors.js";
import { FIELDS } from "../../src/domain/forms.js";

/** 2026-11-30 23:30 UTC: still the 30th in London, already 1 December in Auckland. */
const NOW = Date.UTC(2026, 10, 30, 23, 30);

describe("parseAwayUntil", () => {
  it.each([
    ["today in London", " 2026-11-30 ", "Europe/London", "2026-11-30"],
    ["today in Auckland", "2026-12-01", "Pacific/Auckland", "2026-12-01"],
    ["exactly a year ahead", "2027-11-30", "Europe/London", "2027-11-30"],
  ])("accepts %s", (_name, raw, zone, expected) => {
    expect(parseAwayUntil(raw, zone, NOW)).toBe(expected);
  });

  it.each([
    ["nothing", undefined, "Europe/London", /Choose the last day you are away/],
    ["blank", "  ", "Europe/London", /Choose the last day you are away/],
    ["not a date", "next week", "Europe/London", /The date must be a date like/],
    ["a day that does not exist", "2026-02-30", "Europe/London", /The date must be a date like/],
    [
      "yesterday in Auckland (today in London)",
      "2026-11-30",
      "Pacific/Auckland",
      /2026-11-30 is in the past \(today is 2026-12-01 in Pacific\/Auckland\)/,
    ],
    ["a year and a day ahead", "2027-12-01", "Europe/London", /choose a day up to 2027-11-30/],
  ])("refuses %s, at the date field", (_name, raw, zone, message) => {
    let caught: unknown;
    try {
      parseAwayUntil(raw, zone, NOW);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).message).toMatch(message);
    expect((caught as DomainError).field).toBe(FIELDS.away.until);
  });

  it("a year after 29 February is 1 March", () => {
    const leap = Date.UTC(2028, 1, 29, 12);
    expect(parseAwayUntil("2029-03-01", "UTC", leap)).toBe("2029-03-01");
    expect(() => parseAwayUntil("2029-03-02", "UTC", leap)).toThrow(/up to 2029-03-01/);
  });
});
