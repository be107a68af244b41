/**
 * Bench 1, ack latency: 2,000 signed slash commands and button clicks at concurrency 50 against
 * the running app (HTTP mode, its own process, the large data set, the emulator behind it), and
 * the same requests against a bare node:http server in its own process: p50, p99, max, errors,
 * and our p99 over its p99.
 *
 * The scene is Monday 08:00 UTC of the data set: the app's tick has just sent the week's 5,000
 * prompts (through its real Slack messenger, into the emulator), and people answer them (On
 * track, Update, Snooze on their own current-period prompt) while others type `/poc` commands in
 * their partnerships' channels, partnership 1 (500 commitments) among them. Both servers get a
 * warm-up that is not counted.
 *
 * BENCH_CPU_PROF=<folder> runs the app target under `node --cpu-prof` and leaves the profile there;
 * The app runs as `npm start` runs it (compiled, with its node flags: lib/target.ts);
 * BENCH_APP_NODE_ARGS adds node flags to the app process (see lib/appSetup.ts).
 */
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Emulator } from "../src/emulator/index.js";
import {
  type LatencySummary,
  promptMessages,
  requestMix,
  runLoad,
  type SignedRequest,
  signAll,
  summarize,
} from "./lib/ackLoad.js";
import {
  appEnv,
  appNodeArgs,
  appNodeFlagsNote,
  failedResponses,
  loadAverage,
  MB,
  SIGNING_SECRET,
  settle,
  startBenchEmulator,
} from "./lib/appSetup.js";
import type { Bench, BenchContext } from "./lib/bench.js";
import { benchDataSet, copyLargeDataSet, type LargeDataSet } from "./lib/largeDb.js";
import { atMost, type BenchResult, type Figure, figure, round } from "./lib/results.js";
import { spawnTarget, type Target } from "./lib/target.js";
import type { LoopDelay, ServerTimes } from "./targets/protocol.js";

export const CONCURRENCY = 50;
const SEED = 6001;

export interface LoadCounts {
  readonly warmUp: number;
  readonly measured: number;
}

export function loadCounts(quick: boolean): LoadCounts {
  return quick ? { warmUp: 100, measured: 600 } : { warmUp: 200, measured: 2_000 };
}

/** Requests sent one at a time after the load: the service time a person sees when nobody else is typing. */
const SEQUENTIAL = { quick: 100, full: 200 };

async function sequential(
  url: string,
  requests: readonly SignedRequest[],
): Promise<LatencySummary> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const run = await runLoad(url, requests, { concurrency: 1, agent });
  agent.destroy();
  return summarize(run);
}

/** The app after the tick at `dueAt`: the prompt messages its owners will click. */
export async function promptsSent(
  app: Target,
  emulator: Emulator,
  data: LargeDataSet,
  ctx: BenchContext,
): Promise<{ prompts: ReturnType<typeof promptMessages>; tickMs: number; sent: number }> {
  const { summary, ms } = await app.tick(data.dueAt);
  if (summary.promptsSent !== data.shape.dueAtOnce) {
    throw new Error(
      `the tick at dueAt sent ${summary.promptsSent} prompts, expected ${data.shape.dueAtOnce}`,
    );
  }
  await settle(emulator);
  const prompts = promptMessages(emulator);
  ctx.progress(
    `tick at ${new Date(data.dueAt).toISOString()}: ${summary.promptsSent} prompts sent in ${(ms / 1000).toFixed(1)} s`,
  );
  return { prompts, tickMs: ms, sent: summary.promptsSent };
}

export interface Measured {
  readonly summary: LatencySummary;
  /** The bench process's own event-loop delay during the measured run (the load generator's). */
  readonly clientLoop: LoopDelay;
  /** The target's event-loop delay during the measured run, when it reports one. */
  readonly serverLoop: LoopDelay | undefined;
  /** The app's own request times during the measured run (the bare server reports none). */
  readonly serverTimes: ServerTimes | undefined;
}

/**
 * Warm-up (not counted), then at once the measured run, on the same keep-alive agent: the
 * measured requests go over connections the warm-up opened, as a steady stream of traffic would.
 * (A busy app accepts a new connection late: 50 fresh ones at the start of a run put seconds on
 * their first requests, which is connection set-up, not ack time.)
 */
export async function warmThenMeasure(
  target: Target,
  warmUp: () => readonly SignedRequest[],
  measured: () => readonly SignedRequest[],
): Promise<Measured> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await runLoad(target.url, warmUp(), { concurrency: CONCURRENCY, agent });
  const requests = measured();
  const client = monitorEventLoopDelay({ resolution: 5 });
  await target.loopDelay().catch(() => undefined);
  await target.serverTimes().catch(() => undefined);
  client.enable();
  const run = await runLoad(target.url, requests, { concurrency: CONCURRENCY, agent });
  client.disable();
  const serverLoop = await target.loopDelay().catch(() => undefined);
  const times = await target.serverTimes().catch(() => undefined);
  const serverTimes = typeof times === "object" && times.count > 0 ? times : undefined;
  agent.destroy();
  const ms = (ns: number) => ns / 1e6;
  return {
    summary: summarize(run),
    clientLoop: {
      p50: ms(client.percentile(50)),
      p99: ms(client.percentile(99)),
      max: ms(client.max),
    },
    serverLoop,
    serverTimes,
  };
}

