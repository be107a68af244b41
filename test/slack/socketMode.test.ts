/**
 * Socket Mode end to end: the real app's link to the emulator's Socket Mode side. What Slack's
 * side does to a link (asks for a refresh, drops it, falls silent, turns it off, refuses the app
 * token) and what the app must do: reopen it (and how fast, printed), answer /healthz truly, ack
 * every envelope exactly once whatever it holds, and stop for good with one line when it must.
 * The reconnect times printed here are the figures the README quotes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { SocketConnection } from "../../src/emulator/socket.js";
import { OLD_BUTTON } from "../../src/slack/dispatch.js";
import { SlackSocketReceiver } from "../../src/slack/socketReceiver.js";
import { LINK_DISABLED } from "../../src/slack/startup.js";
import { APP_TOKEN, CHANNEL_ID, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import { recordingLogger, STATUS_COMMAND, slowCommandApp } from "../support/requests.js";
import { seedPartnership } from "../support/seed.js";
import { type } from "../support/slack.js";

async function health(t: TestApp): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${t.appUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Milliseconds from `from` until the app's next link (after `previous`) is open. */
async function reopened(t: TestApp, previous: SocketConnection, from: number): Promise<number> {
  const next = await t.emulator.socketMode.waitForConnection({ after: previous.id });
  return next.openedAt - from;
}

function current(t: TestApp): SocketConnection {
  const link = t.emulator.socketMode.current();
  if (link === undefined) throw new Error("no open link");
  return link;
}

