import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors.js";
import { parseCommandText, parseIdArgument } from "../../../src/slack/parsers/command.js";
import { mrkdwnOf } from "../../../src/slack/views/wording.js";

describe("parseCommandText", () => {
  it.each([
    ["", { name: "", args: [], rest: "" }],
    ["   ", { name: "", args: [], rest: "" }],
    ["Commit", { name: "commit", args: [], rest: "" }],
    [
      '  org add  "Acme Water"   business ',
      {
        name: "org",
        args: ["add", '"Acme', 'Water"', "business"],
        rest: 'add  "Acme Water"   business',
      },
    ],
    ["decision\nlist", { name: "decision", args: ["list"], rest: "list" }],
  ])("%j", (text, parsed) => {
    expect(parseCommandText(text)).toEqual(parsed);
  });
});

describe("parseIdArgument", () => {
  it.each([
    ["12", 12],
    ["#12", 12],
    ["  7 ", 7],
    ["999999999", 999999999],
  ])("reads %j as %d", (text, id) => {
    expect(parseIdArgument(text, "a commitment", "/poc commit list")).toBe(id);
  });

  it.each([[undefined], [""], ["abc"], ["#"], ["1234567890"], ["-3"], ["1.5"], ["<!here>"]])(
    "refuses %j, naming what was typed and where the numbers are",
    (text) => {
      let thrown: unknown;
      try {
        parseIdArgument(text, "a decision", "/poc decision list");
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      const error = thrown as DomainError;
      expect(error.code).toBe("invalid_input");
      expect(mrkdwnOf(error.wording)).toMatch(
        /^`[^`<>]*` is not a decision number\. `\/poc decision list` shows them with their numbers\.$/,
      );
    },
  );
});
