/**
 * PocApp's processEvent is what both receivers call, so what it does is what Socket Mode does:
 * one ack for a request no listener answers, a MalformedRequestError (never a TypeError from deep
 * inside Bolt) for a body Slack never sends. (What Socket Mode does with each is in
 * ./socketMode.test.ts.)
 */
import { createServer } from "node:http";
import type { ReceiverEvent } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { SlackDeliverer } from "../../src/emulator/deliver.js";
import { guarded, MalformedRequestError } from "../../src/slack/dispatch.js";
import { SlackHttpReceiver } from "../../src/slack/receiver.js";
import {
  offlinePocApp,
  recordingLogger,
  STATUS_COMMAND,
  slowCommandApp,
} from "../support/requests.js";

function app() {
  const log = recordingLogger();
  return { pocApp: offlinePocApp(log.logger), log };
}

function event(body: unknown) {
  const acks: unknown[] = [];
  const received: ReceiverEvent = {
    body: body as ReceiverEvent["body"],
    ack: async (response?: unknown) => {
      acks.push(response);
    },
  };
  return { received, acks };
}

describe("PocApp.processEvent, shared by HTTP and Socket Mode", () => {
  it("when an envelope's payload is null or not a Slack request, then it throws MalformedRequestError with the reason", async () => {
    const { pocApp } = app();
    for (const body of [null, [], { type: "block_actions", user: null }]) {
      const { received, acks } = event(body);
      await expect(pocApp.processEvent(received)).rejects.toBeInstanceOf(MalformedRequestError);
      expect(acks).toEqual([]);
    }
  });

  it("when a shortcut or an options request has no listener, then it is acked exactly once", async () => {
    const { pocApp, log } = app();
    const shortcut = event({
      type: "shortcut",
      callback_id: "anything",
      trigger_id: "t.1",
      user: { id: "U1" },
      team: { id: "T1" },
    });
    await pocApp.processEvent(shortcut.received);
    expect(shortcut.acks).toEqual([undefined]);
    const options = event({
      type: "block_suggestion",
      action_id: "pick",
      value: "a",
      user: { id: "U1" },
      team: { id: "T1" },
    });
    await pocApp.processEvent(options.received);
    expect(options.acks).toEqual([{ options: [] }]);
    expect(log.lines.filter((l) => l.includes("no listener for"))).toHaveLength(2);
  });

  it("when a listener throws before its ack, then it is logged by name and the person gets the generic answer", async () => {
    const { pocApp, log } = app();
    pocApp.command(
      "/poc",
      guarded("/poc", log.logger, async () => {
        throw new Error("boom");
      }),
    );
    const { received, acks } = event(STATUS_COMMAND);
    await pocApp.processEvent(received);
    expect(acks).toHaveLength(1);
    expect(JSON.stringify(acks[0])).toContain("Something went wrong on our side");
    expect(log.lines.filter((l) => / ERROR .*\/poc failed: Error: boom/.test(l))).toHaveLength(1);
  });

  it("when a middleware before the listeners fails, then the answer is the failure one, not 'no listener'", async () => {
    const { pocApp, log } = app();
    pocApp.use(async () => {
      throw new Error("database is locked");
    });
    const { received, acks } = event(STATUS_COMMAND);
    await pocApp.processEvent(received);
    expect(acks).toHaveLength(1);
    expect(JSON.stringify(acks[0])).toContain("Something went wrong on our side");
    expect(log.lines.filter((l) => l.includes("no listener"))).toEqual([]);
    expect(log.lines.filter((l) => / ERROR .*database is locked/.test(l))).toHaveLength(1);
  });

  it("when a middleware fails on a click, then the click is acked once and the clicker told it failed", async () => {
    const { pocApp } = app();
    pocApp.use(async () => {
      throw new Error("database is locked");
    });
    const posted: string[] = [];
    const sink = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk) => {
        text += chunk;
      });
      req.on("end", () => {
        posted.push(text);
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, resolve));
    try {
      const { port } = sink.address() as { port: number };
      const { received, acks } = event({
        type: "block_actions",
        user: { id: "U1" },
        team: { id: "T1" },
        trigger_id: "t.1",
        response_url: `http://127.0.0.1:${port}/response`,
        actions: [{ type: "button", action_id: "prompt_on_track", value: "1" }],
      });
      await pocApp.processEvent(received);
      expect(acks).toEqual([undefined]);
      expect(posted).toHaveLength(1);
      expect(JSON.parse(posted[0] ?? "{}")).toMatchObject({
        response_type: "ephemeral",
        text: expect.stringContaining("Something went wrong on our side"),
      });
    } finally {
      sink.close();
    }
  });
});

describe("the HTTP receiver, when a listener is slower than Slack waits", () => {
  it("answers 200 at the budget, and the listener's late ack changes nothing and throws nothing", async () => {
    const log = recordingLogger();
    const secret = "slow-secret";
    const receiver = new SlackHttpReceiver({
      signingSecret: secret,
      logger: log.logger,
      processBeforeResponse: false,
      routes: {},
    });
    const lateAck = slowCommandApp(receiver, log.logger);
    const server = await receiver.start(0);
    try {
      const address = server.address() as { port: number };
      const slack = new SlackDeliverer(`http://127.0.0.1:${address.port}`, secret);
      const started = performance.now();
      const answer = await slack.command({ team_id: "T1", channel_id: "C1", user_id: "U1" });
      const ms = performance.now() - started;
      expect(answer.status).toBe(200);
      expect(answer.text).toBe("");
      expect(ms).toBeGreaterThan(2400);
      expect(ms).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(lateAck()).toBe("returned");
      expect(log.lines.filter((l) => / ERROR /.test(l))).toHaveLength(1);
      expect(log.lines.join("\n")).toMatch(/did not answer within 2500 ms/);
    } finally {
      await receiver.stop();
    }
  });
});
