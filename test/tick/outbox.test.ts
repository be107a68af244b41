/**
 * The outbox through the running app: the tick plans, sends, reminds and escalates against the
 * Slack emulator, with the app's clock (and the emulator's) moved by the test.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { ACTIONS } from "../../src/slack/ids.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { blocksText } from "../support/slack.js";
import {
  addCommitment,
  addMember,
  DAY,
  HOUR,
  type ManualClock,
  MINUTE,
  manualClock,
  noticesTo,
  promptPosts,
  rejectedPayloads,
  restartedApp,
  succeeded,
  threadReplies,
} from "./support.js";

/** Monday 30 November 2026, 07:00 in New York (Pat's zone). */
const START = Date.parse("2026-11-30T12:00:00Z");
/** Monday 09:00 in New York, the slot of Pat's weekly Monday commitments. */
const MONDAY_9_NY = Date.parse("2026-11-30T14:00:00Z");
const WEEK = 7 * DAY;

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
const prompts = () =>
  t.poc.database.db.select().from(schema.prompts).orderBy(schema.prompts.id).all();

describe("sending a prompt", () => {
  it("when a commitment's slot passes, then one DM goes out with the commitment, the four buttons and metadata naming the prompt", async () => {
    addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START,
    });

    const before = await tick(MONDAY_9_NY - MINUTE);
    expect(before).toMatchObject({ ran: true, promptsPlanned: 0, promptsSent: 0 });

    const at = await tick(MONDAY_9_NY);
    expect(at).toMatchObject({ ran: true, promptsPlanned: 1, promptsSent: 1 });
    const [prompt] = prompts();
    expect(prompt).toMatchObject({
      state: "sent",
      periodKey: "W:2026-11-30",
      dueAt: MONDAY_9_NY,
      dmChannelId: "DU0PART",
      attempts: 1,
      lastError: null,
    });
    const post = t.emulator.callsTo("chat.postMessage").find(succeeded);
    expect(post?.params).toMatchObject({
      channel: "DU0PART",
      metadata: { event_type: "poc_prompt", event_payload: { prompt_id: prompt?.id } },
    });
    if (post === undefined) throw new Error("no prompt was posted");
    expect(prompt?.messageTs).toBe((post.response as { ts: string }).ts);
    const blocks = post.params.blocks as Array<{ type: string; elements?: unknown[] }>;
    const actions = blocks.find((b) => b.type === "actions")?.elements as Array<{
      action_id: string;
      value: string;
    }>;
    expect(actions.map((a) => a.action_id)).toEqual([
      ACTIONS.promptOnTrack,
      ACTIONS.promptUpdate,
      ACTIONS.promptSnooze,
      ACTIONS.promptAway,
    ]);
    expect(actions.every((a) => a.value === String(prompt?.id))).toBe(true);
    expect(blocksText(blocks)).toContain("Drill twelve wells");
    // The DM channel is cached on the member for next time.
    const pat = t.poc.services.repos.members.findById(seeded.partnershipId, seeded.members.pat);
    expect(pat?.dmChannelId).toBe("DU0PART");

    const again = await tick(MONDAY_9_NY + 5 * MINUTE);
    expect(again).toMatchObject({ promptsPlanned: 0, promptsSent: 0 });
    expect([...promptPosts(t.emulator).values()]).toEqual([1]);
  });

  it("when the app was down across three slots, then the owner gets one prompt, for the latest slot", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });

    const summary = await tick(MONDAY_9_NY + 3 * WEEK + 30 * MINUTE);

    expect(summary).toMatchObject({ promptsPlanned: 1, promptsSent: 1 });
    expect(prompts().map((p) => [p.periodKey, p.state])).toEqual([["W:2026-12-21", "sent"]]);
    expect(promptPosts(t.emulator).size).toBe(1);
  });

  it("when the owner is away on the slot's date, then the prompt is skipped and nothing is sent", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    t.poc.services.repos.members.update(seeded.partnershipId, seeded.members.pat, {
      awayUntil: "2026-11-30",
    });

    await tick(MONDAY_9_NY);
    expect(prompts().map((p) => [p.state, p.lastError])).toEqual([["skipped", "skipped:away"]]);

    // Back the next week.
    await tick(MONDAY_9_NY + WEEK);
    expect(prompts().map((p) => p.state)).toEqual(["skipped", "sent"]);
    expect(promptPosts(t.emulator).size).toBe(1);
  });

  it("when a pending prompt's period is over before it could go out, then only the newer one is sent", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    const restore = t.emulator.failAlways({ method: "conversations.open", kind: "http_500" });
    await tick(MONDAY_9_NY);
    expect(prompts().map((p) => p.state)).toEqual(["pending"]);
    restore();

    await tick(MONDAY_9_NY + WEEK);

    expect(prompts().map((p) => [p.periodKey, p.state, p.lastError])).toEqual([
      ["W:2026-11-30", "skipped", "skipped:superseded"],
      ["W:2026-12-07", "sent", null],
    ]);
    expect(promptPosts(t.emulator).size).toBe(1);
  });

  it("when the workspace was uninstalled, then nothing is planned or sent for it", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    t.poc.services.repos.workspaces.setUninstalled("T0TEST", START);

    const summary = await tick(MONDAY_9_NY);

    expect(summary).toMatchObject({ promptsPlanned: 0, promptsSent: 0 });
    expect(t.emulator.callsTo("chat.postMessage")).toEqual([]);
  });
});

