/**
 * The `text` of what the bot sends unasked is what a phone notification shows: it must say who
 * (a mention, which Slack shows as the person's name) and what (the commitment or blocker, the
 * partnership) on its own, in plain words: no "(s)", no "1 days".
 */
import { describe, expect, it } from "vitest";
import type { BlockerMessage, Notice, PromptMessage } from "../../src/services/ports.js";
import { blockerText } from "../../src/slack/views/blocker.js";
import { decisionListBlocks } from "../../src/slack/views/decision.js";
import { noticeText } from "../../src/slack/views/notices.js";
import { reminderText } from "../../src/slack/views/prompt.js";
import { CHANNEL_ID } from "../support/app.js";

const base = { partnershipName: "Clean Water Compact", channelId: CHANNEL_ID };

/** Singular and plural forms that read wrong. */
const CLUMSY = /\(s\)|\b1 (days|check-ins|decisions)\b|\bSomeone\b/;

interface Row {
  readonly name: string;
  readonly text: string;
  /** The person, as a mention. */
  readonly who: string;
  /** What it is about, and more that must be in it. */
  readonly what: readonly string[];
}

const notice = (n: Notice) => noticeText(n);

const rows: Row[] = [
  {
    name: "silence after 2 check-ins",
    text: notice({
      ...base,
      kind: "silence",
      ownerUserId: "U0PART",
      commitmentId: 7,
      commitmentTitle: "Drill twelve wells",
      silentPeriods: 2,
    }),
    who: "<@U0PART>",
    what: ["Drill twelve wells", "Clean Water Compact", "has not answered the last 2 check-ins"],
  },
  {
    name: "silence after 1 check-in",
    text: notice({
      ...base,
      kind: "silence",
      ownerUserId: "U0PART",
      commitmentId: 7,
      commitmentTitle: "Drill twelve wells",
      silentPeriods: 1,
    }),
    who: "<@U0PART>",
    what: ["Drill twelve wells", "has not answered their last check-in"],
  },
  {
    name: "a DM that failed, posted in the channel instead",
    text: notice({
      ...base,
      kind: "delivery_failed",
      ownerUserId: "U0EXT",
      commitmentTitle: "Map the aquifer",
      code: "invalid_user_combination",
      fellBack: true,
    }),
    who: "<@U0EXT>",
    what: ["Map the aquifer", "Clean Water Compact", "posted in the channel instead"],
  },
  {
    name: "a DM and a channel post that both failed",
    text: notice({
      ...base,
      kind: "delivery_failed",
      ownerUserId: "U0GONE",
      commitmentTitle: "Map the aquifer",
      code: "user_disabled",
      fellBack: false,
    }),
    who: "<@U0GONE>",
    what: ["Map the aquifer", "they have not been asked"],
  },
  {
    name: "a blocker open 14 days",
    text: notice({
      ...base,
      kind: "blocker_escalated",
      blockerId: 3,
      blockerText: "Permit stuck",
      commitmentTitle: "Drill twelve wells",
      ownerUserId: "U0PART",
      ageDays: 14,
      level: 2,
      messageTs: null,
    }),
    who: "<@U0PART>",
    what: ["Drill twelve wells", "Clean Water Compact", "open for 14 days"],
  },
  {
    name: "a blocker open 1 day",
    text: notice({
      ...base,
      kind: "blocker_escalated",
      blockerId: 3,
      blockerText: "Permit stuck",
      commitmentTitle: "Drill twelve wells",
      ownerUserId: "U0PART",
      ageDays: 1,
      level: 1,
      messageTs: null,
    }),
    who: "<@U0PART>",
    what: ["Drill twelve wells", "open for 1 day in"],
  },
  {
    name: "help offered",
    text: notice({
      ...base,
      kind: "help_offered",
      blockerId: 3,
      blockerText: "Permit stuck at the ministry",
      helperUserId: "U0PART2",
    }),
    who: "<@U0PART2>",
    what: ["offered to help with your blocker", "Permit stuck at the ministry", "Clean Water"],
  },
];

const blocker: BlockerMessage = {
  blockerId: 3,
  partnershipName: "Clean Water Compact",
  text: "Permit stuck at the ministry",
  commitmentTitle: "Drill twelve wells",
  organizationName: "Acme Water",
  ownerUserId: "U0PART",
  raisedAt: Date.parse("2026-11-30T14:00:00Z"),
  couldHelp: null,
  helperUserIds: [],
  resolved: null,
};
rows.push(
  {
    name: "a blocker posted in the channel",
    text: blockerText(blocker),
    who: "<@U0PART>",
    what: ["Blocker #3 on Drill twelve wells", "Permit stuck at the ministry"],
  },
  {
    name: "a blocker resolved",
    text: blockerText({
      ...blocker,
      resolved: { byUserId: "U0PART2", at: blocker.raisedAt, resolution: "Signed" },
    }),
    who: "<@U0PART2>",
    what: ["Blocker #3 on Drill twelve wells resolved by"],
  },
);

const prompt: PromptMessage = {
  promptId: 41,
  periodKey: "W:2026-11-30",
  dueAt: Date.parse("2026-11-30T14:00:00Z"),
  ownerUserId: "U0EXT",
  partnershipName: "Clean Water Compact",
  channelId: CHANNEL_ID,
  commitment: {
    id: 7,
    title: "Drill twelve wells",
    organizationName: "Acme Water",
    dueDate: null,
    cadence: "weekly",
  },
  objectives: [],
  last: null,
};
rows.push(
  {
    name: "a reminder in the channel's thread",
    text: reminderText(prompt, "reminder", { mention: true }),
    who: "<@U0EXT>",
    what: ["Reminder: your check-in on Drill twelve wells is still open"],
  },
  {
    name: "a snooze ending in the channel's thread",
    text: reminderText(prompt, "snoozed", { mention: true }),
    who: "<@U0EXT>",
    what: ["Snooze over: your check-in on Drill twelve wells is open again"],
  },
);

describe("the notification text of what the bot sends", () => {
  it.each(rows.map((r) => [r.name, r] as const))(
    "when it is %s, then the text names the person and the thing in plain words",
    (_name, row) => {
      expect(row.text).toContain(row.who);
      for (const part of row.what) expect(row.text).toContain(part);
      expect(row.text).not.toMatch(CLUMSY);
    },
  );

  it("when a reminder goes to the owner's own DM, then it says whose check-in without a mention", () => {
    expect(reminderText(prompt, "reminder")).toBe(
      "Reminder: your check-in on Drill twelve wells is still open",
    );
  });

  it("when a partnership has 1 or 2 open decisions, then the list's text counts them in words", () => {
    const decision = {
      id: 1,
      partnershipId: 1,
      text: "Pick the valve supplier",
      ownerMemberId: null,
      ownerSlackUserId: "U0PART",
      dueDate: null,
      state: "open" as const,
      createdBy: "U0COORD",
      createdAt: 0,
      doneAt: null,
    };
    const listing = (n: number) => ({
      partnershipName: "Clean Water Compact",
      today: "2026-11-30",
      decisions: Array.from({ length: n }, (_, i) => ({ ...decision, id: i + 1 })),
    });
    expect(decisionListBlocks(listing(1)).text).toBe("1 open decision of Clean Water Compact");
    expect(decisionListBlocks(listing(2)).text).toBe("2 open decisions of Clean Water Compact");
  });
});
