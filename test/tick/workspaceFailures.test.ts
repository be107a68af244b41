/**
 * Slack failing as a whole, not for one person: a wrong bot token, a missing scope, no
 * connection. `poc tick` (a real process) sends nothing more, marks nothing failed, leaves every
 * prompt and digest due, says so in one line naming what to fix, and exits 1 (an operator must
 * act) or 4 (try again later); the next run with Slack working sends everything once. The
 * running app's tick does the same and its scheduler says so once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import { SEND_CONCURRENCY } from "../../src/services/outbox/common.js";
import { MANIFEST_SCOPES, startTestApp, type TestApp } from "../support/app.js";
import { unusedPort } from "../support/ports.js";
import { seedPartnership } from "../support/seed.js";
import { digestRows, prepare, promptRows, startTick, type World } from "./processSupport.js";
import {
  addCommitment,
  addMember,
  DAY,
  MINUTE,
  manualClock,
  promptPosts,
  rejectedPayloads,
  slotBefore,
} from "./support.js";

const cleanups: Array<() => Promise<void> | void> = [];
let app: TestApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every prompt as it was planned: pending, never attempted, no error recorded. */
function expectAllDueUntouched(world: World, total: number) {
  const rows = promptRows(world);
  expect(rows).toHaveLength(total);
  expect(
    rows.map((p) => ({ state: p.state, attempts: p.attempts, lastError: p.lastError })),
  ).toEqual(Array(total).fill({ state: "pending", attempts: 0, lastError: null }));
  expect(digestRows(world).filter((d) => d.state !== "pending")).toEqual([]);
}

/** Then, with Slack working, one run sends every prompt once and posts the digest. */
async function expectNextRunSendsEverything(world: World, total: number) {
  const next = await startTick(cleanups, world, world.now + MINUTE).exit;
  expect(next.stderr).toBe("");
  expect(next.code).toBe(0);
  expect(JSON.parse(next.stdout)).toMatchObject({ promptsSent: total, digestsPosted: 1 });
  const posts = promptPosts(world.emulator);
  expect(posts.size).toBe(total);
  expect([...posts.values()].every((n) => n === 1)).toBe(true);
  expect(promptRows(world).every((p) => p.state === "sent")).toBe(true);
  expect(digestRows(world).map((d) => d.state)).toEqual(["posted"]);
  expect(rejectedPayloads(world.emulator)).toEqual([]);
}

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("poc tick when Slack fails as a whole", { timeout: 120_000 }, () => {
  it("when the bot token is wrong, then nothing is marked failed, it says so in one line naming SLACK_BOT_TOKEN and exits 1; the next run with the right token sends everything", async () => {
    const world = await prepare(cleanups, 20, { digestDue: true });

    const run = await startTick(cleanups, world, world.now, {
      SLACK_BOT_TOKEN: "xoxb-wrong",
    }).exit;

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "poc: Slack rejected SLACK_BOT_TOKEN (invalid_auth): set it to the Bot User OAuth Token (xoxb-…) on the app's Install App page, and reinstall the app if it was removed or deactivated; nothing more was sent this run, and every prompt and digest that did not reach Slack is still due",
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ran: true,
      promptsPlanned: 20,
      promptsSent: 0,
      promptsFailed: 0,
      promptsFellBack: 0,
      promptsLeftDue: 20,
      digestsPosted: 0,
      halted: { kind: "unauthorized", code: "invalid_auth" },
    });
    // The run stopped at the first refusal: at most the calls already in flight were made.
    expect(world.emulator.calls.length).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expectAllDueUntouched(world, 20);

    await expectNextRunSendsEverything(world, 20);
  });

  it("when the install lacks a scope the sends need, then it names the scope and the fix, exits 1, and leaves everything due", async () => {
    const world = await prepare(cleanups, 3, {
      digestDue: true,
      emulator: { scopes: MANIFEST_SCOPES.filter((scope) => scope !== "chat:write") },
    });

    const run = await startTick(cleanups, world, world.now).exit;

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "poc: the Slack app lacks the scope chat:write (missing_scope): add it under OAuth & Permissions > Bot Token Scopes (manifest.yml lists every scope the app needs) and reinstall the app to the workspace; nothing more was sent this run, and every prompt and digest that did not reach Slack is still due",
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      promptsSent: 0,
      promptsFailed: 0,
      halted: { kind: "unauthorized", code: "missing_scope", needed: "chat:write" },
    });
    expectAllDueUntouched(world, 3);
  });

  it("when Slack cannot be reached, then it says so naming SLACK_API_URL, exits 1 and leaves everything due; the next run sends everything", async () => {
    const world = await prepare(cleanups, 5, { digestDue: true });

    const run = await startTick(cleanups, world, world.now, {
      SLACK_API_URL: `http://127.0.0.1:${await unusedPort()}/api/`,
    }).exit;

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "poc: Slack could not be reached (ECONNREFUSED): check this machine's network and SLACK_API_URL; nothing more was sent this run, and every prompt and digest that did not reach Slack is still due",
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      promptsSent: 0,
      promptsLeftDue: 5,
      halted: { kind: "unavailable", code: "ECONNREFUSED" },
    });
    expectAllDueUntouched(world, 5);

    await expectNextRunSendsEverything(world, 5);
  });

  it("when Slack answers 500 to the posts, then the prompts are left for a retry and it exits 4", async () => {
    const world = await prepare(cleanups, 3);
    world.emulator.failAlways({ method: "chat.postMessage", kind: "http_500" });

    const run = await startTick(cleanups, world, world.now).exit;

    expect(run.code).toBe(4);
    expect(lines(run.stderr)).toEqual([
      "poc: some prompts, digests or reminders could not be sent and are left for a retry; run poc tick again later",
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ promptsSent: 0, promptsRetrying: 3 });
    expect(promptRows(world).every((p) => p.state === "pending")).toBe(true);
  });

  it("when all due work is done, then it exits 0 and prints nothing on stderr", async () => {
    const world = await prepare(cleanups, 2, { digestDue: true });
    const run = await startTick(cleanups, world, world.now).exit;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ promptsSent: 2, digestsPosted: 1 });
  });
});

