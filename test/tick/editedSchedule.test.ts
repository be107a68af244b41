/**
 * One prompt per commitment and period, whatever is edited: Pat answers Monday's prompt, then
 * Cora moves the check-in day to Tuesday with `/poc commit edit`. Monday's prompt opened that
 * ISO week, so Tuesday brings no second prompt, `/poc checkin` edits Monday's check-in, and the
 * next prompt comes the Tuesday after. Moved the other way (Tuesday to Monday, or a monthly first
 * Tuesday to first Monday), the next prompt is the first slot of the next week or month. All
 * through the running app.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { Person } from "../../src/emulator/person.js";
import { ACTIONS } from "../../src/slack/ids.js";
import { CHANNEL_ID, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { lastOpenedView, submit, type } from "../support/slack.js";
import {
  addCommitment,
  DAY,
  HOUR,
  type ManualClock,
  MINUTE,
  manualClock,
  promptPosts,
  rejectedPayloads,
} from "./support.js";

const CORA = "U0COORD";
const PAT = "U0PART";
/** Monday 30 November 2026, 07:00 in New York (Pat's zone). */
const START = Date.parse("2026-11-30T12:00:00Z");
/** Monday 09:00 in New York: the slot of Pat's weekly Monday commitment. */
const MONDAY_9 = Date.parse("2026-11-30T14:00:00Z");
/** Tuesday 1 December, 09:00 in New York: what the edit makes the slot. */
const TUESDAY_9 = Date.parse("2026-12-01T14:00:00Z");
const NEXT_TUESDAY_9 = TUESDAY_9 + 7 * DAY;

let clock: ManualClock;
let t: TestApp;
let seeded: Seeded;
let commitmentId: number;

beforeEach(async () => {
  clock = manualClock(START);
  t = await startTestApp({ clock, emulator: { clock } });
  seeded = seedPartnership(t.poc.services);
  commitmentId = addCommitment(t.poc.services, seeded, {
    owner: seeded.members.pat,
    title: "Drill twelve wells",
    weekday: 1,
    time: "09:00",
    startedAt: START,
  });
});

afterEach(async () => {
  expect(rejectedPayloads(t.emulator)).toEqual([]);
  await t.close();
});

const tick = (at: number) => {
  clock.set(at);
  return t.poc.services.tick.run(at);
};
const prompts = () =>
  t.poc.database.db.select().from(schema.prompts).orderBy(schema.prompts.id).all();
const checkIns = () => t.poc.database.db.select().from(schema.checkIns).all();

/** Cora edits the check-in schedule through the edit modal at `at`. */
async function editSchedule(at: number, cadence: "weekly" | "monthly", weekday: number) {
  clock.set(at);
  const typed = await type(t, CORA, CHANNEL_ID, `commit edit ${commitmentId}`);
  expect(typed.status).toBe(200);
  const submitted = await submit(t, CORA, lastOpenedView(t), {
    title: { text: "Drill twelve wells" },
    owner: { user: PAT },
    organization: { option: String(seeded.orgs.acme) },
    cadence: { option: cadence },
    weekday: { option: String(weekday) },
    time: { time: "09:00" },
  });
  expect(submitted.body?.errors).toBeUndefined();
  expect(
    t.poc.services.repos.commitments.findById(seeded.partnershipId, commitmentId),
  ).toMatchObject({ cadence, checkInWeekday: weekday, checkInTime: "09:00" });
}

/** Monday 10:00: Cora moves the check-in day to Tuesday. */
const moveToTuesday = () => editSchedule(MONDAY_9 + HOUR, "weekly", 2);

/** The prompt goes out at `at` and Pat answers it with *On track, no change*. */
async function answerPromptAt(at: number, periodKey: string) {
  await tick(at);
  const message = t.emulator.messages(`D${PAT}`).at(-1);
  if (message === undefined) throw new Error("no prompt in Pat's DM");
  clock.set(at + 15 * MINUTE);
  const clicked = await new Person(PAT, TEAM_ID, t.emulator, t.slack).click(
    message,
    ACTIONS.promptOnTrack,
  );
  expect(clicked.status).toBe(200);
  expect(prompts().at(-1)).toMatchObject({ periodKey, state: "answered" });
}

