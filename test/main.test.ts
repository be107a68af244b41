import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/emulator/index.js";
import { LINK_DISABLED } from "../src/slack/startup.js";
import { unusedPort } from "./support/ports.js";
import { type Running, runProcess } from "./support/process.js";
import { build, startCommand } from "./support/startCommand.js";

/**
 * `npm start` builds into dist/ and runs `node <flags> dist/src/main.js`: the same command, with
 * only the given environment (the build runs once, in beforeAll).
 */
function start(env: Record<string, string>): Running {
  const { nodeFlags, entry } = startCommand();
  return runProcess(process.execPath, [...nodeFlags, entry], { TZ: "America/Los_Angeles", ...env });
}

const nonEmptyLines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("npm start (the build of src/main.ts) as a real process", { timeout: 60_000 }, () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    build();
    emulator = await startEmulator({ botToken: "xoxb-good-token", teamId: "T0MAIN" });
    dir = mkdtempSync(join(tmpdir(), "poc-main-"));
  }, 120_000);

  it("runs the compiled app under plain node, with GC settings but no cap on the heap", () => {
    const { nodeFlags, entry } = startCommand();
    expect(entry).toBe("dist/src/main.js");
    expect(existsSync(new URL(`../${entry}`, import.meta.url))).toBe(true);
    // tsx's loader would run in the process (a second V8 isolate, about 33 MB).
    expect(nodeFlags.join(" ")).not.toMatch(/--import|--loader|tsx/);
    // A cap on the old generation would crash a big export instead of growing the heap.
    expect(nodeFlags.join(" ")).not.toMatch(/--max-old-space-size|--max-heap-size/);
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when no variables are set, then it prints one line naming SLACK_BOT_TOKEN and exits 1", async () => {
    const { code, stderr, stdout } = await start({}).exited;
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(nonEmptyLines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^poc: SLACK_BOT_TOKEN: is required/);
  });

  it("when a variable is malformed, then the one line names that variable", async () => {
    const { code, stderr } = await start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_SIGNING_SECRET: "abcdefgh12345678",
      PORT: "http",
    }).exited;
    expect(code).toBe(1);
    expect(nonEmptyLines(stderr)).toEqual(["poc: PORT: expected a port number from 0 to 65535"]);
  });

  it("when Slack rejects the token, then it prints one clear line and exits 1 (no unhandled rejection)", async () => {
    const { code, stderr } = await start({
      SLACK_BOT_TOKEN: "xoxb-wrong-token",
      SLACK_SIGNING_SECRET: "abcdefgh12345678",
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: join(dir, "bad-token.sqlite"),
      PORT: "0",
    }).exited;
    expect(code).toBe(1);
    expect(nonEmptyLines(stderr)).toEqual([
      "poc: Slack rejected SLACK_BOT_TOKEN (invalid_auth): check the bot token under OAuth & Permissions",
    ]);
  });

  it("when Slack rejects SLACK_APP_TOKEN in Socket Mode, then it prints one line naming it and the fix, and exits 1", async () => {
    const { code, stderr, stdout } = await start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_APP_TOKEN: "xapp-1-wrong",
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: join(dir, "bad-app-token.sqlite"),
    }).exited;
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(nonEmptyLines(stderr)).toEqual([
      "poc: Slack rejected SLACK_APP_TOKEN (invalid_auth): generate an app-level token with the connections:write scope under Basic Information > App-Level Tokens (or leave SLACK_APP_TOKEN unset for HTTP mode)",
    ]);
  });

  it("when SLACK_APP_TOKEN lacks connections:write, then it says so in one line and exits 1 instead of retrying for ever", async () => {
    const unscoped = await startEmulator({
      botToken: "xoxb-good-token",
      appToken: "xapp-1-no-scope",
      appTokenScopes: ["authorizations:read"],
    });
    try {
      const { code, stderr } = await start({
        SLACK_BOT_TOKEN: "xoxb-good-token",
        SLACK_APP_TOKEN: "xapp-1-no-scope",
        SLACK_API_URL: unscoped.url,
        DATABASE_PATH: join(dir, "unscoped-app-token.sqlite"),
      }).exited;
      expect(code).toBe(1);
      expect(nonEmptyLines(stderr)).toEqual([
        "poc: SLACK_APP_TOKEN lacks the connections:write scope (missing_scope): generate an app-level token with the connections:write scope under Basic Information > App-Level Tokens (or leave SLACK_APP_TOKEN unset for HTTP mode)",
      ]);
      expect(unscoped.callsTo("apps.connections.open")).toHaveLength(1);
    } finally {
      await unscoped.close();
    }
  });

  /** `npm start` in Socket Mode against its own emulator; both are ended after `run`. */
  async function inSocketMode(
    database: string,
    run: (socketEmulator: Emulator, running: Running) => Promise<void>,
  ): Promise<void> {
    const socketEmulator = await startEmulator({
      botToken: "xoxb-good-token",
      appToken: "xapp-1-good",
    });
    const running = start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_APP_TOKEN: "xapp-1-good",
      SLACK_API_URL: socketEmulator.url,
      DATABASE_PATH: join(dir, database),
      PORT: "0",
    });
    try {
      await run(socketEmulator, running);
    } finally {
      running.child.kill("SIGKILL");
      await running.exited;
      await socketEmulator.close();
    }
  }

  it("when it runs in Socket Mode, then it opens its link at SLACK_API_URL, answers a command over it and /healthz on PORT, and stops on SIGTERM", async () => {
    await inSocketMode("socket.sqlite", async (socketEmulator, { child, exited, waitFor }) => {
      const [, port] = await waitFor(/Socket Mode, \/healthz on port (\d+)/);
      // Asked of SLACK_API_URL with the app token (were it sent to slack.com, no link would open).
      expect(socketEmulator.callsTo("apps.connections.open").map((c) => c.token)).toEqual([
        "xapp-1-good",
      ]);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect([health.status, await health.json()]).toEqual([
        200,
        { ok: true, database: "ok", slack: "connected" },
      ]);
      const help = await socketEmulator.socketMode.deliver("slash_commands", {
        command: "/poc",
        text: "help",
        team_id: "T0EMULATOR",
        user_id: "U0ANY",
        channel_id: "C0ANY",
        trigger_id: socketEmulator.triggerId(),
      });
      expect(JSON.stringify(help.ack?.payload)).toContain("what you can type");
      const stopping = Date.now();
      child.kill("SIGTERM");
      const { code, stderr } = await exited;
      console.info(`Socket Mode: stopped ${Date.now() - stopping} ms after SIGTERM`);
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/unhandled|Error:/i);
      expect(socketEmulator.socketMode.connections[0]?.closedBy).toBe("app");
    });
  });

  it("when Slack turns Socket Mode off for the app (link_disabled), then it prints one line saying so and exits 1", async () => {
    await inSocketMode("socket-disabled.sqlite", async (socketEmulator, { exited, waitFor }) => {
      await waitFor(/POC ready/);
      socketEmulator.socketMode.disconnect("link_disabled");
      const { code, stderr } = await exited;
      expect(code).toBe(1);
      expect(nonEmptyLines(stderr).filter((l) => l.startsWith("poc: "))).toEqual([
        `poc: ${LINK_DISABLED}`,
      ]);
      expect(stderr).not.toMatch(/unhandled|Error:/i);
      expect(socketEmulator.callsTo("apps.connections.open")).toHaveLength(1);
    });
  });

  it("when Slack cannot be reached, then it prints one line naming SLACK_API_URL and exits 1", async () => {
    const port = await unusedPort();
    const { code, stderr } = await start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_SIGNING_SECRET: "abcdefgh12345678",
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      DATABASE_PATH: join(dir, "unreachable.sqlite"),
      PORT: "0",
    }).exited;
    expect(code).toBe(1);
    const lines = nonEmptyLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `poc: Cannot reach Slack at http://127.0.0.1:${port}/api/ (SLACK_API_URL): ECONNREFUSED`,
    );
  });

  it("when it runs and gets SIGTERM, then it answers /healthz, stops cleanly and exits 0", async () => {
    const { child, exited, waitFor } = start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_SIGNING_SECRET: "abcdefgh12345678",
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: join(dir, "running.sqlite"),
      PORT: "0",
      SCHEDULER: "on",
    });
    const [, port] = await waitFor(/HTTP on port (\d+)/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    child.kill("SIGTERM");
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain("SIGTERM: stopping");
    expect(stderr).not.toMatch(/unhandled|Error:/i);
  });
});
