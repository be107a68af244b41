import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUBCOMMANDS } from "../../src/slack/subcommands.js";
import { CHANNEL_ID, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";

const CONTRACT_SUBCOMMANDS = [
  "setup",
  "org",
  "member",
  "objective",
  "commit",
  "checkin",
  "mine",
  "status",
  "blockers",
  "digest",
  "agenda",
  "export",
  "away",
  "settings",
];

interface Reply {
  response_type?: string;
  text?: string;
  blocks?: { type: string; text?: { text: string } }[];
}

function allText(reply: Reply): string {
  return (reply.blocks ?? []).map((b) => b.text?.text ?? "").join("\n");
}

describe("the app over signed HTTP, against the Slack emulator", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    t.emulator.reset();
  });

  const command = (text: string, options = {}) =>
    t.slack.command({ team_id: TEAM_ID, channel_id: CHANNEL_ID, user_id: "U0PART", text }, options);

  it("when a correctly signed /poc help arrives, then it answers 200 with an ephemeral list of every subcommand", async () => {
    const reply = await command("help");
    expect(reply.status).toBe(200);
    const body = reply.json as Reply;
    expect(body.response_type).toBe("ephemeral");
    const text = allText(body);
    for (const name of CONTRACT_SUBCOMMANDS) expect(text).toContain(`/poc ${name}`);
    const names = SUBCOMMANDS.map((s) => s.name);
    expect(names.filter((n) => n !== "blocker" && n !== "decision")).toEqual([
      ...CONTRACT_SUBCOMMANDS,
      "help",
    ]);
  });

  it("when /poc arrives with no text (or only spaces), then it answers with the same help", async () => {
    const help = (await command("help")).json;
    expect((await command("")).json).toEqual(help);
    expect((await command("   ")).json).toEqual(help);
    expect((await command("HELP")).json).toEqual(help);
  });

  it("when the subcommand is unknown, then it says so and shows the help", async () => {
    const reply = await command("frobnicate now");
    const body = reply.json as Reply;
    expect(body.response_type).toBe("ephemeral");
    expect(allText(body)).toContain("Unknown command `/poc frobnicate`");
    expect(allText(body)).toContain("/poc setup");
  });

  it("when the unknown subcommand is hostile text, then it is escaped: no ping, no forged link", async () => {
    const reply = await command("<!channel>&<http://evil.example|click>");
    const body = reply.json as Reply;
    const text = `${allText(body)}\n${body.text}`;
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<http://evil.example|click>");
    expect(text).toContain("&lt;!channel&gt;&amp;&lt;http://evil.example|click&gt;");
  });

  it("when the command text is longer than Slack allows, then it is refused and nothing happens", async () => {
    const reply = await command(`org add ${"x".repeat(4100)}`);
    expect((reply.json as Reply).text).toMatch(/longer than 4000 characters/);
    expect(t.emulator.calls).toEqual([]);
  });

  it("when the signature is forged, then it answers 401 and calls no Web API", async () => {
    const reply = await command("help", { signWith: "not-the-secret" });
    expect(reply.status).toBe(401);
    expect(reply.json).toBeUndefined();
    expect(t.emulator.calls).toEqual([]);
  });

  it("when the timestamp is older than 5 minutes, then it answers 401 and calls no Web API", async () => {
    const reply = await command("help", { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(reply.status).toBe(401);
    expect(t.emulator.calls).toEqual([]);
  });

  it("when a timestamp 4 minutes old is signed correctly, then it is still accepted", async () => {
    const reply = await command("help", { timestamp: Math.floor(Date.now() / 1000) - 240 });
    expect(reply.status).toBe(200);
  });

  it("GET /healthz answers 200 with the database state", async () => {
    const response = await fetch(`${t.appUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "ok" });
  });

  it("when Events API sends url_verification, then the challenge is answered", async () => {
    const reply = await t.slack.event({
      type: "url_verification",
      challenge: "abc123",
      token: "x",
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("abc123");
  });
});
