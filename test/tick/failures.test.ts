/**
 * Slack's bad days through the running app: 429 storms (the emulator's own rate limits plus
 * injected 429s with Retry-After), a 10-minute outage answering 500 to everything, and a post
 * that Slack made although the app never heard back. Nothing lost, nothing posted twice.
 *
 * The app's clock is moved by the test (one tick per simulated minute) from the real now; the
 * emulator keeps real time, so Retry-After waits are real (one second each).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { schema } from "../../src/db/index.js";
import type { RunningPoc } from "../../src/main.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  addMember,
  DAY,
  type ManualClock,
  MINUTE,
  manualClock,
  promptPosts,
  rejectedPayloads,
  restartedApp,
  slotBefore,
} from "./support.js";

let t: TestApp | undefined;
let extra: RunningPoc | undefined;
let proxy: Server | undefined;

afterEach(async () => {
  await extra?.stop();
  extra = undefined;
  if (proxy) await new Promise((resolve) => proxy?.close(resolve));
  proxy = undefined;
  if (t) expect(rejectedPayloads(t.emulator)).toEqual([]);
  await t?.close();
  t = undefined;
});

/** `owners` people in zone UTC, each with `perOwner` weekly commitments due 30 minutes ago. */
async function setUp(
  owners: number,
  perOwner: number,
  emulator: Parameters<typeof startTestApp>[0] = {},
): Promise<{ app: TestApp; clock: ManualClock; seeded: Seeded; total: number }> {
  const start = Math.floor(Date.now() / MINUTE) * MINUTE;
  const clock = manualClock(start);
  const app = await startTestApp({ clock, ...emulator });
  t = app;
  const seeded = seedPartnership(app.poc.services);
  const { weekday, time } = slotBefore(start);
  app.poc.services.repos.members.update(seeded.partnershipId, seeded.members.cora, {
    timeZoneFetchedAt: start,
  });
  for (let i = 0; i < owners; i += 1) {
    const id = `U9${String(i).padStart(4, "0")}`;
    app.emulator.addUser({ id, name: `owner${i}`, tz: "UTC" });
    const member = addMember(app.poc.services, seeded, id, { tz: "UTC", fetchedAt: start });
    for (let j = 0; j < perOwner; j += 1) {
      addCommitment(app.poc.services, seeded, {
        owner: member,
        title: `Commitment ${i}.${j}`,
        weekday,
        time,
        startedAt: start - 2 * DAY,
      });
    }
  }
  return { app, clock, seeded, total: owners * perOwner };
}

const allPrompts = (app: TestApp) => app.poc.database.db.select().from(schema.prompts).all();

/** Ticks once a simulated minute until every prompt is sent (or `limit` ticks). */
async function tickUntilSent(
  app: TestApp,
  clock: ManualClock,
  limit: number,
  run: (now: number) => Promise<unknown> = (now) => app.poc.services.tick.run(now),
): Promise<number> {
  for (let i = 0; i < limit; i += 1) {
    await run(clock());
    const rows = allPrompts(app);
    if (rows.length > 0 && rows.every((p) => p.state === "sent")) return i + 1;
    clock.advance(MINUTE);
  }
  return limit;
}

