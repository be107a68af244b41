/**
 * The app as a bench target: a child process (this module compiled into dist/, run by plain node
 * with the flags of `npm start`: see bench/lib/target.ts) that runs
 * the real composition root, `startPoc`, in HTTP mode with the configuration from its environment
 * (loadConfig: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, DATABASE_PATH, SCHEDULER=off),
 * and talks to the bench over IPC: `ready` with its start-up timings, then memory, logs, a tick,
 * a heap snapshot and stop on request.
 *
 * BENCH_CLOCK_AT (epoch ms) starts the app's clock there (the data set's "now"); it runs on in
 * real time and jumps to a tick's instant when the bench asks for a tick, as if the scheduler had
 * woken at that minute.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import type {
  LogCounts,
  LoopDelay,
  Memory,
  ServerTimes,
  StartupTimings,
  TargetMessage,
  TargetRequest,
} from "./protocol.js";

const entryMs = performance.now();

function send(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Fields of /proc/self/status in bytes (VmHWM, RssAnon, RssFile), undefined off Linux. */
function procStatus(): Record<"VmHWM" | "RssAnon" | "RssFile", number | undefined> {
  let status = "";
  try {
    status = readFileSync("/proc/self/status", "utf8");
  } catch {
    // not Linux
  }
  const bytes = (field: string) => {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  };
  return { VmHWM: bytes("VmHWM"), RssAnon: bytes("RssAnon"), RssFile: bytes("RssFile") };
}

/**
 * Times every POST /slack/events inside the app: the app's receiver creates its server with
 * http.createServer when the app starts, so the server it gets is wrapped before that.
 */
const serverSamples: number[] = [];
/** Per new connection: accepted -> its first request parsed. */
const firstRequestWaits: number[] = [];
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof http.createServer>) => {
  const server = createServer(...args);
  const accepted = new WeakMap<object, number>();
  server.prependListener("connection", (socket: object) => {
    accepted.set(socket, performance.now());
  });
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== "POST") return;
    const started = performance.now();
    const acceptedAt = accepted.get(req.socket);
    if (acceptedAt !== undefined) {
      firstRequestWaits.push(started - acceptedAt);
      accepted.delete(req.socket);
    }
    res.once("finish", () => serverSamples.push(performance.now() - started));
  });
  return server;
}) as typeof http.createServer;
// The app's receiver imports `createServer` by name (src/slack/receiver.ts): an ES module's
// named import of a built-in sees the patched function only once the exports are synced.
syncBuiltinESMExports();

/** CPU and garbage collections since the window began (it begins again with each serverTimes). */
let cpuFrom = process.cpuUsage();
const gc = { count: 0, ms: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count += 1;
    gc.ms += entry.duration;
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += 1;
  }
}).observe({ entryTypes: ["gc"] });

function serverTimes(): ServerTimes {
  const cpu = process.cpuUsage(cpuFrom);
  cpuFrom = process.cpuUsage();
  const gcWindow = { ...gc };
  Object.assign(gc, { count: 0, ms: 0, major: 0 });
  const sorted = serverSamples.splice(0).sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ??
    Number.NaN;
  const waits = firstRequestWaits.splice(0);
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    connections: waits.length,
    firstRequestWaitMax: waits.reduce((m, v) => Math.max(m, v), 0),
    cpuMs: (cpu.user + cpu.system) / 1000,
    gc: gcWindow,
  };
}

async function run(): Promise<void> {
  const importStarted = performance.now();
  const [{ startPoc }, { loadConfig }, { createLogger }] = await Promise.all([
    import("../../src/main.js"),
    import("../../src/config.js"),
    import("../../src/logger.js"),
  ]);
  const importMs = performance.now() - importStarted;

  const logs = { warn: 0, error: 0, samples: [] as string[] };
  const logger = createLogger("warn", (line) => {
    if (line.includes(" ERROR ")) logs.error += 1;
    else logs.warn += 1;
    if (logs.samples.length < 10) logs.samples.push(line.slice(0, 400));
  });

  let base = Number(process.env.BENCH_CLOCK_AT ?? Date.now());
  let anchor = performance.now();
  const clock = () => Math.floor(base + (performance.now() - anchor));

  const config = loadConfig(process.env, "app");
  const startStarted = performance.now();
  const running = await startPoc(config, { logger, clock });
  const startPocMs = performance.now() - startStarted;
  const timings: StartupTimings = { entryMs, importMs, startPocMs, readyAtMs: performance.now() };
  await send({ type: "ready", port: running.port ?? 0, timings });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();

  const answer = async (request: TargetRequest): Promise<unknown> => {
    switch (request.type) {
      case "memory": {
        const m = process.memoryUsage();
        const status = procStatus();
        const memory: Memory = {
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
          peakRss: status.VmHWM,
          rssAnon: status.RssAnon,
          rssFile: status.RssFile,
          heapSpaces: Object.fromEntries(
            getHeapSpaceStatistics().map((x) => [
              x.space_name,
              { size: x.space_size, used: x.space_used_size },
            ]),
          ),
          sqliteCacheSize: Number(running.database.sqlite.pragma("cache_size", { simple: true })),
          sqliteMmapSize: Number(running.database.sqlite.pragma("mmap_size", { simple: true })),
        };
        return memory;
      }
      case "loopDelay": {
        const ms = (ns: number) => ns / 1e6;
        const delay: LoopDelay = {
          p50: ms(loop.percentile(50)),
          p99: ms(loop.percentile(99)),
          max: ms(loop.max),
        };
        loop.reset();
        return delay;
      }
      case "serverTimes":
        return serverTimes();
      case "logs":
        return { ...logs, samples: [...logs.samples] } satisfies LogCounts;
      case "tick": {
        base = request.at;
        anchor = performance.now();
        const started = performance.now();
        const summary = await running.services.tick.run(request.at);
        return { summary, ms: performance.now() - started };
      }
      case "heapSnapshot": {
        const { writeHeapSnapshot } = await import("node:v8");
        return writeHeapSnapshot(request.file);
      }
      case "stop":
        await running.stop();
        return true;
    }
  };

  process.on("message", (request: TargetRequest) => {
    answer(request).then(
      async (value) => {
        await send({ type: "reply", id: request.id, ok: true, value });
        if (request.type === "stop") process.exit(0);
      },
      (error: unknown) => send({ type: "reply", id: request.id, ok: false, error: String(error) }),
    );
  });
}

// The bench went away (crashed or killed): do not linger.
process.on("disconnect", () => process.exit(0));

run().catch(async (error: unknown) => {
  await send({
    type: "failed",
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
