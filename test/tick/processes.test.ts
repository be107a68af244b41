/**
 * Real processes: `node bin/poc.js tick --now <ISO>` (what `npx poc tick` runs) against the Slack
 * emulator started here, on a database file prepared here. A process killed with SIGKILL in the
 * middle of 1,000 sends, then restarted; two processes ticking one database at once; and the CLI
 * sending a prompt end to end.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/emulator/index.js";
import {
  prepare as prepareWorld,
  promptRows,
  startTick as start,
  type World,
} from "./processSupport.js";
import { MINUTE, promptIdOf, promptPosts, rejectedPayloads, succeeded } from "./support.js";

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const prepare = (owners: number) => prepareWorld(cleanups, owners);
const startTick = (world: World, at: number) => start(cleanups, world, at);

function expectEachDeliveredOnce(world: World, total: number) {
  const posts = promptPosts(world.emulator);
  expect(posts.size).toBe(total);
  expect([...posts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  const rows = promptRows(world);
  expect(rows).toHaveLength(total);
  expect(rows.filter((p) => p.state !== "sent").map((p) => [p.id, p.state])).toEqual([]);
  const stored = new Map(
    world.emulator
      .messages()
      .filter((m) => m.metadata?.event_type === "poc_prompt")
      .map((m) => [Number(m.metadata?.event_payload.prompt_id), m.ts]),
  );
  expect(stored.size).toBe(total);
  for (const row of rows) expect(row.messageTs).toBe(stored.get(row.id));
  expect(rejectedPayloads(world.emulator)).toEqual([]);
}

describe("a real process", { timeout: 180_000 }, () => {
  it("when killed with SIGKILL in the middle of sending 1,000 due prompts and restarted, then every prompt is delivered exactly once", async () => {
    const world = await prepare(1000);
    const KILL_AT = 400;
    // Kill the child the moment the emulator records its 400th successful prompt post, before
    // the answer is written back: that post and the others in flight are the ambiguous ones.
    const first = startTick(world, world.now);
    let posted = 0;
    const calls = world.emulator.calls;
    const record = calls.push.bind(calls);
    calls.push = (...items: RecordedCall[]) => {
      for (const call of items) {
        if (call.method === "chat.postMessage" && succeeded(call) && promptIdOf(call)) posted += 1;
      }
      if (posted >= KILL_AT && first.child.exitCode === null && !first.child.killed) {
        first.child.kill("SIGKILL");
      }
      return record(...items);
    };
    const killed = await first.exit;
    expect(killed.signal).toBe("SIGKILL");
    const before = promptRows(world);
    expect(before).toHaveLength(1000);
    const inFlight = before.filter((p) => p.state === "sending");
    expect(inFlight.length).toBeGreaterThan(0);
    expect(before.filter((p) => p.state === "sent").length).toBeLessThan(1000);
    const postedBeforeRestart = promptPosts(world.emulator);
    // Some in-flight prompts reached Slack although the dead process never recorded it.
    const unrecorded = inFlight.filter((p) => postedBeforeRestart.has(p.id));
    expect(unrecorded.length).toBeGreaterThan(0);

    // The dead process's lease (5 minutes) has run out by then.
    const second = await startTick(world, world.now + 10 * MINUTE).exit;

    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as Record<string, number>;
    expect(summary.promptsReconciled).toBe(inFlight.length);
    expect(summary.promptsSent).toBe(1000 - before.filter((p) => p.state === "sent").length);
    expectEachDeliveredOnce(world, 1000);
    // Only the prompts the dead process had a DM open for were looked up in history.
    expect(world.emulator.callsTo("conversations.history").length).toBeLessThanOrEqual(
      inFlight.length,
    );
  });

  it("when two processes tick the same database at the same time, then no prompt is sent twice", async () => {
    const world = await prepare(300);

    const [a, b] = await Promise.all([
      startTick(world, world.now).exit,
      startTick(world, world.now).exit,
    ]);

    const codes = [a.code, b.code].sort();
    // One ticks; the other finds the lease held (exit 3), or ticks after it with nothing left.
    expect([
      [0, 3],
      [0, 0],
    ]).toContainEqual(codes);
    const summaries = [a, b]
      .filter((x) => x.code === 0)
      .map((x) => JSON.parse(x.stdout) as Record<string, number>);
    expect(summaries.reduce((sum, s) => sum + (s.promptsSent ?? 0), 0)).toBe(300);
    expectEachDeliveredOnce(world, 300);
  });

  it("when `poc tick --now` runs against Slack, then it sends the due prompt and prints the summary", async () => {
    const world = await prepare(1);

    const run = await startTick(world, world.now).exit;

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      now: world.now,
      ran: true,
      promptsPlanned: 1,
      promptsSent: 1,
    });
    expectEachDeliveredOnce(world, 1);
    const [post] = world.emulator.callsTo("chat.postMessage").filter(succeeded);
    expect(post?.params.channel).toBe("DU800000");
  });
});
