/**
 * Rate limits through the running app: a 429 means Slack posted nothing, so the prompt is sent
 * again as soon as Retry-After is over, in the same tick (not a minute later), at most
 * RATE_LIMIT_RETRIES more times; and never more than once.
 *
 * The app's clock is set by the test; the emulator keeps real time, so Retry-After waits are real
 * (one second each).
 */
import { afterEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { SEND_CONCURRENCY } from "../../src/services/outbox/common.js";
import { RATE_LIMIT_RETRIES } from "../../src/slack/messenger/errors.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  addMember,
  DAY,
  MINUTE,
  manualClock,
  promptIdOf,
  promptPosts,
  rejectedPayloads,
  slotBefore,
} from "./support.js";

let t: TestApp | undefined;

afterEach(async () => {
  if (t) expect(rejectedPayloads(t.emulator)).toEqual([]);
  await t?.close();
  t = undefined;
});

/** `owners` people in zone UTC with one weekly commitment each, due 30 minutes before `now`. */
async function setUp(owners: number, emulator: Parameters<typeof startTestApp>[0] = {}) {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const app = await startTestApp({ clock: manualClock(now), ...emulator });
  t = app;
  const seeded = seedPartnership(app.poc.services);
  const { weekday, time } = slotBefore(now);
  const ids: string[] = [];
  for (let i = 0; i < owners; i += 1) {
    const id = `U8${String(i).padStart(4, "0")}`;
    ids.push(id);
    app.emulator.addUser({ id, name: `owner${i}`, tz: "UTC" });
    const member = addMember(app.poc.services, seeded, id, { tz: "UTC", fetchedAt: now });
    addCommitment(app.poc.services, seeded, {
      owner: member,
      title: `Commitment ${i}`,
      weekday,
      time,
      startedAt: now - 2 * DAY,
    });
  }
  return { app, now, owners: ids };
}

const allPrompts = (app: TestApp) =>
  app.poc.database.db.select().from(schema.prompts).orderBy(schema.prompts.id).all();

/** chat.postMessage calls carrying prompt metadata, by outcome. */
function promptCalls(app: TestApp) {
  const calls = app.emulator.callsTo("chat.postMessage").filter((c) => promptIdOf(c) !== undefined);
  return { all: calls, limited: calls.filter((c) => c.status === 429) };
}

describe("a rate-limited prompt", { timeout: 60_000 }, () => {
  it("when Slack answers 429 with Retry-After to posts and DM opens, then every prompt is delivered in the same tick, exactly once", async () => {
    const { app, now, owners } = await setUp(6);
    app.emulator.failNext({
      method: "chat.postMessage",
      kind: "rate_limited",
      retryAfter: 1,
      times: 3,
    });
    // One owner is rate-limited twice in a row: both waits happen inside the tick.
    app.emulator.failNext({
      method: "chat.postMessage",
      channel: `D${owners[4]}`,
      kind: "rate_limited",
      retryAfter: 1,
      times: 2,
    });
    app.emulator.failNext({
      method: "conversations.open",
      kind: "rate_limited",
      retryAfter: 1,
    });

    const summary = await app.poc.services.tick.run(now);

    expect(summary).toMatchObject({ ran: true, promptsPlanned: 6, promptsSent: 6 });
    expect(summary.promptsRetrying).toBe(0);
    const rows = allPrompts(app);
    expect(rows.map((p) => p.state)).toEqual(Array(6).fill("sent"));
    // Each prompt went out at its first claim: no backoff, no second attempt.
    expect(rows.map((p) => p.attempts)).toEqual(Array(6).fill(1));
    expect(rows.map((p) => p.lastError)).toEqual(Array(6).fill(null));
    const posts = promptPosts(app.emulator);
    expect(posts.size).toBe(6);
    expect([...posts.values()]).toEqual(Array(6).fill(1));
    expect(promptCalls(app).limited).toHaveLength(5);
    expect(app.emulator.callsTo("conversations.open").filter((c) => c.status === 429)).toHaveLength(
      1,
    );
    // A 429 is not ambiguous: no history is read.
    expect(app.emulator.callsTo("conversations.history")).toEqual([]);
  });

  it("when the workspace's posting cap is hit, then the app learns it: the prompts over it go out in the same tick, exactly once, and later posts stay under the cap", async () => {
    const { app, now } = await setUp(12, {
      emulator: { rateLimits: { perMethodPerSecond: { "chat.postMessage": 4 } } },
    });

    const summary = await app.poc.services.tick.run(now);

    expect(summary).toMatchObject({ promptsSent: 12, promptsRetrying: 0 });
    const posts = promptPosts(app.emulator);
    expect(posts.size).toBe(12);
    expect([...posts.values()]).toEqual(Array(12).fill(1));
    expect(allPrompts(app).every((p) => p.state === "sent" && p.attempts === 1)).toBe(true);
    // Only the posts in flight when the cap first refused one were refused: once told, the app
    // paced itself (posting blindly it runs into the cap every second, 8 refusals each time).
    const limited = promptCalls(app).limited;
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThanOrEqual(SEND_CONCURRENCY);
    const firstRefusal = Math.min(...limited.map((c) => c.at));
    expect(limited.every((c) => c.at < firstRefusal + 1000)).toBe(true);
  });

  it("when Slack keeps answering 429 for one DM, then that prompt is tried a bounded number of times, the tick stops calling Slack and leaves it due; the others in flight go out", async () => {
    const { app, now, owners } = await setUp(3);
    const stuck = `D${owners[1]}`;
    const restore = app.emulator.failAlways({
      method: "chat.postMessage",
      channel: stuck,
      kind: "rate_limited",
      retryAfter: 1,
    });

    const summary = await app.poc.services.tick.run(now);

    // Rate limits that outlast every wait Slack asked for are about Slack, not this person: the
    // prompt is due again at once (no backoff, no attempt counted) and the tick says why.
    expect(summary).toMatchObject({
      promptsSent: 2,
      promptsRetrying: 0,
      promptsLeftDue: 1,
      halted: { kind: "unavailable", code: "ratelimited" },
    });
    const toStuck = promptCalls(app).all.filter((c) => c.params.channel === stuck);
    expect(toStuck).toHaveLength(1 + RATE_LIMIT_RETRIES);
    const waiting = allPrompts(app).find((p) => p.state === "pending");
    expect(waiting).toMatchObject({ lastError: null, nextAttemptAt: null, attempts: 0 });

    restore();
    expect(await app.poc.services.tick.run(now + MINUTE)).toMatchObject({ promptsSent: 1 });
    const posts = promptPosts(app.emulator);
    expect(posts.size).toBe(3);
    expect([...posts.values()]).toEqual([1, 1, 1]);
  });
});