describe("reminders", () => {
  it("when the delay passes unanswered, then one reply goes in the DM thread, never a second, not even after a restart", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    await tick(MONDAY_9_NY);
    const [prompt] = prompts();

    expect(await tick(MONDAY_9_NY + 24 * HOUR - MINUTE)).toMatchObject({ remindersSent: 0 });
    expect(await tick(MONDAY_9_NY + 24 * HOUR)).toMatchObject({ remindersSent: 1 });
    const replies = threadReplies(t.emulator);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.params).toMatchObject({
      channel: "DU0PART",
      thread_ts: prompt?.messageTs,
    });
    expect(replies[0]?.params.metadata).toBeUndefined();
    expect(await tick(MONDAY_9_NY + 30 * HOUR)).toMatchObject({ remindersSent: 0 });

    const second = await restartedApp(t, clock);
    try {
      const summary = await second.services.tick.run(MONDAY_9_NY + 48 * HOUR);
      expect(summary).toMatchObject({ ran: true, remindersSent: 0, promptsSent: 0 });
    } finally {
      await second.stop();
    }
    expect(threadReplies(t.emulator)).toHaveLength(1);
    expect(prompts()[0]).toMatchObject({ remindersSent: 1, lastReminderAt: MONDAY_9_NY + DAY });
  });

  it("when the prompt was answered, then no reminder goes out", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    await tick(MONDAY_9_NY);
    const [prompt] = prompts();
    t.poc.services.repos.prompts.markAnswered(prompt?.id ?? 0, MONDAY_9_NY + HOUR);

    expect(await tick(MONDAY_9_NY + 2 * DAY)).toMatchObject({ remindersSent: 0 });
    expect(threadReplies(t.emulator)).toEqual([]);
  });

  it("when the partnership sends no reminders, then none goes out; a snooze still comes back once", async () => {
    t.poc.services.repos.partnerships.update(seeded.partnershipId, { maxReminders: 0 }, START);
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Train caretakers",
      startedAt: START,
    });
    await tick(MONDAY_9_NY);
    const [, snoozed] = prompts();
    t.poc.services.repos.prompts.setSnoozed(snoozed?.id ?? 0, MONDAY_9_NY + 20 * HOUR, START);

    expect(await tick(MONDAY_9_NY + 20 * HOUR)).toMatchObject({ remindersSent: 1 });
    expect(await tick(MONDAY_9_NY + 3 * DAY)).toMatchObject({ remindersSent: 0 });
    const replies = threadReplies(t.emulator);
    expect(replies.map((r) => r.params.thread_ts)).toEqual([snoozed?.messageTs]);
    expect(blocksText(replies[0]?.params.blocks)).toContain("snooze is over");
  });

  it("when Slack answers the reminder with a 500 (it may have posted it), then it is never sent again", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    await tick(MONDAY_9_NY);
    t.emulator.failNext({ method: "chat.postMessage", kind: "http_500" });

    expect(await tick(MONDAY_9_NY + DAY)).toMatchObject({ remindersSent: 0 });
    for (const later of [MINUTE, 5 * MINUTE, 10 * MINUTE, HOUR]) {
      expect(await tick(MONDAY_9_NY + DAY + later)).toMatchObject({ remindersSent: 0 });
    }
    // At most two bot messages per period: a reminder that may exist is not risked twice.
    expect(threadReplies(t.emulator)).toHaveLength(0);
  });

  it("when Slack rate-limits the reminder (surely not posted), then it is tried again later and sent once", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    await tick(MONDAY_9_NY);
    t.emulator.failNext({ method: "chat.postMessage", kind: "error", error: "ratelimited" });

    expect(await tick(MONDAY_9_NY + DAY)).toMatchObject({ remindersSent: 0 });
    expect(await tick(MONDAY_9_NY + DAY + 5 * MINUTE)).toMatchObject({ remindersSent: 1 });
    expect(await tick(MONDAY_9_NY + DAY + 10 * MINUTE)).toMatchObject({ remindersSent: 0 });
    expect(threadReplies(t.emulator)).toHaveLength(1);
  });
});

