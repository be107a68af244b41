import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/emulator/index.js";

const root = new URL("../", import.meta.url);
const tsx = new URL("node_modules/.bin/tsx", root).pathname;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start` runs `tsx src/main.ts`: the same command, with only the given environment. */
function start(env: Record<string, string>): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: root.pathname,
    env: { PATH: process.env.PATH ?? "", TZ: "America/Los_Angeles", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exited };
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (d: Buffer) => {
      seen += d.toString();
      const match = seen.match(pattern);
      if (match) {
        child.stderr?.off("data", onData);
        resolve(match);
      }
    };
    child.stderr?.on("data", onData);
    child.on("exit", () => reject(new Error(`exited before ${pattern}: ${seen}`)));
  });
}

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === "object" && address ? address.port : 1;
}

const nonEmptyLines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("npm start (src/main.ts) as a real process", { timeout: 60_000 }, () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ botToken: "xoxb-good-token", teamId: "T0MAIN" });
    dir = mkdtempSync(join(tmpdir(), "poc-main-"));
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

  it("when Slack cannot be reached, then it prints one line naming SLACK_API_URL and exits 1", async () => {
    const port = await closedPort();
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
    const { child, exited } = start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_SIGNING_SECRET: "abcdefgh12345678",
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: join(dir, "running.sqlite"),
      PORT: "0",
      SCHEDULER: "on",
    });
    const [, port] = await waitForOutput(child, /HTTP on port (\d+)/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    child.kill("SIGTERM");
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain("SIGTERM: stopping");
    expect(stderr).not.toMatch(/unhandled|Error:/i);
  });
});
