/**
 * Choices sent by a select (src/domain/rules.ts `parseChoice`): only a listed value passes;
 * anything else, including nothing, is refused with the given words at the given field.
 */
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { parseChoice } from "../../src/domain/rules.js";
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
