import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ACTIONS, INPUT } from "../../../src/slack/ids.js";
import { couldHelpValue, parseMetadata, viewState } from "../../../src/slack/parsers/viewState.js";

const values = {
  title: { [INPUT]: { type: "plain_text_input", value: "Pilot" } },
  status: { [INPUT]: { type: "static_select", selected_option: { value: "at_risk" } } },
  owner: { [INPUT]: { type: "users_select", selected_user: "U0PAT" } },
  due: { [INPUT]: { type: "datepicker", selected_date: "2027-03-31" } },
  objectives: { [INPUT]: { selected_options: [{ value: "1" }, { value: "2" }] } },
  help: { [ACTIONS.couldHelpSelect]: { selected_option: { value: "7" } } },
  broken: { [INPUT]: { value: 42 } },
};

describe("viewState", () => {
  it("reads each kind of input by its block id", () => {
    expect(viewState.text(values, "title")).toBe("Pilot");
    expect(viewState.option(values, "status")).toBe("at_risk");
    expect(viewState.user(values, "owner")).toBe("U0PAT");
    expect(viewState.date(values, "due")).toBe("2027-03-31");
    expect(viewState.options(values, "objectives")).toEqual(["1", "2"]);
  });

  it("treats a missing block or a value of the wrong shape as empty", () => {
    expect(viewState.text(values, "nowhere")).toBe("");
    expect(viewState.text(values, "broken")).toBe("");
    expect(viewState.option(values, "title")).toBeUndefined();
    expect(viewState.options(values, "nowhere")).toEqual([]);
  });

  it("reads the could-help select from a section's accessory", () => {
    expect(couldHelpValue(values, "help")).toBe("7");
    expect(couldHelpValue(values, "title")).toBeUndefined();
    expect(
      couldHelpValue({ help: { [ACTIONS.couldHelpSelect]: { selected_option: 3 } } }, "help"),
    ).toBeUndefined();
  });
});

describe("parseMetadata", () => {
  const schema = z.object({ commitmentId: z.number().int().positive() });
  it.each([
    ['{"commitmentId":4}', { commitmentId: 4 }],
    ['{"commitmentId":-1}', undefined],
    ["not json", undefined],
    [undefined, undefined],
  ])("%j", (raw, parsed) => {
    expect(parseMetadata(schema, raw)).toEqual(parsed);
  });
});
