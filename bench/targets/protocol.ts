/**
 * The IPC messages between a bench (the parent) and a target it spawned (bench/targets/*.ts, a
 * child process with its own event loop, so the load generator never shares the app's).
 */
import type { TickSummary } from "../../src/services/tick.js";

/** Milliseconds on the child's own clock (`performance.now()`: 0 is the child process's start). */
export interface StartupTimings {
  /** The target module began to run: node's boot (the target runs compiled, under plain node). */
  readonly entryMs: number;
  /** Loading the app's modules (dist/src/main.js and all it imports). */
  readonly importMs: number;
  /** `startPoc`: open + migrate the database, build services and Bolt, auth.test, listen. */
  readonly startPocMs: number;
  /** The ready message left (the same clock as entryMs). */
  readonly readyAtMs: number;
}

export interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** VmHWM from /proc/self/status: the peak resident set, in bytes (undefined off Linux). */
  readonly peakRss: number | undefined;
  /**
   * The resident set split as /proc/self/status splits it (RssAnon, RssFile), in bytes: the
   * process's own memory (V8's heaps, malloc: SQLite's page cache) and mapped files (mostly the
   * node binary's code, shared with every other node process). Undefined off Linux.
   */
  readonly rssAnon: number | undefined;
  readonly rssFile: number | undefined;
  /** V8's heap spaces: bytes committed and used, by space (new_space, old_space, ...). */
  readonly heapSpaces: Readonly<Record<string, { readonly size: number; readonly used: number }>>;
  /** The connection's `PRAGMA cache_size` (negative: KiB) and `mmap_size` (bytes). */
  readonly sqliteCacheSize: number;
  readonly sqliteMmapSize: number;
}

export interface LogCounts {
  readonly warn: number;
  readonly error: number;
  /** The first few warn/error lines, for the notes. */
  readonly samples: readonly string[];
}

/** Child -> parent. */
export type TargetMessage =
  | { readonly type: "ready"; readonly port: number; readonly timings: StartupTimings }
  | { readonly type: "failed"; readonly error: string }
  | { readonly type: "reply"; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "reply"; readonly id: number; readonly ok: false; readonly error: string };

/** Parent -> child (each answered with a reply of the same id). */
export type TargetRequest =
  | { readonly type: "memory"; readonly id: number }
  | { readonly type: "logs"; readonly id: number }
  /** Runs the app's real tick at `at` (the clock jumps there and runs on). */
  | { readonly type: "tick"; readonly id: number; readonly at: number }
  /** The event loop's delay since the last such request (then starts again). */
  | { readonly type: "loopDelay"; readonly id: number }
  /** Server-side times of the requests since the last such request (then starts again). */
  | { readonly type: "serverTimes"; readonly id: number }
  /** Writes a V8 heap snapshot to `file` (for finding what holds memory). */
  | { readonly type: "heapSnapshot"; readonly id: number; readonly file: string }
  | { readonly type: "stop"; readonly id: number };

/** How late the event loop ran timers, in milliseconds (perf_hooks.monitorEventLoopDelay). */
export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Inside the app: from the HTTP server's `request` event (headers parsed) to the response's
 * `finish` (handed to the kernel), in milliseconds, for POST /slack/events.
 */
export interface ServerTimes {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** New connections accepted, and the longest wait from accept to their first request. */
  readonly connections: number;
  readonly firstRequestWaitMax: number;
  /** CPU time of the whole process (user + system, every thread) over the same window, in ms. */
  readonly cpuMs: number;
  /** Garbage collections over the same window: count and pause time (perf_hooks `gc` entries). */
  readonly gc: { readonly count: number; readonly ms: number; readonly major: number };
}

export interface TickReply {
  readonly summary: TickSummary;
  readonly ms: number;
}
