/**
 * What a phone shows for the messages the tick sends: the `text` of each post, read back from
 * the emulator, names the person and the commitment in plain words (no "(s)", no "Someone").
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { blocksText } from "../support/slack.js";
import {
  addCommitment,
  addMember,
  DAY,
  type ManualClock,
  manualClock,
  noticesTo,
  rejectedPayloads,
  threadReplies,
} from "./support.js";

/** Monday 30 November 2026, 07:00 in New York (Pat's zone). */
const START = Date.parse("2026-11-30T12:00:00Z");
/** Monday 09:00 in New York (and in Bogotá), the slot of the weekly Monday commitments. */
const MONDAY_9_NY = Date.parse("2026-11-30T14:00:00Z");
const WEEK = 7 * DAY;
const CLUMSY = /\(s\)|\b1 days\b|\bSomeone\b/;

let clock: ManualClock;
let t: TestApp;
let seeded: Seeded;

beforeEach(async () => {
  clock = manualClock(START);
  t = await startTestApp({ clock, emulator: { clock } });
  seeded = seedPartnership(t.poc.services);
});

afterEach(async () => {
  expect(rejectedPayloads(t.emulator)).toEqual([]);
  await t.close();
});

const tick = (at: number) => {
  clock.set(at);
  return t.poc.services.tick.run(at);
};

/** The `text` of each notice to Cora whose blocks contain `marker`. */
const noticeTexts = (marker: string) =>
  noticesTo(t.emulator, "U0COORD")
    .filter((c) => blocksText(c.params.blocks).includes(marker))
    .map((c) => String(c.params.text));

describe("the text of the tick's messages", () => {
  it("when Ezra cannot be DMed, then Cora's notice text names Ezra, the commitment and the partnership", async () => {
    const ezra = addMember(t.poc.services, seeded, "U0EXT", { tz: "America/Bogota" });
    addCommitment(t.poc.services, seeded, {
      owner: ezra,
      title: "Map the aquifer",
      startedAt: START,
    });

    await tick(MONDAY_9_NY);

    const texts = noticeTexts("could not send");
    expect(texts).toEqual([
      "Could not DM <@U0EXT> their check-in on Map the aquifer (Clean Water Compact): posted in the channel instead",
    ]);
  });

  it("when Pat leaves his check-in open a day, then the reminder's text says whose check-in, on what, is still open", async () => {
    addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START,
    });

    await tick(MONDAY_9_NY);
    await tick(MONDAY_9_NY + DAY);
    await tick(MONDAY_9_NY + 2 * DAY);

    const replies = threadReplies(t.emulator, "DU0PART");
    expect(replies.map((r) => r.params.text)).toEqual([
      "Reminder: your check-in on Drill twelve wells is still open",
    ]);
  });

  it("when Pat stays silent, then Cora's silence notice text names Pat and the commitment", async () => {
    addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START,
    });

    for (let week = 0; week < 4; week += 1) {
      await tick(MONDAY_9_NY + week * WEEK);
      await tick(MONDAY_9_NY + week * WEEK + 2 * DAY);
    }

    const [text] = noticeTexts("has not answered");
    expect(text).toMatch(
      /^<@U0PART> has not answered the last \d+ check-ins on Drill twelve wells \(Clean Water Compact\)$/,
    );
    expect(text).not.toMatch(CLUMSY);
  });

  it("when Pat's blocker is past the escalation age, then Cora's notice text names Pat, the commitment and the age", async () => {
    const commitment = addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START - 30 * DAY,
    });
    t.poc.database.db
      .insert(schema.blockers)
      .values({
        commitmentId: commitment,
        text: "Drill rig broken",
        raisedByMemberId: seeded.members.pat,
        createdAt: START - 8 * DAY,
      })
      .run();

    await tick(START);

    const texts = noticeTexts("Drill rig broken");
    expect(texts).toEqual([
      "A blocker on Drill twelve wells (owner <@U0PART>) has been open for 8 days in Clean Water Compact",
    ]);
  });
});
