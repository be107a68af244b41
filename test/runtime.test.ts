/**
 * createRuntime: the one wiring of config, database, Slack's Web API and the services that the
 * app, every `poc` command, the demo, the benchmarks and the tests share.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../src/config.js";
import { type Emulator, startEmulator } from "../src/emulator/index.js";
import { silentLogger } from "../src/logger.js";
import { createRuntime, type Runtime } from "../src/runtime.js";
import type { Services } from "../src/services/index.js";
import type { TickSummary } from "../src/services/tick.js";
import { CHANNEL_ID, TEAM_ID } from "./support/app.js";
import { memoryDatabase, tempFolder } from "./support/db.js";
import { stubMessenger } from "./support/messengers.js";
import { seedPartnership } from "./support/seed.js";
import { addCommitment, addMember, DAY, promptIdOf, slotBefore } from "./tick/support.js";

const TOKEN = "xoxb-runtime-test";
const PERSON = { id: "U0PAT", name: "pat", realName: "Pat Partner", tz: "UTC" };
const NOW = Date.parse("2026-12-07T09:30:00Z");

let emulator: Emulator | undefined;
let runtime: Runtime | undefined;

afterEach(async () => {
  runtime?.close();
  runtime = undefined;
  await emulator?.close();
  emulator = undefined;
});

/** One commitment of PERSON's whose check-in fell due 30 minutes before NOW; then a tick. */
async function tickWithOnePromptDue(services: Services): Promise<TickSummary> {
  const seeded = seedPartnership(services);
  const owner = addMember(services, seeded, PERSON.id, { tz: "UTC", fetchedAt: NOW });
  addCommitment(services, seeded, { owner, ...slotBefore(NOW), startedAt: NOW - 2 * DAY });
  return services.tick.run(NOW);
}

async function slackAt(): Promise<Config> {
  emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: TOKEN,
    users: [PERSON],
    channels: [{ id: CHANNEL_ID, name: "partnership" }],
  });
  return loadConfig({
    DATABASE_PATH: ":memory:",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: emulator.url,
  });
}

/** The prompts Slack received (a chat.postMessage carrying a prompt id). */
const prompts = () =>
  (emulator?.calls ?? []).filter(
    (c) => c.method === "chat.postMessage" && promptIdOf(c) !== undefined,
  );

describe("createRuntime", () => {
  it("when the config has no bot token, then nothing reaches Slack and the prompt stays due", async () => {
    runtime = createRuntime(loadConfig({ DATABASE_PATH: ":memory:" }), {
      logger: silentLogger(),
    });
    expect(await runtime.services.directory.user(TEAM_ID, PERSON.id)).toBeNull();
    const summary = await tickWithOnePromptDue(runtime.services);
    expect(summary.promptsSent).toBe(0);
    expect(summary.promptsLeftDue).toBe(1);
  });

  it("when the config has a bot token, then lookups and prompts go to the Web API at SLACK_API_URL", async () => {
    runtime = createRuntime(await slackAt(), {
      logger: silentLogger(),
      retryConfig: { retries: 0 },
    });
    expect(await runtime.services.directory.user(TEAM_ID, PERSON.id)).toMatchObject({
      id: PERSON.id,
    });
    const summary = await tickWithOnePromptDue(runtime.services);
    expect(summary.promptsSent).toBe(1);
    expect(prompts()).toHaveLength(1);
  });

  it("when a messenger is handed in, then the services send through it even with a bot token", async () => {
    const messenger = stubMessenger();
    runtime = createRuntime(await slackAt(), { logger: silentLogger(), messenger });
    const summary = await tickWithOnePromptDue(runtime.services);
    expect(summary.promptsSent).toBe(1);
    expect(messenger.posted()).toBe(1);
    expect(prompts()).toHaveLength(0);
  });

  it("when no database is handed in, then DATABASE_PATH is created and migrated", () => {
    const path = join(tempFolder(), "fresh", "poc.sqlite");
    runtime = createRuntime(loadConfig({ DATABASE_PATH: path }), { logger: silentLogger() });
    expect(existsSync(path)).toBe(true);
    expect(runtime.database.path).toBe(path);
    expect(runtime.database.sqlite.prepare("SELECT COUNT(*) AS n FROM partnerships").get()).toEqual(
      { n: 0 },
    );
  });

  it("when a database is handed in, then the runtime uses it and closes it once", () => {
    const database = memoryDatabase();
    runtime = createRuntime(loadConfig({ DATABASE_PATH: "/nonexistent/never-opened.sqlite" }), {
      database,
      logger: silentLogger(),
    });
    expect(runtime.database).toBe(database);
    runtime.close();
    expect(database.sqlite.open).toBe(false);
    expect(() => runtime?.close()).not.toThrow();
  });

  it("when a clock is handed in, then the services read `now` from it", () => {
    runtime = createRuntime(loadConfig({ DATABASE_PATH: ":memory:" }), {
      logger: silentLogger(),
      clock: () => 42,
    });
    expect(runtime.clock()).toBe(42);
    expect(runtime.services.clock()).toBe(42);
  });
});
