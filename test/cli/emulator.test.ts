import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { SlackDeliverer } from "../../src/emulator/deliver.js";
import { startEmulator } from "../../src/emulator/index.js";
import { mountPersonApi } from "../../src/emulator/personApi.js";
import { BLOCKS } from "../../src/slack/ids.js";
import { unusedPort } from "../support/ports.js";
import { type Running, runProcess } from "../support/process.js";

const root = new URL("../../", import.meta.url).pathname;
const tsx = join(root, "node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "poc-emulator-"));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: string[], env: Record<string, string> = {}): Running {
  const running = runProcess(command, args, env);
  children.push(running.child);
  return running;
}

async function call(url: string, body?: unknown) {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** `poc emulator ...` in-process, for the answers given before it starts listening. */
async function pocExit(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["emulator", ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("npx poc emulator", { timeout: 90_000 }, () => {
  it("when a developer runs the app with the variables it prints, then they can act as the demo's people over its person API", async () => {
    const appPort = await unusedPort();
    const emulator = run("node", [
      "bin/poc.js",
      "emulator",
      "--port",
      "0",
      "--app-url",
      `http://127.0.0.1:${appPort}`,
    ]);
    const [, origin] = await emulator.waitFor(/^Slack emulator at (http:\/\/\S+) /m);
    const [, first, second] = await emulator.waitFor(
      /^ {2}(SLACK_API_URL=.*) \\\n {2}(PORT=\d+ DATABASE_PATH=\S+) npm start$/m,
    );
    const env = Object.fromEntries(
      `${first} ${second}`.split(" ").map((pair) => pair.split("=") as [string, string]),
    );
    expect(env).toMatchObject({
      SLACK_API_URL: `${origin}/api/`,
      SLACK_BOT_TOKEN: expect.stringMatching(/^xoxb-/),
      SLACK_SIGNING_SECRET: expect.stringMatching(/^[0-9a-f]{32}$/),
      PORT: String(appPort),
    });
    const people = await emulator.waitFor(/^People:\n((?: {2}U0\w+ .*\n)+)/m);
    expect(people[1]).toContain("U0AMARA  Amara Okafor");
    await emulator.waitFor(/^Channel: C0WATER #water-partnership/m);

    // Before the app runs, the person API says it cannot reach it.
    const early = await call(`${origin}/person/U0AMARA/command`, { text: "help" });
    expect(early.status).toBe(502);
    expect(early.json).toMatchObject({ ok: false, error: "app_unreachable" });

    const app = run(tsx, ["src/main.ts"], {
      ...env,
      DATABASE_PATH: join(dir, "emulator.sqlite"),
      SCHEDULER: "off",
    });
    await app.waitFor(/POC ready \(HTTP on port \d+/);

    const help = await call(`${origin}/person/U0AMARA/command`, {
      channel: "C0WATER",
      text: "help",
    });
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json)).toContain("/poc setup");

    await call(`${origin}/person/U0AMARA/command`, { text: "setup" });
    const modal = await call(`${origin}/person/U0AMARA/modal`);
    expect(modal.json.view).toMatchObject({ callback_id: "poc_setup" });
    const submitted = await call(`${origin}/person/U0AMARA/submit`, {
      values: {
        [BLOCKS.setup.name]: { text: "Clean Water Compact" },
        [BLOCKS.setup.purpose]: { text: "Safe water for the east valley" },
        [BLOCKS.setup.timeZone]: { text: "Africa/Lagos" },
        [BLOCKS.setup.digestWeekday]: { option: "1" },
        [BLOCKS.setup.digestTime]: { time: "09:00" },
      },
    });
    expect(submitted).toEqual({ status: 200, json: { status: 200 } });

    const org = await call(`${origin}/person/U0AMARA/command`, {
      text: "org add Ministry of Water government",
    });
    expect(JSON.stringify(org.json)).toContain("Ministry of Water");
    const list = await call(`${origin}/person/U0AMARA/command`, { text: "org list" });
    expect(JSON.stringify(list.json)).toContain("Ministry of Water");
    // Each person is themselves: Lena is not a member yet.
    const outsider = await call(`${origin}/person/U0LENA/command`, { text: "org list" });
    expect(JSON.stringify(outsider.json)).toContain("You are not a member of this partnership");

    expect((await call(`${origin}/person/U0AMARA/home`, {})).json).toEqual({ status: 200 });
    const home = await call(`${origin}/person/U0AMARA/home`);
    expect(JSON.stringify(home.json.view)).toContain("Clean Water Compact");

    const messages = await call(`${origin}/messages?channel=C0WATER`);
    expect(messages.json).toMatchObject({ ok: true, messages: expect.any(Array) });

    // Wrong person, message, button or body: a clear 4xx, nothing sent to the app.
    const nobody = await call(`${origin}/person/U0NOBODY/command`, { text: "help" });
    expect(nobody.status).toBe(404);
    expect(nobody.json.message).toMatch(/no person "U0NOBODY"; the people are U0AMARA/);
    const noMessage = await call(`${origin}/person/U0AMARA/click`, {
      ts: "1.000001",
      action_id: "x",
    });
    expect(noMessage).toMatchObject({ status: 404, json: { error: "message_not_found" } });
    const badJson = await call(`${origin}/person/U0AMARA/command`, "{not json");
    expect(badJson).toMatchObject({ status: 400, json: { error: "invalid_json" } });
    const noRoute = await call(`${origin}/person/U0AMARA/dance`, {});
    expect(noRoute.status).toBe(404);
    const posted = (await (
      await fetch(`${origin}/api/chat.postMessage`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${env.SLACK_BOT_TOKEN}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          channel: "C0WATER",
          text: "A message with a button",
          blocks: [
            {
              type: "actions",
              elements: [
                {
                  type: "button",
                  action_id: "some_button",
                  text: { type: "plain_text", text: "Go" },
                },
              ],
            },
          ],
        }),
      })
    ).json()) as { ts: string };
    const listed = await call(`${origin}/messages?channel=C0WATER`);
    expect(listed.json.messages).toContainEqual(
      expect.objectContaining({ ts: posted.ts, actions: ["some_button"] }),
    );
    const noButton = await call(`${origin}/person/U0AMARA/click`, {
      ts: posted.ts,
      action_id: "x",
    });
    expect(noButton).toMatchObject({ status: 400, json: { error: "action_not_found" } });
    expect(noButton.json.message).toContain("it has some_button");
    // A modal is a person's own: Lena has none to see or submit, though Amara had one.
    expect((await call(`${origin}/person/U0LENA/modal`)).json).toEqual({ ok: true, view: null });
    const notHers = await call(`${origin}/person/U0LENA/submit`, { values: {} });
    expect(notHers).toMatchObject({ status: 409, json: { error: "no_modal" } });
    await call(`${origin}/person/U0AMARA/command`, { text: "setup" });
    for (const values of [{ x: null }, { x: 5 }, { x: { options: "a" } }, []]) {
      const bad = await call(`${origin}/person/U0AMARA/submit`, { values });
      expect(bad).toMatchObject({ status: 400, json: { error: "invalid_arguments" } });
    }
    const huge = await call(`${origin}/person/U0AMARA/command`, { text: "x".repeat(300_000) });
    expect(huge).toMatchObject({ status: 413, json: { error: "body_too_large" } });
    const badPath = await fetch(`${origin}/person/%E0%A4/modal`);
    expect(badPath.status).toBe(400);

    app.child.kill("SIGTERM");
    expect((await app.exited).code).toBe(0);
    emulator.child.kill("SIGTERM");
    const stopped = await emulator.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain("SIGTERM: stopping the emulator");
  });

  it("when asked for --help, then it prints its usage and exits 0", async () => {
    const { code, stdout } = await pocExit(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: poc emulator \[--port N\] \[--app-url URL\]/);
  });

  it.each([
    [["--port", "http"], /--port expects a port number from 0 to 65535 \(got "http"\)/],
    [["--app-url", "localhost"], /--app-url expects the app's http:\/\/host:port/],
    [["--app-url", "https://127.0.0.1:3000"], /--app-url expects the app's http:\/\/host:port/],
    [
      ["--app-url", "http://127.0.0.1:3000/slack/events"],
      /--app-url expects the app's http:\/\/host:port/,
    ],
    [["extra"], /^poc: unexpected argument "extra"$/],
    [["--colour"], /^poc: unknown option "--colour"$/],
  ])("when given %j, then it says what is wrong in one line and exits 2", async (args, message) => {
    const { code, stderr } = await pocExit(args);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toMatch(message);
  });

  it("when its port is taken, then it says so in one line and exits 1", async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const address = holder.address();
    const port = typeof address === "object" && address ? address.port : 1;
    try {
      const { code, stderr } = await pocExit(["--port", String(port)]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`poc: port ${port} is in use: choose another with --port`);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it("when the app was started with another signing secret, then the person API says so instead of passing on its 401", async () => {
    const app = createHttpServer((_req, res) => {
      res.writeHead(401).end();
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    const address = app.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const emulator = await startEmulator({
      users: [{ id: "U0AMARA", name: "amara", tz: "Africa/Lagos" }],
    });
    try {
      mountPersonApi({
        emulator,
        slack: new SlackDeliverer(`http://127.0.0.1:${port}`, "printed-secret"),
        users: [{ id: "U0AMARA", name: "amara", tz: "Africa/Lagos" }],
        teamId: "T0DEMO",
        defaultChannel: "C0WATER",
      });
      const answer = await call(`${emulator.origin}/person/U0AMARA/command`, { text: "help" });
      expect(answer).toMatchObject({ status: 502, json: { error: "app_rejected_signature" } });
      expect(answer.json.message).toContain("SLACK_SIGNING_SECRET this emulator printed");
    } finally {
      await emulator.close();
      await new Promise((r) => app.close(r));
    }
  });
});
