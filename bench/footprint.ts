/**
 * Bench 5, footprint: start-up time and resident memory of the app process.
 *
 * Start-up: the app target (bench/targets/app.ts: `startPoc` with the operator's environment) is
 * spawned on a copy of the large data set, then on brand-new databases (every migration runs).
 * Measured from outside (spawn -> first `GET /healthz` 200, polled every 10 ms on a port given
 * in PORT) and inside the child: node's boot until the entry module runs, loading the app's
 * modules, and `startPoc` itself (open + migrate the database, services, Bolt,
 * auth.test, listen), which is what the issue's "open, migrate, ready to answer" names.
 *
 * The app runs as `npm start` runs it: compiled, under plain node, with the start script's node
 * flags (bench/lib/target.ts).
 *
 * Memory: one app process goes through the runs the issue lists, in this order: the tick at the
 * instant 5,000 prompts fall due (sent through the app's real Slack messenger to the emulator,
 * no rate limits), the ack load of bench 1 (clicks on those prompts and commands), then every
 * partnership's digest built and rendered (`/poc digest` by each coordinator, signed requests).
 * RSS after each step, then RSS and the peak (VmHWM) at the end.
 *
 * BENCH_HEAP_SNAPSHOT=<file> writes a heap snapshot of the app at the end; BENCH_APP_NODE_ARGS adds
 * node flags to the app process (e.g. V8 heap limits, see lib/appSetup.ts).
 */
import http from "node:http";
import { createServer } from "node:net";
import type { Emulator } from "../src/emulator/index.js";
import { loadCounts, promptsSent, warmThenMeasure } from "./ack.js";
import { requestMix, runLoad, signAll, summarize, verdictOf } from "./lib/ackLoad.js";
import {
  appEnv,
  appNodeArgs,
  appNodeFlagsNote,
  loadAverage,
  MB,
  SIGNING_SECRET,
  settle,
  startBenchEmulator,
} from "./lib/appSetup.js";
import type { Bench } from "./lib/bench.js";
import { benchDataSet, copyLargeDataSet, type LargeDataSet } from "./lib/largeDb.js";
import { atMost, type BenchResult, figure } from "./lib/results.js";
import { median } from "./lib/stats.js";
import { spawnTarget, type Target } from "./lib/target.js";
import type { Memory } from "./targets/protocol.js";

const RUNS = 3;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

/** Polls GET /healthz every 10 ms until it answers 200; resolves with performance.now() then. */
async function firstHealthy(port: number, limitMs = 120_000): Promise<number> {
  const started = performance.now();
  const agent = new http.Agent({ keepAlive: false });
  while (performance.now() - started < limitMs) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(
        { host: "127.0.0.1", port, path: "/healthz", agent, timeout: 1000 },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode === 200));
        },
      );
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
    });
    if (ok) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`/healthz on port ${port} did not answer 200 within ${limitMs} ms`);
}

interface StartUp {
  readonly target: Target;
  /** spawn -> first /healthz 200, parent's clock. */
  readonly toHealthyMs: number;
}

async function startApp(
  data: LargeDataSet,
  emulator: Emulator,
  databasePath: string,
): Promise<StartUp> {
  const port = await freePort();
  const started = performance.now();
  const healthy = firstHealthy(port);
  const target = await spawnTarget("app", {
    env: { ...appEnv(data, emulator, databasePath), PORT: String(port) },
    nodeArgs: appNodeArgs(),
  });
  return { target, toHealthyMs: (await healthy) - started };
}

interface StartUpFigures {
  readonly toHealthy: number;
  readonly toReady: number;
  readonly boot: number;
  readonly imports: number;
  readonly startPoc: number;
}

function medians(runs: readonly StartUp[]): StartUpFigures {
  return {
    toHealthy: median(runs.map((r) => r.toHealthyMs)),
    toReady: median(runs.map((r) => r.target.spawnToReadyMs)),
    boot: median(runs.map((r) => r.target.timings.entryMs)),
    imports: median(runs.map((r) => r.target.timings.importMs)),
    startPoc: median(runs.map((r) => r.target.timings.startPocMs)),
  };
}

function mb(memory: Memory): string {
  const split =
    memory.rssAnon === undefined || memory.rssFile === undefined
      ? ""
      : `${(memory.rssAnon / MB).toFixed(0)} MB own, ${(memory.rssFile / MB).toFixed(0)} MB mapped files; `;
  return `${(memory.rss / MB).toFixed(0)} MB (${split}heap ${(memory.heapUsed / MB).toFixed(0)} MB used of ${(memory.heapTotal / MB).toFixed(0)}, external ${(memory.external / MB).toFixed(0)} MB)`;
}

