/**
 * What the ack and footprint benches share: the Slack emulator (in the bench's own process) with
 * the data set's workspace, the app target's environment, and waiting for the app's work after
 * the acks (Home publishes, message updates, modals) to drain.
 */
import os from "node:os";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { startCommand } from "../../test/support/startCommand.js";
import type { LargeDataSet } from "./largeDb.js";

export const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";

/**
 * The emulator lives in the bench process, not the app's: the app's RSS and event loop stay its
 * own, and the bench can read what the app sent (the prompt messages the clicks answer) directly.
 * No rate limits and no Block Kit validation: the app is measured, not the emulator.
 */
export function startBenchEmulator(data: LargeDataSet): Promise<Emulator> {
  return startEmulator({
    teamId: data.teamId,
    teamName: "Bench Workspace",
    botToken: data.botToken,
    users: [...data.users],
    channels: data.partnerships.map((p) => ({ id: p.channelId, name: `partnership-${p.id}` })),
  });
}

/** The app's environment as an operator would set it (HTTP mode, scheduler off). */
export function appEnv(
  data: LargeDataSet,
  emulator: Emulator,
  databasePath: string,
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: data.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.url,
    DATABASE_PATH: databasePath,
    PORT: "0",
    SCHEDULER: "off",
    LOG_LEVEL: "warn",
    BENCH_CLOCK_AT: String(data.now),
  };
}

/** Waits until the emulator has seen no new call for `quietMs` (or `limitMs` passed). */
export async function settle(emulator: Emulator, quietMs = 500, limitMs = 60_000): Promise<number> {
  const started = performance.now();
  let seen = emulator.calls.length + emulator.responses.length;
  let quietSince = performance.now();
  while (performance.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = emulator.calls.length + emulator.responses.length;
    if (now !== seen) {
      seen = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= quietMs) {
      break;
    }
  }
  return performance.now() - started;
}

/** Replies the app sent to response_urls that say something went wrong on its side. */
export function failedResponses(emulator: Emulator): number {
  return emulator.responses.filter((r) => {
    const text = (r.body as { text?: unknown } | undefined)?.text;
    return typeof text === "string" && text.startsWith(":x:");
  }).length;
}

export const MB = 2 ** 20;

/** The 1-minute load average over the CPU count, e.g. "3.1 on 2 CPUs". */
export function loadAverage(): string {
  return `${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} CPUs`;
}

/**
 * Extra node flags for the app process, after those of `npm start` (lib/target.ts adds them), for
 * trying V8 settings out: BENCH_APP_NODE_ARGS="--max-semi-space-size=4 --max-old-space-size=96",
 * and BENCH_CPU_PROF=<folder> for a CPU profile of the app (node --cpu-prof).
 */
export function appNodeArgs(): string[] {
  const args = (process.env.BENCH_APP_NODE_ARGS ?? "").split(/\s+/).filter((a) => a !== "");
  const profileDir = process.env.BENCH_CPU_PROF;
  if (profileDir) args.push("--cpu-prof", "--cpu-prof-dir", profileDir);
  return args;
}

/** For the notes: every node flag the app process runs with, `npm start`'s and the extra ones. */
export function appNodeFlagsNote(): string {
  return [...startCommand().nodeFlags, ...appNodeArgs()].join(" ") || "none";
}