describe("the running app's tick when the token is revoked", { timeout: 60_000 }, () => {
  it("when Slack answers token_revoked, then tick after tick nothing is marked failed or retried with a backoff, and once Slack answers again every prompt goes out once", async () => {
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    const clock = manualClock(start);
    app = await startTestApp({ clock });
    const services = app.poc.services;
    const seeded = seedPartnership(services);
    const { weekday, time } = slotBefore(start);
    for (let i = 0; i < 6; i += 1) {
      const id = `U7${String(i).padStart(4, "0")}`;
      app.emulator.addUser({ id, name: `owner${i}`, tz: "UTC" });
      const owner = addMember(services, seeded, id, { tz: "UTC", fetchedAt: start });
      addCommitment(services, seeded, { owner, weekday, time, startedAt: start - 2 * DAY });
    }
    const revoked = ["conversations.open", "chat.postMessage", "users.info"].map((method) =>
      app?.emulator.failAlways({ method, kind: "error", error: "token_revoked" }),
    );

    for (let i = 0; i < 3; i += 1) {
      const summary = await services.tick.run(clock());
      expect(summary).toMatchObject({
        promptsSent: 0,
        promptsFailed: 0,
        promptsLeftDue: 6,
        halted: { kind: "unauthorized", code: "token_revoked" },
      });
      clock.advance(MINUTE);
    }
    const rows = app.poc.database.db.select().from(schema.prompts).all();
    expect(rows.map((p) => [p.state, p.attempts, p.nextAttemptAt, p.lastError])).toEqual(
      Array(6).fill(["pending", 0, null, null]),
    );
    // One probe a tick at most, plus the calls already in flight when the first was refused.
    expect(app.emulator.calls.length).toBeLessThanOrEqual(3 * 8);

    for (const remove of revoked) remove?.();
    const resumed = await services.tick.run(clock());

    expect(resumed).toMatchObject({ promptsSent: 6, promptsLeftDue: 0 });
    expect(resumed.halted).toBeUndefined();
    expect(resumed.slackAnswered).toBeGreaterThan(0);
    expect([...promptPosts(app.emulator).values()]).toEqual(Array(6).fill(1));
  });
});
