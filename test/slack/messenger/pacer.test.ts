/**
 * The posting pacer on a clock the test moves: unpaced until 429s show the workspace cap, then
 * at most n - 1 posts in any second, each token back a second after its post was answered; what
 * does not teach it (a lone 429, the per-channel limit, a 429 in a lull, 429s while paced); and the pace
 * forgotten after PACE_TTL_MS.
 */
import { describe, expect, it } from "vitest";
import {
  createPostPacer,
  MARGIN_MS,
  PACE_TTL_MS,
  type PacerClock,
  SETTLE_MS,
  type Turn,
  WINDOW_MS,
} from "../../../src/slack/messenger/pacer.js";

interface FakeClock extends PacerClock {
  advance(ms: number): Promise<void>;
}

/** `early`: timers fire this much before they are due, as Node's may against performance.now(). */
function fakeClock(early = 0): FakeClock {
  let now = 1_000;
  let timers: Array<{ at: number; run: () => void }> = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    later(ms, run) {
      timers.push({ at: now + ms, run });
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = Math.max(now, due.at - early);
        due.run();
      }
      now = end;
      await settle();
    },
  };
}

/** Starts `count` posts; returns the turns granted so far (in order) as they come. */
function ask(pacer: ReturnType<typeof createPostPacer>, count: number): Turn[] {
  const granted: Turn[] = [];
  for (let i = 0; i < count; i += 1) void pacer.acquire().then((turn) => granted.push(turn));
  return granted;
}

/** `count` posts, each to its own channel, started and answered 10 ms apart. */
async function postMany(
  clock: FakeClock,
  pacer: ReturnType<typeof createPostPacer>,
  count: number,
) {
  for (let i = 0; i < count; i += 1) {
    const turn = await pacer.acquire();
    turn.succeeded(`D${i}`);
    turn.end();
    await clock.advance(10);
  }
}

describe("the posting pacer", () => {
  it("when nothing was refused, then posts start at once, as many as asked", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    const granted = ask(pacer, 50);
    await clock.advance(0);
    expect(granted).toHaveLength(50);
    expect(pacer.pace()).toBeUndefined();
  });

  it("when the cap refuses a post, then posts wait out its Retry-After, and then no more start in any second than the n - 1 it learned", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    await postMany(clock, pacer, 10); // 10 in the last 100 ms: the cap is 10 a second
    pacer.limited("D99", 1);
    pacer.limited("D98", 1); // every post in flight is refused
    const refusedAt = clock.now();
    expect(pacer.pace()).toBeUndefined(); // weighed a moment later
    // 20 posts asked meanwhile: the client's queue is paused, so they wait here.
    const starts: number[] = [];
    const granted: Turn[] = [];
    for (let i = 0; i < 20; i += 1) {
      void pacer.acquire().then((turn) => {
        starts.push(clock.now());
        granted.push(turn);
      });
    }
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBe(9);
    expect(granted).toHaveLength(0);
    // The pause is over: 9 go, the rest wait for tokens.
    await clock.advance(1000 - SETTLE_MS);
    expect(granted).toHaveLength(9);
    expect(starts).toEqual(Array(9).fill(refusedAt + 1000));
    // Answered 50 ms later: their tokens come back a second (plus the margin) after that.
    await clock.advance(50);
    for (const turn of granted.splice(0)) turn.end();
    await clock.advance(WINDOW_MS + MARGIN_MS - 1);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted).toHaveLength(9);
    expect(starts.slice(9, 18)).toEqual(
      Array(9).fill(refusedAt + 1000 + 50 + WINDOW_MS + MARGIN_MS),
    );
    for (const turn of granted.splice(0)) turn.end();
    await clock.advance(WINDOW_MS + MARGIN_MS);
    expect(granted).toHaveLength(2);
    // Never more than 9 starts in any second.
    for (const at of starts) {
      expect(starts.filter((s) => s > at - WINDOW_MS && s <= at).length).toBeLessThanOrEqual(9);
    }
  });

  it("when a lone post is refused, then it is not the cap (which refuses every post in flight) and teaches nothing", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    await postMany(clock, pacer, 10);
    pacer.limited("D99", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBeUndefined();
    // Two refusals further apart than SETTLE_MS are two lone ones.
    await clock.advance(2 * WINDOW_MS);
    await postMany(clock, pacer, 10);
    pacer.limited("D98", 1);
    await clock.advance(SETTLE_MS + 1);
    pacer.limited("D97", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBeUndefined();
  });

  it("when a post is refused in a channel that had a post in the last second, then it is the per-channel limit and teaches nothing", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    await postMany(clock, pacer, 10);
    pacer.limited("D3", 1);
    pacer.limited("D4", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBeUndefined();
  });

  it("when a post is refused in a lull (few posts in the last second against the spell's peak), then it teaches nothing", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    await postMany(clock, pacer, 20); // a peak of 20 in a second
    await clock.advance(2 * WINDOW_MS);
    await postMany(clock, pacer, 3);
    pacer.limited("D99", 1);
    pacer.limited("D98", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBeUndefined();
    // Near the peak again, a refusal does teach.
    await clock.advance(3 * WINDOW_MS);
    await postMany(clock, pacer, 19);
    pacer.limited("D97", 1);
    pacer.limited("D96", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBe(18);
  });

  it("when paced, then refusals teach nothing; the pace is forgotten after its time and waiting posts go", async () => {
    const clock = fakeClock();
    const pacer = createPostPacer(clock);
    await postMany(clock, pacer, 4);
    pacer.limited("D99", 1);
    pacer.limited("D97", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBe(3);
    await clock.advance(1000);
    await postMany(clock, pacer, 2);
    pacer.limited("D98", 1);
    pacer.limited("D96", 1);
    await clock.advance(SETTLE_MS);
    expect(pacer.pace()).toBe(3);
    await clock.advance(1000);

    // Hold every token, so later posts wait, until the pace expires.
    const held = ask(pacer, 3);
    await clock.advance(0);
    const waiting = ask(pacer, 5);
    await clock.advance(PACE_TTL_MS - 3 * SETTLE_MS);
    expect(waiting).toHaveLength(0);
    await clock.advance(3 * SETTLE_MS);
    expect(pacer.pace()).toBeUndefined();
    const more = ask(pacer, 1); // a post after the expiry frees the queue
    await clock.advance(0);
    expect(waiting).toHaveLength(5);
    expect(more).toHaveLength(1);
    expect(held).toHaveLength(3);
  });

  it("when Slack answers 429 with Retry-After, then posts asked for during the pause start when it ends, even if the timer fires a little early", async () => {
    const clock = fakeClock(0.5);
    const pacer = createPostPacer(clock);
    pacer.limited("D1", 2);
    const granted = ask(pacer, 3);
    await clock.advance(1999);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted).toHaveLength(3);
    expect(pacer.pace()).toBeUndefined(); // nothing had succeeded: nothing to learn
  });
});
