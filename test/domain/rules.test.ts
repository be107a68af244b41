/**
 * The form-input rules of src/domain/rules.ts. Choices sent by a select (`parseChoice`): only a
 * listed value passes; anything else, including nothing, is refused with the given words at the
 * given field. The settings' pickers (`parseWeekday`, `parseTime`, `parseZone`) likewise.
 */
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { parseChoice, parseTime, parseWeekday, parseZone } from "../../src/domain/rules.js";
import { isPlaceZone } from "../../src/domain/schedule.js";
import { CADENCES, STATUSES } from "../../src/domain/types.js";

describe("parseChoice", () => {
  it.each(STATUSES)("accepts the status %s", (status) => {
    expect(parseChoice(STATUSES, status, "Choose a status.", "status")).toBe(status);
  });

  it.each([undefined, "", "ON_TRACK", " weekly", "weekly ", "__proto__"])(
    "refuses %j at the field, with the words given",
    (raw) => {
      let caught: unknown;
      try {
        parseChoice(CADENCES, raw, "Choose weekly, every two weeks or monthly.", "cadence");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe("invalid_input");
      expect((caught as DomainError).message).toBe("Choose weekly, every two weeks or monthly.");
      expect((caught as DomainError).field).toBe("cadence");
    },
  );
});

describe("the settings' pickers: weekday, time of day, time zone", () => {
  const refused = (
    parse: () => unknown,
  ): { code: string; field: string | undefined; text: string } => {
    try {
      parse();
    } catch (error) {
      const e = error as DomainError;
      return { code: e.code, field: e.field, text: e.message };
    }
    throw new Error("not refused");
  };

  it.each([
    ["1", 1],
    [7, 7],
    ["3", 3],
  ])("reads the weekday %j", (value, day) => {
    expect(parseWeekday(value, "weekday")).toBe(day);
  });

  it.each([[undefined], ["0"], ["8"], ["monday"], ["2.5"], [""]])(
    "refuses the weekday %j at its field",
    (value) => {
      expect(refused(() => parseWeekday(value, "digest_weekday"))).toEqual({
        code: "invalid_input",
        field: "digest_weekday",
        text: "Choose a weekday.",
      });
    },
  );

  it("reads a time of day and refuses anything else", () => {
    expect(parseTime("09:30", "time")).toBe("09:30");
    for (const value of [undefined, "", "9", "24:00", "09:60", "nine"]) {
      expect(refused(() => parseTime(value, "time"))).toEqual({
        code: "invalid_input",
        field: "time",
        text: "Choose a time of day, like 09:00.",
      });
    }
  });

  it.each([
    ["Europe/Berlin", true],
    ["America/Argentina/Buenos_Aires", true],
    ["UTC", true],
    ["EST", false],
    ["+05:00", false],
    ["Mars/Olympus_Mons", false],
    ["", false],
  ])("%j is a zone people may choose: %s", (zone, ok) => {
    expect(isPlaceZone(zone)).toBe(ok);
    if (ok) expect(parseZone(` ${zone} `, "time_zone")).toBe(zone);
    else expect(refused(() => parseZone(zone, "time_zone")).field).toBe("time_zone");
  });

  it("names the refused zone, cut short, in the refusal", () => {
    expect(refused(() => parseZone("Mars/Olympus_Mons", "time_zone")).text).toBe(
      "Mars/Olympus_Mons is not a time zone. Use an IANA name such as Europe/Berlin or America/Bogota.",
    );
  });
});