/**
 * The app's CPU time (whole process: main thread, GC and compiler threads) and GC pauses per
 * request over a measured run: steadier than throughput on a machine with other work on it.
 */
function cpuFigures(prefix: string, times: ServerTimes | undefined) {
  if (times === undefined) return [];
  return [
    figure(`${prefix}app CPU per request`, times.cpuMs / times.count, "ms"),
    figure(`${prefix}app GC pauses per request`, times.gc.ms / times.count, "ms"),
    figure(`${prefix}app GCs`, times.gc.count, ""),
    figure(`${prefix}app full GCs`, times.gc.major, ""),
  ];
}

export function loopNote(name: string, loop: LoopDelay | undefined): string {
  return loop === undefined
    ? `${name}: n/a`
    : `${name} p50 ${loop.p50.toFixed(1)} p99 ${loop.p99.toFixed(1)} max ${loop.max.toFixed(0)} ms`;
}

function p99Goal(value: number): Figure {
  return { name: "app p99", value: round(value), unit: "ms", goal: "< 50 ms", met: value < 50 };
}

function zeroGoal(name: string, value: number): Figure {
  return { name, value, unit: "", goal: "0", met: value === 0 };
}

export function byKindNote(summary: LatencySummary): string {
  return summary.byKind
    .map(
      (k) =>
        `${k.kind} ×${k.count} p50 ${k.p50.toFixed(1)} p99 ${k.p99.toFixed(1)} max ${k.max.toFixed(1)}`,
    )
    .join("; ");
}