function expectExactlyOnce(app: TestApp, total: number) {
  const rows = allPrompts(app);
  expect(rows).toHaveLength(total);
  expect(rows.filter((p) => p.state !== "sent")).toEqual([]);
  const posts = promptPosts(app.emulator);
  expect(posts.size).toBe(total);
  expect([...posts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  // And what Slack stored: one message per prompt, the one whose ts the prompt holds.
  const stored = app.emulator
    .messages()
    .filter((m) => m.metadata?.event_type === "poc_prompt" && m.thread_ts === undefined);
  expect(stored).toHaveLength(total);
  const tsById = new Map(stored.map((m) => [Number(m.metadata?.event_payload.prompt_id), m.ts]));
  for (const row of rows) expect(row.messageTs).toBe(tsById.get(row.id));
}

describe("429 storms", { timeout: 60_000 }, () => {
  it("when Slack rate-limits the DMs (1 a second per channel) and injects 429s with Retry-After 1, then every prompt is delivered once", async () => {
    const { app, clock, total } = await setUp(8, 2, {
      emulator: { rateLimits: { postMessagePerChannelPerSecond: 1 } },
    });
    app.emulator.failNext({
      method: "chat.postMessage",
      kind: "rate_limited",
      retryAfter: 1,
      times: 4,
    });
    app.emulator.failNext({
      method: "conversations.open",
      kind: "rate_limited",
      retryAfter: 1,
      times: 2,
    });

    const first = await app.poc.services.tick.run(clock());
    expect(first).toMatchObject({ ran: true, promptsPlanned: total });
    // A 429 means nothing was posted: each goes again after its Retry-After, in the same tick.
    expect(first).toMatchObject({ promptsSent: total, promptsRetrying: 0 });
    const ticks = await tickUntilSent(app, clock, 30);

    expect(ticks).toBeLessThan(30);
    const limited = app.emulator.calls.filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(6); // the 6 injected, and the emulator's own
    expectExactlyOnce(app, total);
    // Rate limits are not ambiguous: no history had to be read.
    expect(app.emulator.callsTo("conversations.history")).toEqual([]);
  });
});

describe("a 10-minute outage", { timeout: 60_000 }, () => {
  it("when Slack answers 500 to everything for 10 minutes, then prompts wait with a growing backoff and all go out once after recovery", async () => {
    const { app, clock, seeded, total } = await setUp(20, 2);
    const restore = ["chat.postMessage", "conversations.open", "conversations.history"].map(
      (method) => app.emulator.failAlways({ method, kind: "http_500" }),
    );
    // The DM channels of half the owners are cached, so their posts are tried (and fail).
    const members = app.poc.services.repos.members;
    for (const row of members.list(seeded.partnershipId).slice(0, 14)) {
      members.update(seeded.partnershipId, row.id, { dmChannelId: `D${row.slackUserId}` });
    }

    const outageEnds = clock() + 10 * MINUTE;
    let calls = 0;
    while (clock() < outageEnds) {
      const before = app.emulator.calls.length;
      await app.poc.services.tick.run(clock());
      calls += app.emulator.calls.length - before;
      clock.advance(MINUTE);
    }
    expect(allPrompts(app).every((p) => p.state === "pending")).toBe(true);
    // Backoff, not a tight loop: 1, 2, 5 minutes: at most 4 attempts each in 10 minutes.
    expect(Math.max(...allPrompts(app).map((p) => p.attempts))).toBeLessThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(total * 4 * 2);
    expect(allPrompts(app).some((p) => p.lastError === "uncertain:http_500")).toBe(true);
    expect(promptPosts(app.emulator).size).toBe(0);

    for (const remove of restore) remove();
    const ticks = await tickUntilSent(app, clock, 40);

    expect(ticks).toBeLessThan(40);
    expectExactlyOnce(app, total);
  });
});

describe("a post Slack made while the app never heard back", { timeout: 60_000 }, () => {
  it("when the answer to chat.postMessage is lost (502 after the post), then the next attempt finds the message in the DM and does not post again", async () => {
    const { app, clock, total } = await setUp(6, 1);
    // A proxy in front of the emulator that loses the answer to the first 4 posts.
    let lose = 4;
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const headers: Record<string, string> = {};
        for (const name of ["content-type", "authorization"]) {
          const value = req.headers[name];
          if (typeof value === "string") headers[name] = value;
        }
        const answer = await fetch(`${app.emulator.origin}${req.url}`, {
          method: req.method ?? "POST",
          headers,
          body: Buffer.concat(chunks),
        });
        const body = await answer.text();
        if (req.url?.endsWith("/chat.postMessage") && lose > 0) {
          lose -= 1;
          res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
          return;
        }
        res.writeHead(answer.status, { "content-type": "application/json" }).end(body);
      });
    });
    await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as AddressInfo;
    extra = await restartedApp(app, clock, `http://127.0.0.1:${port}/api/`);

    const first = await extra.services.tick.run(clock());
    expect(first).toMatchObject({ promptsSent: total - 4, promptsRetrying: 4 });
    expect(
      allPrompts(app)
        .filter((p) => p.state === "pending")
        .map((p) => p.lastError),
    ).toEqual(Array(4).fill("uncertain:http_502"));
    const ticks = await tickUntilSent(
      app,
      clock,
      5,
      (now) => extra?.services.tick.run(now) ?? Promise.resolve(),
    );

    expect(ticks).toBeLessThan(5);
    expect(app.emulator.callsTo("conversations.history").length).toBe(4);
    expectExactlyOnce(app, total);
  });
});