describe("escalation", () => {
  it("when an owner leaves two periods in a row unanswered, then each coordinator is told once for that run, after the second period closed", async () => {
    addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START,
    });
    const silence = () =>
      noticesTo(t.emulator, "U0COORD").filter((c) =>
        blocksText(c.params.blocks).includes("has not answered"),
      );
    const silentNow = (at: number) =>
      t.poc.services.repos.overview
        .silentOwners(seeded.partnershipId, 2, at)
        .map((s) => s.slackUserId);
    // The partnership's reminder delay is a day: a period closes a day after the next one began.

    await tick(MONDAY_9_NY);
    expect(silence()).toHaveLength(0);
    // Week 2's prompt goes out: week 1 is not closed yet (its owner has a day to answer late).
    expect(await tick(MONDAY_9_NY + WEEK)).toMatchObject({ silenceEscalations: 0 });
    // Week 1 closed unanswered: one closed period, below the threshold of 2.
    expect(await tick(MONDAY_9_NY + WEEK + DAY)).toMatchObject({ silenceEscalations: 0 });
    expect(silentNow(MONDAY_9_NY + WEEK + DAY)).toEqual([]);
    // Week 3's prompt goes out: week 2 is still open for a day.
    expect(await tick(MONDAY_9_NY + 2 * WEEK)).toMatchObject({ silenceEscalations: 0 });
    expect(silentNow(MONDAY_9_NY + 2 * WEEK)).toEqual([]);
    expect(await tick(MONDAY_9_NY + 2 * WEEK + DAY)).toMatchObject({ silenceEscalations: 1 });
    expect(silentNow(MONDAY_9_NY + 2 * WEEK + DAY)).toEqual(["U0PART"]);
    const [notice] = silence();
    expect(blocksText(notice?.params.blocks)).toContain("<@U0PART> has not answered the last 2");
    expect(blocksText(notice?.params.blocks)).toContain("Drill twelve wells");
    expect(prompts()[1]?.escalatedAt).toBe(MONDAY_9_NY + 2 * WEEK + DAY);
    // Nobody but the coordinators hears about it.
    expect(noticesTo(t.emulator, "U0PART")).toHaveLength(0);

    expect(await tick(MONDAY_9_NY + 3 * WEEK + DAY)).toMatchObject({ silenceEscalations: 0 });
    expect(await tick(MONDAY_9_NY + 4 * WEEK + DAY)).toMatchObject({ silenceEscalations: 0 });
    expect(silence()).toHaveLength(1);

    // An answer in the open period ends the run at once, before that period closes.
    const latest = prompts().at(-1);
    t.poc.services.repos.prompts.markAnswered(latest?.id ?? 0, MONDAY_9_NY + 4 * WEEK + 2 * DAY);
    expect(silentNow(MONDAY_9_NY + 4 * WEEK + 2 * DAY)).toEqual([]);
    // Two more closed silent periods start a new run.
    await tick(MONDAY_9_NY + 5 * WEEK);
    await tick(MONDAY_9_NY + 6 * WEEK + DAY);
    expect(silence()).toHaveLength(1);
    expect(await tick(MONDAY_9_NY + 7 * WEEK + DAY)).toMatchObject({ silenceEscalations: 1 });
    expect(silence()).toHaveLength(2);
    expect(silentNow(MONDAY_9_NY + 7 * WEEK + DAY)).toEqual(["U0PART"]);
  });

  it("when an open blocker ages past the escalation age, then coordinators are told once per level", async () => {
    const commitment = addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      title: "Drill twelve wells",
      startedAt: START,
    });
    const db = t.poc.database.db;
    const raised = START;
    const blocker = (text: string, createdAt: number) =>
      db
        .insert(schema.blockers)
        .values({ commitmentId: commitment, text, raisedByMemberId: seeded.members.pat, createdAt })
        .returning()
        .get().id;
    const fresh = blocker("Permit stuck at <!channel> the ministry", raised);
    const old = blocker("Drill rig broken", raised - 16 * DAY);
    const levels = (text: string) =>
      noticesTo(t.emulator, "U0COORD")
        .map((c) => blocksText(c.params.blocks))
        .filter((b) => b.includes("has been open for") && b.includes(text))
        .map((b) => /Escalation level (\d+)/.exec(b)?.[1]);

    // The 22-day-old one is reported once, at the level its age has reached (3 × 7 days).
    expect(await tick(raised + 6 * DAY)).toMatchObject({ blockerEscalations: 1 });
    expect(levels("Drill rig")).toEqual(["3"]);
    expect(await tick(raised + 7 * DAY - MINUTE)).toMatchObject({ blockerEscalations: 0 });
    expect(await tick(raised + 7 * DAY)).toMatchObject({ blockerEscalations: 1 });
    expect(await tick(raised + 8 * DAY)).toMatchObject({ blockerEscalations: 0 });
    expect(await tick(raised + 14 * DAY)).toMatchObject({ blockerEscalations: 2 });
    expect(await tick(raised + 14 * DAY + HOUR)).toMatchObject({ blockerEscalations: 0 });

    expect(levels("Permit")).toEqual(["1", "2"]);
    expect(levels("Drill rig")).toEqual(["3", "4"]);
    const first = noticesTo(t.emulator, "U0COORD")
      .map((c) => blocksText(c.params.blocks))
      .find((b) => b.includes("Permit"));
    expect(first).toContain("open for 7 days");
    expect(first).toContain("&lt;!channel&gt;");
    expect(first).not.toContain("<!channel>");
    const rows = db.select().from(schema.blockers).all();
    expect(rows.find((b) => b.id === fresh)).toMatchObject({
      escalationLevel: 2,
      lastEscalatedAt: raised + 14 * DAY,
    });
    expect(rows.find((b) => b.id === old)?.escalationLevel).toBe(4);

    // Resolved blockers are never escalated again.
    db.update(schema.blockers)
      .set({ state: "resolved", resolvedAt: raised + 15 * DAY })
      .run();
    expect(await tick(raised + 60 * DAY)).toMatchObject({ blockerEscalations: 0 });
  });
});