export const ackBench: Bench = {
  name: "ack",
  title: "1. Ack latency: signed commands and clicks, the app against a bare node:http server",
  async run(ctx): Promise<BenchResult> {
    const data = await benchDataSet(ctx);
    const counts = loadCounts(ctx.quick);
    const loadAtStart = loadAverage();
    const file = copyLargeDataSet(data, `${ctx.scratch}/ack`);
    const emulator = await startBenchEmulator(data);
    let app: Target | undefined;
    let bare: Target | undefined;
    try {
      app = await spawnTarget("app", {
        env: appEnv(data, emulator, file),
        nodeArgs: appNodeArgs(),
      });
      ctx.progress(`app ready in ${app.spawnToReadyMs.toFixed(0)} ms (pid ${app.pid})`);
      const { prompts } = await promptsSent(app, emulator, data, ctx);
      const mix = requestMix({ data, emulatorOrigin: emulator.origin, prompts, seed: SEED });
      const warmUp = mix.take(counts.warmUp);
      const measured = mix.take(counts.measured);
      const oneByOne = mix.take(ctx.quick ? SEQUENTIAL.quick : SEQUENTIAL.full);

      bare = await spawnTarget("bare");
      const bareRun = await warmThenMeasure(
        bare,
        () => signAll(warmUp, SIGNING_SECRET),
        () => signAll(measured, SIGNING_SECRET),
      );
      const bareSummary = bareRun.summary;
      const bareSequential = await sequential(bare.url, signAll(oneByOne, SIGNING_SECRET));
      await bare.stop();
      bare = undefined;
      ctx.progress(
        `bare: p50 ${bareSummary.p50.toFixed(2)} ms, p99 ${bareSummary.p99.toFixed(2)} ms`,
      );

      const callsBefore = emulator.calls.length;
      const appTarget = app;
      const appRun = await warmThenMeasure(
        app,
        () => signAll(warmUp, SIGNING_SECRET),
        () => signAll(measured, SIGNING_SECRET),
      );
      const appSummary = appRun.summary;
      const drainMs = await settle(emulator);
      const webCalls = emulator.calls.length - callsBefore;
      ctx.progress(
        `app: p50 ${appSummary.p50.toFixed(2)} ms, p99 ${appSummary.p99.toFixed(2)} ms, max ${appSummary.max.toFixed(1)} ms`,
      );
      const memory = await appTarget.memory();
      const appSequential = await sequential(appTarget.url, signAll(oneByOne, SIGNING_SECRET));
      await settle(emulator);
      // The floor: the same load made of the cheapest request (no read, no write, no Web API
      // call after it): what the HTTP server, the signature check, Bolt and the dispatch cost.
      const floorRun = await warmThenMeasure(
        appTarget,
        () => signAll(mix.commands("/poc help", counts.warmUp), SIGNING_SECRET),
        () => signAll(mix.commands("/poc help", counts.measured), SIGNING_SECRET),
      );
      const floor = floorRun.summary;
      const logs = await appTarget.logs();
      const postAckFailures = failedResponses(emulator);
      await appTarget.stop();
      app = undefined;

      const errors =
        appSummary.errors + appSummary.failedBodies + floor.errors + floor.failedBodies;
      return {
        bench: this.title,
        figures: [
          figure("app p50", appSummary.p50, "ms"),
          p99Goal(appSummary.p99),
          figure("app max", appSummary.max, "ms"),
          zeroGoal("app errors (non-2xx, network, failed acks)", errors),
          figure("bare node:http p50", bareSummary.p50, "ms"),
          figure("bare node:http p99", bareSummary.p99, "ms"),
          figure("bare node:http max", bareSummary.max, "ms"),
          atMost("p99 ratio (app / bare)", appSummary.p99 / bareSummary.p99, "×", 2),
          figure("app throughput", appSummary.perSecond, "req/s"),
          figure("bare throughput", bareSummary.perSecond, "req/s"),
          figure("one at a time: app p50", appSequential.p50, "ms"),
          figure("one at a time: app p99", appSequential.p99, "ms"),
          figure("one at a time: bare p99", bareSequential.p99, "ms"),
          figure("floor, /poc help only: app p50", floor.p50, "ms"),
          figure("floor, /poc help only: app p99", floor.p99, "ms"),
          figure("floor, /poc help only: app throughput", floor.perSecond, "req/s"),
          figure("app acks that refused (by design)", appSummary.refusedBodies, ""),
          figure("app errors logged (whole run)", logs.error, ""),
          figure("app RSS after the load", memory.rss / MB, "MB"),
          ...cpuFigures("", appRun.serverTimes),
          ...cpuFigures("floor, /poc help only: ", floorRun.serverTimes),
        ],
        notes: [
          `machine load average (1 min) at the start ${loadAtStart}, at the end ${loadAverage()} (other work on the machine slows every figure here)`,
          `data set: ${data.counts.commitments} commitments, ${data.counts.check_ins} check-ins, ${data.counts.prompts} prompts; the app's tick at ${new Date(data.dueAt).toISOString()} sent ${prompts.length} prompts first`,
          `load: ${counts.measured} requests at concurrency ${CONCURRENCY} (keep-alive), after ${counts.warmUp} warm-up requests not counted, the same signed bodies for both servers; latency = request written -> whole answer read`,
          `app per kind at concurrency ${CONCURRENCY} (ms): ${byKindNote(appSummary)}`,
          `floor: ${floor.count} \`/poc help\` at concurrency ${CONCURRENCY} after ${counts.warmUp} not counted, to the same app after the load (no read, write or Web API call: the HTTP server, the signature check, Bolt and the dispatch): p50 ${floor.p50.toFixed(1)}, p99 ${floor.p99.toFixed(1)} ms, ${floor.perSecond.toFixed(0)} req/s`,
          `app per kind one at a time (${appSequential.count} requests after the load, ms): ${byKindNote(appSequential)}`,
          `app: ${webCalls} Web API calls and response_url replies after the acks (drained ${(drainMs / 1000).toFixed(1)} s after the last ack), ${postAckFailures} of them "something went wrong", ${logs.warn} warnings and ${logs.error} errors logged${logs.samples.length > 0 ? `: ${logs.samples.slice(0, 3).join(" | ")}` : ""}`,
          ...(appSummary.errorSamples.length > 0
            ? [`app errors: ${appSummary.errorSamples.join("; ")}`]
            : []),
          ...(bareSummary.errors > 0
            ? [`bare errors: ${bareSummary.errors}: ${bareSummary.errorSamples.join("; ")}`]
            : []),
          ...(appRun.serverTimes
            ? [
                `inside the app (request parsed -> answer handed to the kernel), ${appRun.serverTimes.count} requests: p50 ${appRun.serverTimes.p50.toFixed(1)}, p99 ${appRun.serverTimes.p99.toFixed(1)}, max ${appRun.serverTimes.max.toFixed(0)} ms; new connections during the run: ${appRun.serverTimes.connections}`,
              ]
            : []),
          `event-loop delay during the measured runs: ${loopNote("app", appRun.serverLoop)}; ${loopNote("bench process (client + emulator)", appRun.clientLoop)}; ${loopNote("bare server", bareRun.serverLoop)}; ${loopNote("bench process with the bare server", bareRun.clientLoop)}`,
          `app node flags: ${appNodeFlagsNote()}`,
          "the emulator runs in the bench process (with the load generator), the app and the bare server each in their own",
        ],
      };
    } finally {
      await bare?.stop();
      await app?.stop();
      await emulator.close();
    }
  },
};
