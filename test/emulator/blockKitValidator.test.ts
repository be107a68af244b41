import { describe, expect, it } from "vitest";
import { createBlockKitValidator } from "../support/blockKitValidator.js";

const validate = createBlockKitValidator();
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const input = {
  type: "input",
  block_id: "note",
  label: { type: "plain_text", text: "Note" },
  element: { type: "plain_text_input", action_id: "value" },
};

describe("createBlockKitValidator", () => {
  it("accepts a valid section message", () => {
    expect(validate("message", [section("*Hello*"), { type: "divider" }])).toEqual([]);
  });

  it("names an unknown block type and a precise schema violation", () => {
    expect(validate("message", [{ type: "banner", text: "x" }])).toEqual([
      "unknown block type: banner [json-pointer:/blocks/0/type]",
    ]);
    expect(
      validate("message", [
        { type: "section", text: { type: "plain_text", text: "a".repeat(3001) } },
      ]),
    ).toEqual(["must NOT have more than 3000 characters [json-pointer:/blocks/0/text/text]"]);
    expect(validate("message", [{ ...section("x"), colour: "red" }])).toEqual([
      "invalid additional property: colour [json-pointer:/blocks/0]",
    ]);
  });

  it("enforces 50 blocks per message and 100 per view, beyond the schema", () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: "divider" }));
    expect(validate("message", blocks(50))).toEqual([]);
    expect(validate("message", blocks(51))).toEqual([
      "too many blocks: 51, at most 50 per message [json-pointer:/blocks]",
    ]);
    expect(validate("view", { type: "home", blocks: blocks(100) })).toEqual([]);
    expect(validate("view", { type: "home", blocks: blocks(101) })).toContain(
      "too many blocks: 101, at most 100 per view [json-pointer:/view/blocks]",
    );
  });

  it("validates a modal view: title length, submit with inputs, block errors", () => {
    const title = { type: "plain_text", text: "Check-in" };
    const submit = { type: "plain_text", text: "Save" };
    expect(validate("view", { type: "modal", title, submit, blocks: [input] })).toEqual([]);
    expect(validate("view", { type: "modal", title, blocks: [input] })).toEqual([
      "must have required property 'submit' [json-pointer:/view]",
    ]);
    const longTitle = { type: "plain_text", text: "A title far longer than allowed" };
    expect(
      validate("view", { type: "modal", title: longTitle, submit, blocks: [{ type: "nope" }] }),
    ).toEqual([
      "must NOT have more than 24 characters [json-pointer:/view/title/text]",
      "unknown block type: nope [json-pointer:/view/blocks/0/type]",
    ]);
    expect(validate("view", { type: "workflow_step", blocks: [] })).toEqual([
      'view type must be "modal" or "home" [json-pointer:/view/type]',
    ]);
  });
});
