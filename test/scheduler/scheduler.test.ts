import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createScheduler } from "../../src/scheduler/index.js";
import type { TickService, TickSummary } from "../../src/services/tick.js";

const summary = (now: number): TickSummary => ({
  now,
  ran: true,
  promptsPlanned: 0,
  promptsSent: 0,
  digestsPosted: 0,
});

describe("the node-cron scheduler", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("when a minute boundary passes, then it ticks once with the clock's time", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T08:59:30Z") });
    const seen: number[] = [];
    const tick: TickService = {
      run: async (now) => {
        seen.push(now);
        return summary(now);
      },
    };
    const scheduler = createScheduler({ tick, clock: () => Date.now(), logger: silentLogger() });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await scheduler.stop();
    expect(seen.map((n) => new Date(n).toISOString().slice(0, 16))).toEqual([
      "2026-11-30T09:00",
      "2026-11-30T09:01",
      "2026-11-30T09:02",
    ]);
  });

  it("when a tick is still running at the next minute, then the next one is skipped (noOverlap)", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T08:59:30Z") });
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const tick: TickService = {
      run: async (now) => {
        calls += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 90_000));
        running -= 1;
        return summary(now);
      },
    };
    const scheduler = createScheduler({ tick, clock: () => Date.now(), logger: silentLogger() });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await scheduler.stop();
    expect(maxRunning).toBe(1);
    expect(calls).toBeLessThan(4);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("when a tick throws, then the scheduler logs it and keeps ticking", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T08:59:30Z") });
    let calls = 0;
    const errors: string[] = [];
    const logger = { ...silentLogger(), error: (...m: unknown[]) => errors.push(m.join(" ")) };
    const tick: TickService = {
      run: async () => {
        calls += 1;
        throw new Error("database is locked");
      },
    };
    const scheduler = createScheduler({ tick, clock: () => Date.now(), logger });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();
    expect(calls).toBe(2);
    expect(errors[0]).toContain("database is locked");
  });

  it("when stopped, then no further tick runs", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T08:59:30Z") });
    let calls = 0;
    const tick: TickService = {
      run: async (now) => {
        calls += 1;
        return summary(now);
      },
    };
    const scheduler = createScheduler({ tick, clock: () => Date.now(), logger: silentLogger() });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(1);
  });

  it("when Slack as a whole fails tick after tick, then it says so once, and once when Slack answers again", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T08:59:30Z") });
    const halted = {
      kind: "unauthorized" as const,
      code: "token_revoked",
      message: "Slack rejected SLACK_BOT_TOKEN (token_revoked): set it",
    };
    // Three ticks refused, one with nothing to send (no call: not yet known to work), one whose
    // calls Slack answered, then refused again.
    const script: Partial<TickSummary>[] = [
      { halted, slackAnswered: 0 },
      { halted, slackAnswered: 0 },
      { halted, slackAnswered: 0 },
      { slackAnswered: 0 },
      { slackAnswered: 3 },
      { halted, slackAnswered: 0 },
    ];
    const lines: string[] = [];
    const logger = {
      ...silentLogger(),
      error: (...m: unknown[]) => lines.push(`error ${m.join(" ")}`),
      info: (...m: unknown[]) => lines.push(`info ${m.join(" ")}`),
    };
    let i = 0;
    const tick: TickService = {
      run: async (now) => ({ ...summary(now), ...script[i++] }),
    };
    const scheduler = createScheduler({ tick, clock: () => Date.now(), logger });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(script.length * 60_000);
    await scheduler.stop();
    const stopped =
      "error Slack calls stopped: Slack rejected SLACK_BOT_TOKEN (token_revoked): set it. Every prompt and digest not sent stays due; each tick tries again.";
    expect(lines).toEqual([
      stopped,
      "info Slack answers again (after token_revoked): sending resumed",
      stopped,
    ]);
  });
});
