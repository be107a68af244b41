import { describe, expect, it } from "vitest";
import {
  button,
  channel,
  literal,
  person,
  quoted,
  say,
  time,
  typed,
  type Wording,
} from "../../../src/domain/wording.js";
import { mrkdwnOf, plainOf } from "../../../src/slack/views/wording.js";

const at = Date.UTC(2026, 11, 9, 8); // 2026-12-09T08:00:00Z

const CASES: readonly [string, Wording, string, string][] = [
  [
    "words are escaped for mrkdwn",
    say`<!channel> & <http://x|y>`,
    "&lt;!channel&gt; &amp; &lt;http://x|y&gt;",
    "<!channel> & <http://x|y>",
  ],
  [
    "a literal is a code span, escaped",
    say`${literal("/poc org add <name>")}`,
    "`/poc org add &lt;name&gt;`",
    "/poc org add <name>",
  ],
  ["a button's label is bold", say`Use ${button("Update")}.`, "Use *Update*.", "Use Update."],
  [
    "a name is bold, escaped and cut",
    say`${quoted("Acme <Water>  Co", 12)}`,
    "*Acme &lt;Water…*",
    "Acme <Water…",
  ],
  ["a name holding * is a code span", say`${quoted("A*B `c`")}`, "`A*B 'c'`", "A*B `c`"],
  [
    "typed text is a code span on one line",
    say`${typed("ab`c\n<d>")}`,
    "`ab'c &lt;d&gt;`",
    "ab'c <d>",
  ],
  ["a person is a mention", say`${person("U0PAT")} knows`, "<@U0PAT> knows", "<@U0PAT> knows"],
  ["a channel is a link", say`${channel("C0ABC")}`, "<#C0ABC>", "<#C0ABC>"],
  [
    "a moment is in the reader's zone",
    say`${time(at)}`,
    `<!date^${at / 1000}^{date_short_pretty} at {time}|2026-12-09T08:00:00.000Z>`,
    "2026-12-09T08:00:00.000Z",
  ],
];

describe("a wording rendered for Slack", () => {
  it.each(CASES)("%s", (_, wording, mrkdwn, plain) => {
    expect(mrkdwnOf(wording)).toBe(mrkdwn);
    expect(plainOf(wording)).toBe(plain);
  });

  it("cuts a long name at 80 characters by default", () => {
    const name = "x".repeat(100);
    expect(mrkdwnOf(say`${quoted(name)}`)).toBe(`*${"x".repeat(79)}…*`);
  });
});