describe("an owner who cannot be DMed", () => {
  it("when conversations.open says invalid_user_combination (Slack Connect), then the prompt goes to the channel as a mention with the buttons, and coordinators are told once", async () => {
    const ezra = addMember(t.poc.services, seeded, "U0EXT", { tz: "America/Bogota" });
    addCommitment(t.poc.services, seeded, {
      owner: ezra,
      title: "Map the aquifer",
      startedAt: START,
    });
    addCommitment(t.poc.services, seeded, {
      owner: ezra,
      title: "Test the pumps",
      startedAt: START,
    });
    /** Monday 09:00 in Bogotá (UTC-5, no daylight saving). */
    const slot = MONDAY_9_NY;

    const first = await tick(slot);

    expect(first).toMatchObject({ promptsSent: 0, promptsFellBack: 2, promptsFailed: 0 });
    const rows = prompts();
    expect(rows.map((p) => [p.state, p.lastError, p.messageTs])).toEqual([
      ["sent", "permanent:invalid_user_combination", null],
      ["sent", "permanent:invalid_user_combination", null],
    ]);
    const posts = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => succeeded(c) && c.params.channel === CHANNEL_ID);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => (p.response as { ts: string }).ts)).toEqual(
      rows.map((p) => p.channelFallbackTs),
    );
    const text = blocksText(posts[0]?.params.blocks);
    expect(text).toContain("<@U0EXT> I could not reach you by direct message");
    expect(text).toContain("Map the aquifer");
    const actions = ((posts[0]?.params.blocks ?? []) as Array<{ type: string }>).find(
      (b) => b.type === "actions",
    );
    expect(actions).toBeDefined();

    const reports = () =>
      noticesTo(t.emulator, "U0COORD").filter((c) =>
        blocksText(c.params.blocks).includes("could not send"),
      );
    expect(reports()).toHaveLength(1);
    expect(blocksText(reports()[0]?.params.blocks)).toContain("invalid_user_combination");
    expect(blocksText(reports()[0]?.params.blocks)).toContain(`<#${CHANNEL_ID}>`);

    // The reminder goes in the channel thread, with a mention.
    await tick(slot + DAY);
    const replies = threadReplies(t.emulator, CHANNEL_ID);
    expect(replies.map((r) => r.params.thread_ts).sort()).toEqual(
      rows.map((p) => p.channelFallbackTs).sort(),
    );
    expect(blocksText(replies[0]?.params.blocks)).toContain("<@U0EXT>");

    // Next week: the channel again, and no second report.
    const next = await tick(slot + WEEK);
    expect(next).toMatchObject({ promptsFellBack: 2 });
    expect(reports()).toHaveLength(1);
    expect(promptPosts(t.emulator).size).toBe(4);
    expect([...promptPosts(t.emulator).values()].every((n) => n === 1)).toBe(true);
  });

  it("when the channel post fails too, then the prompt is failed and the report says it was not delivered", async () => {
    const gil = addMember(t.poc.services, seeded, "U0GONE", { tz: "Europe/Berlin" });
    addCommitment(t.poc.services, seeded, { owner: gil, startedAt: START - DAY });
    t.emulator.failAlways({
      method: "chat.postMessage",
      channel: CHANNEL_ID,
      kind: "error",
      error: "not_in_channel",
    });

    const summary = await tick(Date.parse("2026-11-30T08:00:00Z"));

    expect(summary).toMatchObject({ promptsFailed: 1, promptsFellBack: 0 });
    expect(prompts().map((p) => [p.state, p.lastError])).toEqual([
      ["failed", "permanent:user_disabled channel:not_in_channel"],
    ]);
    const report = noticesTo(t.emulator, "U0COORD").map((c) => blocksText(c.params.blocks));
    expect(report).toHaveLength(1);
    expect(report[0]).toContain("failed as well");
  });
});