export const footprintBench: Bench = {
  name: "footprint",
  title: "5. Footprint: start-up time and resident memory of the app process",
  async run(ctx): Promise<BenchResult> {
    const data = await benchDataSet(ctx);
    const file = copyLargeDataSet(data, `${ctx.scratch}/footprint`);
    const loadAtStart = loadAverage();
    const emulator = await startBenchEmulator(data);
    let app: Target | undefined;
    try {
      // A bare node process through the same launcher: the floor any TypeScript entry pays.
      const bares: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const bare = await spawnTarget("bare");
        bares.push(bare.spawnToReadyMs);
        await bare.stop();
      }

      // Start-up on brand-new databases: every migration runs.
      const fresh: StartUp[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await startApp(data, emulator, `${ctx.scratch}/footprint-new-${i}/poc.sqlite`);
        fresh.push(run);
        await run.target.stop();
      }
      const freshFigures = medians(fresh);
      ctx.progress(
        `brand-new database: startPoc ${freshFigures.startPoc.toFixed(0)} ms, spawn -> /healthz ${freshFigures.toHealthy.toFixed(0)} ms`,
      );

      // Start-up on the large data set; the last one stays up for the memory runs.
      const large: StartUp[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await startApp(data, emulator, file);
        large.push(run);
        if (i < RUNS - 1) await run.target.stop();
        else app = run.target;
      }
      const largeFigures = medians(large);
      ctx.progress(
        `large data set: startPoc ${largeFigures.startPoc.toFixed(0)} ms, spawn -> /healthz ${largeFigures.toHealthy.toFixed(0)} ms`,
      );
      if (app === undefined) throw new Error("no app");
      const target: Target = app;

      const steps: { name: string; memory: Memory }[] = [];
      const step = async (name: string) => {
        const memory = await target.memory();
        steps.push({ name, memory });
        ctx.progress(`RSS ${name}: ${mb(memory)}`);
      };
      await step("after start-up");

      const { prompts, sent } = await promptsSent(target, emulator, data, ctx);
      await step(`after the tick (${sent} prompts sent)`);

      const counts = loadCounts(ctx.quick);
      const mix = requestMix({ data, emulatorOrigin: emulator.origin, prompts, seed: 6005 });
      const warmUp = mix.take(counts.warmUp);
      const measured = mix.take(counts.measured);
      const { summary: load } = await warmThenMeasure(
        target,
        () => signAll(warmUp, SIGNING_SECRET),
        () => signAll(measured, SIGNING_SECRET),
      );
      await settle(emulator);
      await step(`after the ack load (${counts.warmUp} + ${counts.measured} requests)`);

      // Every partnership's digest, built and rendered by the app: `/poc digest` from each
      // coordinator in the partnership's channel.
      const digestBodies = data.partnerships.map((p, i) => ({
        kind: "/poc digest" as const,
        body: new URLSearchParams({
          team_id: data.teamId,
          channel_id: p.channelId,
          user_id: p.coordinatorUserId,
          command: "/poc",
          text: "digest",
          response_url: `${emulator.origin}/response/digest-${i}`,
          trigger_id: `digest.${i}`,
        }).toString(),
      }));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
      const digestRun = await runLoad(target.url, signAll(digestBodies, SIGNING_SECRET), {
        concurrency: 4,
        agent,
      });
      agent.destroy();
      const digests = summarize(digestRun);
      const digestsOk = digestRun.samples.filter(
        (s) => s.status === 200 && verdictOf(s.body) === "ok" && s.body.includes("Preview"),
      ).length;
      await step(`after ${digestsOk} of ${data.partnerships.length} digests`);

      const end = steps.at(-1)?.memory as Memory;
      const snapshot = process.env.BENCH_HEAP_SNAPSHOT;
      let afterGc: Memory | undefined;
      if (snapshot) {
        ctx.progress(`heap snapshot: ${await target.heapSnapshot(snapshot)}`);
        afterGc = await target.memory();
      }
      const logs = await target.logs();
      await target.stop();
      app = undefined;

      return {
        bench: this.title,
        figures: [
          atMost(
            "start-up, large data set: startPoc (open, migrate, ready)",
            largeFigures.startPoc,
            "ms",
            1000,
          ),
          figure("  spawn -> first /healthz 200 (whole process)", largeFigures.toHealthy, "ms"),
          figure("  of which node's boot", largeFigures.boot, "ms"),
          figure("  of which loading the app's modules", largeFigures.imports, "ms"),
          atMost("start-up, brand-new database: startPoc", freshFigures.startPoc, "ms", 1000),
          figure("  spawn -> first /healthz 200 (whole process)", freshFigures.toHealthy, "ms"),
          figure("bare node:http target, spawn -> ready", median(bares), "ms"),
          atMost("RSS after the runs", end.rss / MB, "MB", 150),
          figure("peak RSS (VmHWM)", (end.peakRss ?? Number.NaN) / MB, "MB"),
          figure("V8 heap used at the end", end.heapUsed / MB, "MB"),
          figure("RSS right after start-up", (steps[0]?.memory.rss ?? Number.NaN) / MB, "MB"),
        ],
        notes: [
          `machine load average (1 min) at the start ${loadAtStart}, at the end ${loadAverage()} (other work on the machine slows every figure here)`,
          `start-up: median of ${RUNS} spawns each (page cache warm: the database copy was just written); startPoc = open + migrate + services + Bolt + auth.test against the emulator + listen`,
          `RSS by step: ${steps.map((s) => `${s.name} ${(s.memory.rss / MB).toFixed(0)} MB`).join("; ")}`,
          `ack load on the way: p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, ${load.errors} errors; digests: ${digestsOk}/${data.partnerships.length} previews, p50 ${digests.p50.toFixed(1)} ms, max ${digests.max.toFixed(1)} ms`,
          `V8 heap spaces at the end (MB committed/used): ${Object.entries(end.heapSpaces)
            .filter(([, v]) => v.size >= MB)
            .map(([k, v]) => `${k} ${(v.size / MB).toFixed(0)}/${(v.used / MB).toFixed(0)}`)
            .join(", ")}; app node flags: ${appNodeFlagsNote()}`,
          `end: ${mb(end)}; SQLite cache_size ${end.sqliteCacheSize} (negative: KiB), mmap_size ${end.sqliteMmapSize}`,
          ...(afterGc ? [`after the heap snapshot's full GC: ${mb(afterGc)}`] : []),
          `app logged ${logs.warn} warnings and ${logs.error} errors${logs.samples.length > 0 ? `: ${logs.samples.slice(0, 2).join(" | ")}` : ""}`,
        ],
      };
    } finally {
      await app?.stop();
      await emulator.close();
    }
  },
};
