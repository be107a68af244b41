/**
 * Opt-in rate limits shaped like Slack's: chat.postMessage about 1 a second per channel, a
 * workspace-wide cap per method per second (Slack: "a workspace-wide limit" on chat.postMessage),
 * and per-method budgets per minute (the tiers). Rolling windows over the emulator clock, so a
 * test can step the clock and know exactly when the next call gets through.
 */
import type { EmulatorOptions } from "./types.js";

/**
 * The last `limit` admitted calls of one key, in a ring (oldest next to overwrite). A key is full
 * exactly when the oldest of them is still inside the window, so admitting is O(1) per call
 * whatever the limit and however many calls came before.
 */
class Ring {
  private readonly times: Float64Array;
  private next = 0;
  private size = 0;

  constructor(limit: number) {
    this.times = new Float64Array(limit);
  }

  /** The oldest admitted call when all `limit` slots are used, else undefined (there is room). */
  oldestIfFull(): number | undefined {
    return this.size < this.times.length ? undefined : this.times[this.next];
  }

  push(at: number): void {
    this.times[this.next] = at;
    this.next = (this.next + 1) % this.times.length;
    if (this.size < this.times.length) this.size += 1;
  }
}

export class RollingWindow {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait (at least 1, like Slack's Retry-After), or undefined when there is room. */
  wait(key: string, now: number): number | undefined {
    const oldest = this.rings.get(key)?.oldestIfFull();
    // Room once the oldest of the last `limit` calls has left the window.
    if (oldest === undefined || oldest <= now - this.windowMs) return undefined;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  record(key: string, now: number): void {
    let ring = this.rings.get(key);
    if (ring === undefined) {
      ring = new Ring(this.limit);
      this.rings.set(key, ring);
    }
    ring.push(now);
  }

  clear(): void {
    this.rings.clear();
  }
}

export class RateLimits {
  private readonly perChannel: RollingWindow | undefined;
  /** Per method: its windows (a per-second cap, a per-minute budget, or both). */
  private readonly perMethod = new Map<string, RollingWindow[]>();

  constructor(options: EmulatorOptions["rateLimits"]) {
    if (!options) return;
    const perSecond = options.postMessagePerChannelPerSecond ?? 1;
    if (perSecond > 0) this.perChannel = new RollingWindow(perSecond, 1000);
    const add = (budgets: Record<string, number> | undefined, windowMs: number) => {
      for (const [method, limit] of Object.entries(budgets ?? {})) {
        if (!(limit > 0)) continue;
        const windows = this.perMethod.get(method) ?? [];
        windows.push(new RollingWindow(limit, windowMs));
        this.perMethod.set(method, windows);
      }
    };
    add(options.perMethodPerSecond, 1000);
    add(options.perMethodPerMinute, 60_000);
  }

  /**
   * Returns Retry-After seconds when the call is over a limit, else counts it. Rejected calls do
   * not use up any budget, so a client that waits as told always gets through.
   */
  admit(method: string, channel: string | undefined, now: number): number | undefined {
    const checks: Array<[RollingWindow, string]> = [];
    for (const window of this.perMethod.get(method) ?? []) checks.push([window, method]);
    if (method === "chat.postMessage" && this.perChannel && channel !== undefined) {
      checks.push([this.perChannel, channel]);
    }
    let retryAfter: number | undefined;
    for (const [window, key] of checks) {
      const wait = window.wait(key, now);
      if (wait !== undefined) retryAfter = Math.max(retryAfter ?? 0, wait);
    }
    if (retryAfter !== undefined) return retryAfter;
    for (const [window, key] of checks) window.record(key, now);
    return undefined;
  }

  clear(): void {
    this.perChannel?.clear();
    for (const windows of this.perMethod.values()) for (const window of windows) window.clear();
  }
}