describe("time zones", () => {
  it("when an owner's cached zone is more than a day old, then the tick refreshes it from users.info and plans in it", async () => {
    t.poc.services.repos.members.update(seeded.partnershipId, seeded.members.pat, {
      timeZone: "Asia/Tokyo",
      timeZoneFetchedAt: START - 2 * DAY,
    });
    const nia = addMember(t.poc.services, seeded, "U0NOTZ", { tz: "Europe/Paris", fetchedAt: 0 });
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    addCommitment(t.poc.services, seeded, { owner: nia, startedAt: START });

    const summary = await tick(START);

    expect(summary.zonesRefreshed).toBe(2);
    const members = t.poc.services.repos.members;
    expect(members.findById(seeded.partnershipId, seeded.members.pat)).toMatchObject({
      timeZone: "America/New_York",
      timeZoneFetchedAt: START,
    });
    // Slack gives Nia no zone: null, and the partnership's zone (London) is used.
    expect(members.findById(seeded.partnershipId, nia)).toMatchObject({
      timeZone: null,
      timeZoneFetchedAt: START,
    });
    expect((await tick(START + MINUTE)).zonesRefreshed).toBe(0);

    await tick(MONDAY_9_NY);
    await tick(Date.parse("2026-12-07T09:00:00Z"));
    const due = prompts().map((p) => p.dueAt);
    // Pat on Monday 09:00 in New York, Nia on Monday 09:00 in London.
    expect(due).toEqual([MONDAY_9_NY, Date.parse("2026-12-07T09:00:00Z")]);
  });
});

describe("the tick lease", () => {
  it("when a tick is already running in this process, then a second call skips", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    clock.set(MONDAY_9_NY);
    const [a, b] = await Promise.all([
      t.poc.services.tick.run(MONDAY_9_NY),
      t.poc.services.tick.run(MONDAY_9_NY),
    ]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(promptPosts(t.emulator).size).toBe(1);
  });
});
