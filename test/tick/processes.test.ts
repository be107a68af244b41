/**
 * Real processes: `node bin/poc.js tick --now <ISO>` (what `npx poc tick` runs) against the Slack
 * emulator started here, on a database file prepared here. A process killed with SIGKILL in the
 * middle of 1,000 sends, then restarted; two processes ticking one database at once; and the CLI
 * sending a prompt end to end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, schema } from "../../src/db/index.js";
import { type Emulator, type RecordedCall, startEmulator } from "../../src/emulator/index.js";
import { silentLogger } from "../../src/logger.js";
import { createServices } from "../../src/services/index.js";
import { BOT_TOKEN, CHANNEL_ID, TEAM_ID, TEST_USERS } from "../support/app.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";
import { seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  addMember,
  DAY,
  MINUTE,
  promptIdOf,
  promptPosts,
  rejectedPayloads,
  slotBefore,
  succeeded,
} from "./support.js";

const root = new URL("../../", import.meta.url).pathname;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface World {
  readonly emulator: Emulator;
  readonly databasePath: string;
  /** The instant the commitments' slots were 30 minutes before. */
  readonly now: number;
}

/** An emulator with `owners` extra people, and a database where each owns one due commitment. */
async function prepare(owners: number): Promise<World> {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const ids = Array.from({ length: owners }, (_, i) => `U8${String(i).padStart(5, "0")}`);
  const emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    validator: createBlockKitValidator(),
    users: [...TEST_USERS, ...ids.map((id) => ({ id, name: id.toLowerCase(), tz: "UTC" }))],
    channels: [{ id: CHANNEL_ID, name: "partnership" }],
  });
  const dir = mkdtempSync(join(tmpdir(), "poc-tick-"));
  cleanups.push(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const databasePath = join(dir, "poc.sqlite");
  const database = openDatabase(databasePath);
  try {
    const services = createServices({ database, logger: silentLogger() });
    const seeded = seedPartnership(services);
    const { weekday, time } = slotBefore(now);
    database.sqlite.transaction(() => {
      for (const id of ids) {
        const member = addMember(services, seeded, id, { tz: "UTC", fetchedAt: now });
        addCommitment(services, seeded, {
          owner: member,
          title: `Commitment of ${id}`,
          weekday,
          time,
          startedAt: now - 2 * DAY,
        });
      }
    })();
  } finally {
    database.close();
  }
  return { emulator, databasePath, now };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `poc tick --now <at>` on the world's database and emulator. */
function startTick(world: World, at: number): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn("node", ["bin/poc.js", "tick", "--now", new Date(at).toISOString()], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_PATH: world.databasePath,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: world.emulator.url,
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<Exit>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return { child, exit };
}

function promptRows(world: World) {
  const database = openDatabase(world.databasePath);
  try {
    return database.db.select().from(schema.prompts).all();
  } finally {
    database.close();
  }
}

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