describe("the Socket Mode link", () => {
  let t: TestApp;
  let log: ReturnType<typeof recordingLogger>;
  let fatal: string[];
  let rejections: unknown[];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeEach(async () => {
    log = recordingLogger();
    fatal = [];
    rejections = [];
    process.on("unhandledRejection", onRejection);
    t = await startTestApp({
      mode: "socket",
      logger: log.logger,
      onFatal: (message) => fatal.push(message),
      socketTiming: { downGraceMs: 1500 },
    });
    seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
    process.off("unhandledRejection", onRejection);
    expect(rejections).toEqual([]);
  });

  it("when the app has started, then one link is open and /healthz says connected", async () => {
    expect(t.emulator.socketMode.connections).toHaveLength(1);
    expect(current(t).closedAt).toBeUndefined();
    expect(await health(t)).toEqual({
      status: 200,
      body: { ok: true, database: "ok", slack: "connected" },
    });
    // HTTP's endpoint is not served in Socket Mode: requests come over the link.
    expect((await fetch(`${t.appUrl}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("when Slack asks for a refresh, then a new link opens before the old one closes, and a command sent meanwhile is answered", async () => {
    const old = current(t);
    const asked = Date.now();
    t.emulator.socketMode.disconnect("refresh_requested");
    const answer = await type(t, "U0PART", CHANNEL_ID, "help");
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("what you can type");
    const ms = await reopened(t, old, asked);
    const next = current(t);
    await vi.waitFor(() => expect(old.closedAt).toBeDefined());
    // Make before break: the new link was open before the app closed the old one.
    expect(next.openedAt).toBeLessThanOrEqual(old.closedAt ?? 0);
    expect(old.closedBy).toBe("app");
    expect(ms).toBeLessThan(2000);
    console.info(`Socket Mode: new link ${ms} ms after a refresh request`);
    expect((await health(t)).body.slack).toBe("connected");
    expect(fatal).toEqual([]);
  });

  it("when the link is dropped, then it is reopened at once, /healthz says reconnecting meanwhile, and commands work again", async () => {
    const old = current(t);
    const dropped = Date.now();
    t.emulator.socketMode.drop();
    const during = await health(t);
    const ms = await reopened(t, old, dropped);
    if (during.body.slack === "reconnecting") {
      expect(during.status).toBe(200);
      expect(Date.parse(String(during.body.since))).toBeGreaterThanOrEqual(dropped - 1000);
    } else expect(during.body.slack).toBe("connected");
    console.info(`Socket Mode: new link ${ms} ms after the link was dropped`);
    expect(ms).toBeLessThan(2000);
    expect((await type(t, "U0PART", CHANNEL_ID, "help")).status).toBe(200);
    expect(log.lines.filter((l) => /link was lost/.test(l))).toHaveLength(1);
    await vi.waitFor(() => expect(log.lines.join("\n")).toMatch(/link is back after \d+ ms/));
  });

  it("when the link falls silent, then the app notices by its pings, cuts it and opens a new one", async () => {
    const old = current(t);
    const silenced = Date.now();
    t.emulator.socketMode.silence();
    const next = await t.emulator.socketMode.waitForConnection({
      after: old.id,
      timeoutMs: 15_000,
    });
    const ms = next.openedAt - silenced;
    console.info(`Socket Mode: new link ${ms} ms after the link fell silent`);
    // A ping every second, cut after 3 s without its pong.
    expect(ms).toBeGreaterThanOrEqual(2500);
    expect(ms).toBeLessThan(6000);
    expect(log.lines.join("\n")).toMatch(/went silent/);
    expect((await type(t, "U0PART", CHANNEL_ID, "help")).status).toBe(200);
  }, 20_000);

  it("when Slack refuses new links for longer than the grace, then /healthz answers 503 with since, and 200 once the link is back", async () => {
    const old = current(t);
    const restore = t.emulator.failAlways({ method: "apps.connections.open", kind: "http_500" });
    t.emulator.socketMode.drop();
    await vi.waitFor(async () => expect((await health(t)).status).toBe(503), {
      timeout: 5000,
      interval: 100,
    });
    const down = await health(t);
    expect(down.body).toMatchObject({ ok: false, database: "ok", slack: "reconnecting" });
    expect(Date.now() - Date.parse(String(down.body.since))).toBeGreaterThanOrEqual(1500);
    // Said once, not once per try.
    expect(log.lines.filter((l) => / WARN .*could not be reopened/.test(l))).toHaveLength(1);
    restore();
    await t.emulator.socketMode.waitForConnection({ after: old.id, timeoutMs: 10_000 });
    await vi.waitFor(async () => expect((await health(t)).status).toBe(200));
    expect(fatal).toEqual([]);
  }, 20_000);

  it("when Slack turns the link off (link_disabled), then the app stops reconnecting and says why once", async () => {
    t.emulator.socketMode.disconnect("link_disabled");
    await vi.waitFor(() => expect(fatal).toEqual([LINK_DISABLED]));
    await t.emulator.socketMode.waitForNoConnection();
    const opens = t.emulator.callsTo("apps.connections.open").length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.emulator.callsTo("apps.connections.open")).toHaveLength(opens);
    expect(t.emulator.socketMode.connections).toHaveLength(1);
    expect(await health(t)).toMatchObject({ status: 503, body: { slack: "stopped" } });
  });

  it("when the app token is revoked while running, then reopening stops at the refusal with one line naming SLACK_APP_TOKEN", async () => {
    t.emulator.socketMode.revokeAppToken();
    t.emulator.socketMode.drop();
    await vi.waitFor(() => expect(fatal).toHaveLength(1));
    expect(fatal[0]).toMatch(
      /^Slack rejected SLACK_APP_TOKEN \(token_revoked\): .*Basic Information > App-Level Tokens/,
    );
    const opens = t.emulator.callsTo("apps.connections.open").length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.emulator.callsTo("apps.connections.open")).toHaveLength(opens);
    expect(fatal).toHaveLength(1);
  });

  describe("every envelope is acked exactly once, whatever it holds", () => {
    const ackedOnce = (envelopeId: string) =>
      expect(t.emulator.socketMode.acks.filter((a) => a.envelopeId === envelopeId)).toHaveLength(1);

    it("an events_api envelope whose payload is null: acked, logged at warn, no unhandled rejection", async () => {
      const delivered = await t.emulator.socketMode.deliver("events_api", null);
      expect(delivered.ack?.payload).toEqual({});
      ackedOnce(delivered.envelopeId);
      expect(log.lines.join("\n")).toMatch(/WARN .*malformed events_api envelope was acked/);
    });

    it("an envelope of a type the app does not handle: acked at once", async () => {
      const ack = await t.emulator.socketMode.sendRaw(
        JSON.stringify({ envelope_id: "E-unknown", type: "future_thing", payload: { a: 1 } }),
      );
      expect(ack?.payload).toEqual({});
      ackedOnce("E-unknown");
      expect(log.lines.join("\n")).toMatch(/type the app does not handle \("future_thing"\)/);
    });

    it("a click on a button no listener knows: acked, and the clicker told it is an old button", async () => {
      const delivered = await t.emulator.socketMode.deliver("interactive", {
        type: "block_actions",
        team: { id: TEAM_ID, domain: "workspace" },
        user: { id: "U0PART", team_id: TEAM_ID, name: "part" },
        api_app_id: "A0POC",
        trigger_id: t.emulator.triggerId("U0PART"),
        container: { type: "message", message_ts: "1.000001", channel_id: CHANNEL_ID },
        channel: { id: CHANNEL_ID, name: "partnership" },
        response_url: t.emulator.responseUrl(),
        actions: [
          {
            type: "button",
            action_id: "poc_gone_button",
            block_id: "b",
            value: "1",
            action_ts: "1",
          },
        ],
      });
      ackedOnce(delivered.envelopeId);
      await vi.waitFor(() =>
        expect(t.emulator.responses.map((r) => (r.body as { text?: string }).text)).toContain(
          OLD_BUTTON,
        ),
      );
    });

    it("messages that are not JSON objects or have no envelope_id: ignored, and the link stays", async () => {
      const before = current(t);
      await t.emulator.socketMode.sendRaw("not json");
      await t.emulator.socketMode.sendRaw("null");
      await t.emulator.socketMode.sendRaw(JSON.stringify({ type: "slash_commands" }));
      expect((await type(t, "U0PART", CHANNEL_ID, "help")).status).toBe(200);
      expect(current(t).id).toBe(before.id);
      expect(log.lines.filter((l) => /was ignored/.test(l))).toHaveLength(3);
    });

    it("a redelivered event (retry_attempt 1): acked, and not handled again", async () => {
      const event = {
        type: "event_callback",
        team_id: TEAM_ID,
        api_app_id: "A0POC",
        event_id: "Ev0SOCKRETRY",
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "app_home_opened", user: "U0PART", channel: "D0PART", tab: "home" },
      };
      const first = await t.slack.event(event);
      const retry = await t.slack.event(event, { retryNum: 1, retryReason: "timeout" });
      expect([first.status, retry.status]).toEqual([200, 200]);
      await vi.waitFor(() => expect(t.emulator.callsTo("views.publish")).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(t.emulator.callsTo("views.publish")).toHaveLength(1);
      expect(t.emulator.socketMode.pending()).toEqual([]);
    });
  });
});

describe("the Socket Mode receiver, when a listener is slower than Slack waits", () => {
  it("acks at the budget, and the listener's late ack sends nothing more", async () => {
    const emulator = await startEmulator({ appToken: APP_TOKEN });
    const log = recordingLogger();
    const receiver = new SlackSocketReceiver({
      link: {
        appToken: APP_TOKEN,
        clientOptions: { slackApiUrl: emulator.url },
        onFatal: () => {},
      },
      logger: log.logger,
      processBeforeResponse: false,
      routes: {},
    });
    const lateAck = slowCommandApp(receiver, log.logger);
    await receiver.start(0);
    try {
      const delivered = await emulator.socketMode.deliver("slash_commands", STATUS_COMMAND);
      expect(delivered.ack?.payload).toEqual({});
      expect(delivered.ack?.ms).toBeGreaterThan(2400);
      expect(delivered.ack?.ms).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(lateAck()).toBe("returned");
      expect(emulator.socketMode.acks).toHaveLength(1);
      expect(log.lines.join("\n")).toMatch(/did not answer within 2500 ms/);
    } finally {
      await receiver.stop();
      await emulator.close();
    }
  });
});
