import { describe, expect, it } from "vitest";
import {
  parseUserRef,
  phrase,
  tokenize,
  unescapeSlack,
} from "../../../src/slack/parsers/mentions.js";

describe("tokenize", () => {
  it.each([
    [
      "Acme Water business",
      [
        ["Acme", false],
        ["Water", false],
        ["business", false],
      ],
    ],
    [
      '"Acme Water" business',
      [
        ["Acme Water", true],
        ["business", false],
      ],
    ],
    [
      "“River NGO”  civil society",
      [
        ["River NGO", true],
        ["civil", false],
        ["society", false],
      ],
    ],
    ['"unclosed phrase', [["unclosed phrase", true]]],
    [
      "<@U0PART|part> Acme",
      [
        ["<@U0PART|part>", false],
        ["Acme", false],
      ],
    ],
    [
      "<http://x|y z> & co",
      [
        ["<http://x|y z>", false],
        ["&", false],
        ["co", false],
      ],
    ],
    [
      "Acme &amp; Sons &lt;b&gt;",
      [
        ["Acme", false],
        ["&", false],
        ["Sons", false],
        ["<b>", false],
      ],
    ],
    ["   ", []],
  ])("when the text is %j, then the tokens are %j", (text, expected) => {
    expect(tokenize(text).map((t) => [t.text, t.quoted])).toEqual(expected);
  });

  it("when tokens are joined, then words are separated by single spaces", () => {
    expect(phrase(tokenize("  Acme    Water   "))).toBe("Acme Water");
  });
});

describe("unescapeSlack", () => {
  it.each([
    ["Acme &amp; Sons", "Acme & Sons"],
    ["&lt;!channel&gt;", "<!channel>"],
    ["&amp;lt;", "&lt;"],
    ["plain", "plain"],
  ])("when Slack sent %j, then the person typed %j", (sent, typed) => {
    expect(unescapeSlack(sent)).toBe(typed);
  });
});

describe("parseUserRef", () => {
  const ref = (text: string, quoted = false) => parseUserRef({ text, quoted });

  it.each([
    ["<@U0PART|part>", { typed: "<@U0PART|part>", id: "U0PART" }],
    ["<@U0PART>", { typed: "<@U0PART>", id: "U0PART" }],
    ["<@W0ENTERPRISE|boss>", { typed: "<@W0ENTERPRISE|boss>", id: "W0ENTERPRISE" }],
    ["U0PART2", { typed: "U0PART2", id: "U0PART2", name: "U0PART2" }],
    ["@part", { typed: "@part", name: "part" }],
    ["part", { typed: "part", name: "part" }],
    ["u0part", { typed: "u0part", name: "u0part" }],
  ])("when %j is typed, then it names %j", (text, expected) => {
    expect(ref(text)).toEqual(expected);
  });

  it("when a full name is quoted, then it is a name to look up, never an id", () => {
    expect(ref("Pat Partner", true)).toEqual({ typed: "Pat Partner", name: "Pat Partner" });
    expect(ref("U0PART", true)).toEqual({ typed: "U0PART", name: "U0PART" });
  });

  it.each(["", "@", "<#C0PARTNER|partnership>", "<!channel>", "<http://x|y>"])(
    "when %j is typed, then it names nobody",
    (text) => {
      expect(ref(text)).toBeUndefined();
    },
  );
});