describe("a check-in day moved right after answering", () => {
  it("when Pat answers Monday's prompt and the day moves to Tuesday, then Tuesday brings no prompt, /poc checkin edits Monday's check-in, and the next Tuesday brings exactly one", async () => {
    await answerPromptAt(MONDAY_9, "W:2026-11-30");
    await moveToTuesday();

    const tuesday = await tick(TUESDAY_9 + 30 * MINUTE);
    expect(tuesday).toMatchObject({ ran: true, promptsPlanned: 0, promptsSent: 0 });
    expect(prompts()).toHaveLength(1);
    expect([...promptPosts(t.emulator).values()]).toEqual([1]);

    // Pat checks in on Tuesday: it is still the week Monday's prompt opened.
    clock.set(TUESDAY_9 + HOUR);
    await type(t, PAT, CHANNEL_ID, "checkin");
    const view = lastOpenedView(t);
    expect((view.title as { text: string }).text).toBe("Edit check-in");
    expect(JSON.parse(String(view.private_metadata))).toMatchObject({ periodKey: "W:2026-11-30" });
    const submitted = await submit(t, PAT, view, {
      status: { option: "at_risk" },
      progress: { number: "30" },
      what_moved: { text: "Two wells drilled" },
    });
    expect(submitted.body?.errors).toBeUndefined();
    expect(checkIns()).toMatchObject([
      { periodKey: "W:2026-11-30", status: "at_risk", editedAt: TUESDAY_9 + HOUR },
    ]);

    // Nothing more that week; the Tuesday after, one prompt, sent once.
    await tick(NEXT_TUESDAY_9 - MINUTE);
    expect(prompts()).toHaveLength(1);
    const next = await tick(NEXT_TUESDAY_9);
    expect(next).toMatchObject({ promptsPlanned: 1, promptsSent: 1 });
    expect(prompts().map((p) => [p.periodKey, p.dueAt])).toEqual([
      ["W:2026-11-30", MONDAY_9],
      ["W:2026-12-08", NEXT_TUESDAY_9],
    ]);
    await tick(NEXT_TUESDAY_9 + MINUTE);
    expect([...promptPosts(t.emulator).values()]).toEqual([1, 1]);
  });

  it("when Pat reads /poc mine after the move, then his next check-in is the Tuesday after, not tomorrow", async () => {
    await answerPromptAt(MONDAY_9, "W:2026-11-30");
    await moveToTuesday();
    const mine = await type(t, PAT, CHANNEL_ID, "mine");
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(`<!date^${NEXT_TUESDAY_9 / 1000}^`);
    expect(mine.text).not.toContain(`<!date^${TUESDAY_9 / 1000}^`);
  });
});

describe("a check-in day moved earlier in the week right after answering", () => {
  /** Monday 7 December, 09:00 in New York. */
  const NEXT_MONDAY_9 = MONDAY_9 + 7 * DAY;
  /** Monday 4 January 2027, 09:00 in New York: January's first Monday. */
  const JANUARY_4_9 = Date.parse("2027-01-04T14:00:00Z");

  it("when Pat answers Tuesday's prompt and the day moves back to Monday, then the next Monday brings one, six days later, not thirteen", async () => {
    await editSchedule(START, "weekly", 2);
    await answerPromptAt(TUESDAY_9, "W:2026-12-01");
    await editSchedule(TUESDAY_9 + HOUR, "weekly", 1);

    await tick(NEXT_MONDAY_9 - MINUTE);
    expect(prompts()).toHaveLength(1);
    expect(await tick(NEXT_MONDAY_9)).toMatchObject({ promptsPlanned: 1, promptsSent: 1 });
    expect(prompts().map((p) => [p.periodKey, p.dueAt])).toEqual([
      ["W:2026-12-01", TUESDAY_9],
      ["W:2026-12-07", NEXT_MONDAY_9],
    ]);
  });

  it("when a monthly commitment answered on December's first Tuesday moves to the first Monday, then January's first Monday brings one, not February's", async () => {
    await editSchedule(START, "monthly", 2);
    await answerPromptAt(TUESDAY_9, "M:2026-12");
    await editSchedule(TUESDAY_9 + HOUR, "monthly", 1);

    // /poc mine names January's first Monday.
    const mine = await type(t, PAT, CHANNEL_ID, "mine");
    expect(mine.text).toContain(`<!date^${JANUARY_4_9 / 1000}^`);

    await tick(JANUARY_4_9 - MINUTE);
    expect(prompts()).toHaveLength(1);
    expect(await tick(JANUARY_4_9)).toMatchObject({ promptsPlanned: 1, promptsSent: 1 });
    expect(prompts().map((p) => [p.periodKey, p.dueAt])).toEqual([
      ["M:2026-12", TUESDAY_9],
      ["M:2027-01", JANUARY_4_9],
    ]);
  });
});
