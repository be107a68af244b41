import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import {
  button,
  channel,
  joined,
  literal,
  person,
  quoted,
  say,
  textOf,
  time,
  typed,
  wordingOf,
} from "../../src/domain/wording.js";

describe("say", () => {
  it("keeps words and marked parts in order, joining neighbouring words", () => {
    const id = 12;
    expect(say`No commitment #${id} here. ${literal("/poc mine")} lists yours.`).toEqual([
      "No commitment #12 here. ",
      { kind: "literal", text: "/poc mine" },
      " lists yours.",
    ]);
  });

  it("flattens a wording placed inside another and drops empty words", () => {
    const inner = say`by ${person("U1")}`;
    expect(say`${""}resolved ${inner}${""}.`).toEqual([
      "resolved by ",
      { kind: "person", id: "U1" },
      ".",
    ]);
  });

  it("joins items with a separator", () => {
    const items = ["a", "b", "c"].map((n) => [quoted(n)]);
    expect(textOf(joined(items, ", "))).toBe("a, b, c");
    expect(joined([], ", ")).toEqual([]);
  });

  it("takes a string as words", () => {
    expect(wordingOf("plain <words>")).toEqual(["plain <words>"]);
  });
});

describe("textOf (terminal and log)", () => {
  it.each([
    ["words as they are", say`a <b> & c`, "a <b> & c"],
    [
      "a literal in backticks",
      say`run ${literal("/poc org add <name>")}`,
      "run `/poc org add <name>`",
    ],
    ["a button's label bare", say`press ${button("On track")}`, "press On track"],
    ["a name on one line, cut", say`${quoted("  Acme\n  Water  ", 4)}!`, "Acm…!"],
    ["typed text on one line, quotes for backticks", say`${typed(" a`b \n c ")}`, "`a'b c`"],
    ["a person and a channel by id", say`${person("U1")} in ${channel("C1")}`, "<@U1> in <#C1>"],
    [
      "a moment in ISO 8601",
      say`at ${time(Date.UTC(2026, 11, 8, 9))}`,
      "at 2026-12-08T09:00:00.000Z",
    ],
  ])("%s", (_, wording, text) => {
    expect(textOf(wording)).toBe(text);
  });

  it("is a DomainError's message, so the terminal and the log read it", () => {
    const error = new DomainError(
      "not_found",
      say`No #3. ${literal("npx poc partnerships")} lists them.`,
    );
    expect(error.message).toBe("No #3. `npx poc partnerships` lists them.");
    expect(error.wording).toEqual(say`No #3. ${literal("npx poc partnerships")} lists them.`);
  });
});
