/**
 * How a status looks in Slack (src/slack/views/status.ts): one icon and one wording per status,
 * shared by the prompt, `/poc mine`, `/poc status`, the commitment list, the check-in form and
 * the digest.
 */
import { describe, expect, it } from "vitest";
import { STATUS_KEYS, STATUS_WORDS, STATUSES } from "../../../src/domain/types.js";
import {
  STATUS_ICONS,
  statusChoice,
  statusCountsText,
  statusLabel,
  statusNow,
  statusTitle,
} from "../../../src/slack/views/status.js";

describe("status labels", () => {
  it.each([
    ["on_track", ":large_green_circle: on track"],
    ["at_risk", ":large_yellow_circle: at risk"],
    ["off_track", ":red_circle: off track"],
    ["done", ":white_check_mark: done"],
    ["none", ":white_circle: no check-in yet"],
    [null, ":white_circle: no check-in yet"],
  ] as const)("statusLabel(%s) is %j", (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it("each status has its own icon and its own words", () => {
    expect(new Set(STATUS_KEYS.map((k) => STATUS_ICONS[k])).size).toBe(STATUS_KEYS.length);
    expect(new Set(STATUS_KEYS.map((k) => STATUS_WORDS[k])).size).toBe(STATUS_KEYS.length);
  });

  it("a commitment without a check-in has none yet; a weekly count says 'no check-in'", () => {
    expect(statusNow(null)).toBe("no check-in yet");
    expect(statusNow("at_risk")).toBe("at risk");
    expect(STATUS_WORDS.none).toBe("no check-in");
  });

  it("titles and the form's choices start with a capital; only Done says it closes the commitment", () => {
    expect(STATUS_KEYS.map(statusTitle)).toEqual([
      "On track",
      "At risk",
      "Off track",
      "Done",
      "No check-in",
    ]);
    expect(STATUSES.map(statusChoice)).toEqual([
      "On track",
      "At risk",
      "Off track",
      "Done (closes the commitment)",
    ]);
  });
});

describe("counts per status", () => {
  const counts = { on_track: 3, at_risk: 1, off_track: 0, done: 2, none: 1 };

  it("reads every status in order, 'no check-in' for none, comma-separated by default", () => {
    expect(statusCountsText(counts)).toBe(
      "3 on track, 1 at risk, 0 off track, 2 done, 1 no check-in",
    );
  });

  it("takes another separator, a subset of statuses and other words for none", () => {
    expect(statusCountsText(counts, { separator: " · " })).toBe(
      "3 on track · 1 at risk · 0 off track · 2 done · 1 no check-in",
    );
    expect(statusCountsText(counts, { keys: ["on_track", "at_risk", "off_track"] })).toBe(
      "3 on track, 1 at risk, 0 off track",
    );
    expect(statusCountsText(counts, { none: "without a check-in" })).toMatch(
      /, 1 without a check-in$/,
    );
  });
});
