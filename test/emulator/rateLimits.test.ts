/**
 * The emulator's opt-in rate limits: the workspace-wide per-method cap per second (Slack's
 * workspace limit on chat.postMessage), how it combines with the per-channel limit and the
 * per-minute tiers, and the rolling windows themselves checked against a plain model.
 */
import { ErrorCode, type WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { RateLimits } from "../../src/emulator/rateLimits.js";

const TOKEN = "xoxb-emulator";
const T0 = 1_700_000_000_000;

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function setup(rateLimits: EmulatorOptions["rateLimits"]) {
  let now = T0;
  const emulator = await startEmulator({
    users: [1, 2, 3, 4, 5].map((i) => ({ id: `U${i}`, name: `u${i}`, tz: "UTC" })),
    channels: [{ id: "C1", name: "one" }],
    rateLimits,
    clock: () => now,
  });
  started.push(emulator);
  const slack = new WebClient(TOKEN, {
    slackApiUrl: emulator.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  /** Retry-After seconds when the post is rate-limited, else undefined (posted). */
  const post = async (channel: string): Promise<number | undefined> => {
    try {
      await slack.chat.postMessage({ channel, text: "hi" });
      return undefined;
    } catch (error) {
      expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
      return (error as WebAPIRateLimitedError).retryAfter;
    }
  };
  return {
    emulator,
    slack,
    post,
    at: (ms: number) => {
      now = T0 + ms;
    },
  };
}

describe("a workspace cap per method per second", () => {
  it("limits chat.postMessage across all channels together, over a rolling second", async () => {
    const { emulator, post, at } = await setup({
      postMessagePerChannelPerSecond: 0,
      perMethodPerSecond: { "chat.postMessage": 3 },
    });
    expect(await post("U1")).toBeUndefined();
    at(300);
    expect(await post("U2")).toBeUndefined();
    at(600);
    expect(await post("U3")).toBeUndefined();
    // A fourth channel, never posted to, is over the workspace cap all the same.
    at(700);
    expect(await post("U4")).toBe(1);
    expect(emulator.messages()).toHaveLength(3);
    // The first post leaves the window at 1000 ms: one more gets through, then none until 1300.
    at(1000);
    expect(await post("U4")).toBeUndefined();
    at(1100);
    expect(await post("U5")).toBe(1);
    at(1300);
    expect(await post("U5")).toBeUndefined();
    expect(emulator.messages().map((m) => m.channel)).toEqual(["DU1", "DU2", "DU3", "DU4", "DU5"]);
    const limited = emulator.callsTo("chat.postMessage").filter((c) => c.status === 429);
    expect(limited.map((c) => c.response)).toEqual([
      { ok: false, error: "ratelimited" },
      { ok: false, error: "ratelimited" },
    ]);
  });

  it("applies together with the per-channel limit and leaves other methods alone", async () => {
    const { slack, post, at } = await setup({
      perMethodPerSecond: { "chat.postMessage": 2 },
    });
    expect(await post("C1")).toBeUndefined();
    // The channel's own limit (1 a second) refuses the second post there, using no budget ...
    at(100);
    expect(await post("C1")).toBe(1);
    // ... so the workspace still has room for one more elsewhere.
    at(200);
    expect(await post("U1")).toBeUndefined();
    at(300);
    expect(await post("U2")).toBe(1);
    await expect(slack.conversations.open({ users: "U3" })).resolves.toMatchObject({ ok: true });
  });

  it("combines with a per-minute budget on the same method: the longer wait wins", async () => {
    const { post, at } = await setup({
      postMessagePerChannelPerSecond: 0,
      perMethodPerSecond: { "chat.postMessage": 2 },
      perMethodPerMinute: { "chat.postMessage": 3 },
    });
    expect(await post("U1")).toBeUndefined();
    at(100);
    expect(await post("U2")).toBeUndefined();
    // Only the second is full (calls at 0 and 100): room again at 1000 ms.
    at(200);
    expect(await post("U3")).toBe(1);
    at(1000);
    expect(await post("U3")).toBeUndefined();
    // Both full (calls at 100 and 1000 in the second, three in the minute): the second would
    // have room at 1100 ms, the minute only at 60,000 ms.
    at(1050);
    expect(await post("U4")).toBe(59);
    at(1200);
    expect(await post("U4")).toBe(59);
    at(60_000);
    expect(await post("U4")).toBeUndefined();
  });
});

describe("rolling windows", () => {
  /** The obvious model: keep every admitted call, count those inside the window. */
  function model(limits: { perMethodPerSecond: number; perChannelPerSecond: number }) {
    const byMethod: number[] = [];
    const byChannel = new Map<string, number[]>();
    const wait = (hits: number[], limit: number, now: number) => {
      const recent = hits.filter((t) => t > now - 1000);
      if (recent.length < limit) return undefined;
      return Math.max(1, Math.ceil(((recent[0] as number) + 1000 - now) / 1000));
    };
    return (channel: string, now: number): number | undefined => {
      const own = byChannel.get(channel) ?? [];
      const waits = [
        wait(byMethod, limits.perMethodPerSecond, now),
        wait(own, limits.perChannelPerSecond, now),
      ].filter((w): w is number => w !== undefined);
      if (waits.length > 0) return Math.max(...waits);
      byMethod.push(now);
      own.push(now);
      byChannel.set(channel, own);
      return undefined;
    };
  }

  it("admit and refuse exactly like the model, call for call, with the same Retry-After", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const [perMethodPerSecond, perChannelPerSecond] of [
      [5, 2],
      [50, 1],
      [1, 1],
    ] as const) {
      const limits = new RateLimits({
        postMessagePerChannelPerSecond: perChannelPerSecond,
        perMethodPerSecond: { "chat.postMessage": perMethodPerSecond },
      });
      const expected = model({ perMethodPerSecond, perChannelPerSecond });
      let now = T0;
      let refused = 0;
      for (let i = 0; i < 5000; i += 1) {
        now += Math.floor(random() * 40);
        const channel = `D${Math.floor(random() * 20)}`;
        const answer = limits.admit("chat.postMessage", channel, now);
        expect(answer).toBe(expected(channel, now));
        if (answer !== undefined) refused += 1;
      }
      // The sequence exercised both outcomes.
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(5000);
    }
  });

  it("reset forgets the windows", () => {
    const limits = new RateLimits({ perMethodPerSecond: { "users.info": 1 } });
    expect(limits.admit("users.info", undefined, T0)).toBeUndefined();
    expect(limits.admit("users.info", undefined, T0 + 10)).toBe(1);
    limits.clear();
    expect(limits.admit("users.info", undefined, T0 + 20)).toBeUndefined();
  });
});
