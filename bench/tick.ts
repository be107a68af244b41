/**
 * Bench 2, tick planning: the app's real tick (`services.tick.run(now)`, every step) on a copy of
 * the large data set, with sending stubbed (an in-memory messenger that answers at once), so the
 * figures are the tick's own work: SQLite reads and writes, slot maths, the outbox steps.
 *
 * - nothing due, cold: the first tick in a fresh process (no in-memory planning memo);
 * - nothing due, warm: the median of later ticks in the same process (the scheduler's case);
 * - 5,000 due: the tick at the instant 5,000 weekly commitments fall due (plan + claim + "send");
 * - already prompted: the tick right after that one.
 */
import { openDatabase } from "../src/db/index.js";
import type { Services } from "../src/services/index.js";
import type { TickSummary } from "../src/services/tick.js";
import type { Bench } from "./lib/bench.js";
import { benchDataSet, copyLargeDataSet } from "./lib/largeDb.js";
import { atMost, type BenchResult, figure } from "./lib/results.js";
import { median } from "./lib/stats.js";
import { stubbedServices, type stubMessenger } from "./lib/stubMessenger.js";

interface Opened {
  readonly services: Services;
  readonly messenger: ReturnType<typeof stubMessenger>;
  close(): void;
}

function open(file: string, now: () => number): Opened {
  const database = openDatabase(file);
  return { ...stubbedServices(database, now), close: () => database.close() };
}

function slowestSteps(summary: TickSummary, n = 3): string {
  return Object.entries(summary.stepsMs ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(", ");
}

export const tickBench: Bench = {
  name: "tick",
  title: "2. Tick planning on the large data set (sending stubbed)",
  async run(ctx): Promise<BenchResult> {
    const data = await benchDataSet(ctx);
    const file = copyLargeDataSet(data, `${ctx.scratch}/tick`);
    const runs = ctx.quick ? 5 : 21;

    // Nothing due: a cold tick, then warm ones (the scheduler's every-minute case).
    let clock = data.now;
    const first = open(file, () => clock);
    const cold = await first.services.tick.run(data.now);
    if (cold.promptsPlanned !== 0 || first.messenger.posted() !== 0) {
      throw new Error(
        `expected nothing due at ${new Date(data.now).toISOString()}: ${JSON.stringify(cold)}`,
      );
    }
    const warm: number[] = [];
    const warmSummaries: TickSummary[] = [];
    for (let i = 0; i < runs; i++) {
      clock = data.now + i * 1000;
      const started = performance.now();
      const summary = await first.services.tick.run(clock);
      warm.push(performance.now() - started);
      warmSummaries.push(summary);
    }
    ctx.progress(
      `nothing due: cold ${cold.tookMs} ms (${slowestSteps(cold)}), warm median ${median(warm).toFixed(2)} ms`,
    );

    // 5,000 due, in the same (warm) process, as the scheduler would meet it.
    clock = data.dueAt;
    const dueStarted = performance.now();
    const due = await first.services.tick.run(data.dueAt);
    const dueMs = performance.now() - dueStarted;
    if (
      due.promptsPlanned !== data.shape.dueAtOnce ||
      first.messenger.posted() !== data.shape.dueAtOnce
    ) {
      throw new Error(
        `expected ${data.shape.dueAtOnce} prompts at due time: ${JSON.stringify(due)}`,
      );
    }
    ctx.progress(`${data.shape.dueAtOnce} due: ${dueMs.toFixed(1)} ms (${slowestSteps(due)})`);
    const after: number[] = [];
    for (let i = 1; i <= runs; i++) {
      clock = data.dueAt + i * 1000;
      const started = performance.now();
      await first.services.tick.run(clock);
      after.push(performance.now() - started);
    }
    first.close();

    // The same 5,000 from a cold process (a restart just before the slot, or `poc tick`).
    const coldCopy = copyLargeDataSet(data, `${ctx.scratch}/tick-cold`);
    const second = open(coldCopy, () => data.dueAt);
    const coldDue = await second.services.tick.run(data.dueAt);
    second.close();

    const warmMedianSteps = Object.fromEntries(
      Object.keys(warmSummaries[0]?.stepsMs ?? {}).map((name) => [
        name,
        median(warmSummaries.map((s) => s.stepsMs?.[name] ?? 0)),
      ]),
    );
    return {
      bench: this.title,
      figures: [
        atMost("nothing due, warm (median)", median(warm), "ms", 10),
        figure("nothing due, cold (first tick of a process)", cold.tookMs ?? Number.NaN, "ms"),
        figure(`${data.shape.dueAtOnce} prompts due, warm`, dueMs, "ms"),
        figure(`  of which planning`, due.stepsMs?.plan ?? Number.NaN, "ms"),
        figure(`  of which sending (stubbed)`, due.stepsMs?.send ?? Number.NaN, "ms"),
        figure(`${data.shape.dueAtOnce} prompts due, cold`, coldDue.tookMs ?? Number.NaN, "ms"),
        figure("already prompted, warm (median)", median(after), "ms"),
      ],
      notes: [
        `data set: ${data.counts.commitments} commitments, ${data.counts.check_ins} check-ins, ${data.counts.prompts} prompts, seed ${data.seed}`,
        `warm nothing-due steps (median ms): ${Object.entries(warmMedianSteps)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(", ")}`,
        `cold nothing-due slowest steps: ${slowestSteps(cold)}`,
        `${data.shape.dueAtOnce}-due tick: ${due.promptsSent} sent, ${due.silenceEscalations} silent owners escalated, ${due.remindersSent} reminders; slowest steps: ${slowestSteps(due)}`,
      ],
    };
  },
};
