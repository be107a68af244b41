/**
 * Opt-in rate limits shaped like Slack's: chat.postMessage about 1 a second per channel, and
 * per-method budgets per minute (the tiers). Rolling windows over the emulator clock, so a test
 * can step the clock and know exactly when the next call gets through.
 */
import type { EmulatorOptions } from "./types.js";

class RollingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait (at least 1, like Slack's Retry-After), or undefined when there is room. */
  wait(key: string, now: number): number | undefined {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return undefined;
    // There is room again once the oldest hit in the window has aged out.
    const oldest = recent[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  record(key: string, now: number): void {
    this.hits.set(key, [...this.recent(key, now), now]);
  }

  clear(): void {
    this.hits.clear();
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }
}

export class RateLimits {
  private readonly perChannel: RollingWindow | undefined;
  private readonly perMethod = new Map<string, RollingWindow>();

  constructor(options: EmulatorOptions["rateLimits"]) {
    if (!options) return;
    const perSecond = options.postMessagePerChannelPerSecond ?? 1;
    if (perSecond > 0) this.perChannel = new RollingWindow(perSecond, 1000);
    for (const [method, perMinute] of Object.entries(options.perMethodPerMinute ?? {})) {
      this.perMethod.set(method, new RollingWindow(perMinute, 60_000));
    }
  }

  /**
   * Returns Retry-After seconds when the call is over a limit, else counts it. Rejected calls do
   * not use up any budget, so a client that waits as told always gets through.
   */
  admit(method: string, channel: string | undefined, now: number): number | undefined {
    const checks: Array<[RollingWindow, string]> = [];
    const methodWindow = this.perMethod.get(method);
    if (methodWindow) checks.push([methodWindow, method]);
    if (method === "chat.postMessage" && this.perChannel && channel !== undefined) {
      checks.push([this.perChannel, channel]);
    }
    const waits = checks
      .map(([window, key]) => window.wait(key, now))
      .filter((w): w is number => w !== undefined);
    if (waits.length > 0) return Math.max(...waits);
    for (const [window, key] of checks) window.record(key, now);
    return undefined;
  }

  clear(): void {
    this.perChannel?.clear();
    for (const window of this.perMethod.values()) window.clear();
  }
}
