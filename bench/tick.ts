/**
 * Bench 2, tick planning: the app's real tick (`services.tick.run(now)`, every step) with sending
 * stubbed (an in-memory messenger that answers at once), so the figures are the tick's own work:
 * SQLite reads and writes, slot maths, the outbox steps.
 *
 * On a copy of the large data set:
 * - nothing due, cold: the first tick in a fresh process (no in-memory planning memo);
 * - nothing due, warm: the median of later ticks in the same process (the scheduler's case);
 * - 5,000 due: the tick at the instant 5,000 weekly commitments fall due (plan + claim + "send");
 * - already prompted: the tick right after that one.
 *
 * On the roster of the performance issue (bench/lib/roster.ts: 200 partnerships × 100 owners,
 * four zones, Monday 09:30 local): nothing due (warm), the tick that finds all 20,000 Monday
 * slots due at once, and the idempotent pass right after it; with the SQL statements and
 * transactions each prompt cost.
 */
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/index.js";
import type { Services } from "../src/services/index.js";
import type { TickSummary } from "../src/services/tick.js";
import type { Bench } from "./lib/bench.js";
import { benchDataSet, copyLargeDataSet } from "./lib/largeDb.js";
import { atMost, type BenchResult, figure } from "./lib/results.js";
import { QUICK_ROSTER, ROSTER, writeRoster } from "./lib/roster.js";
import { type SqlCounter, sqlCounter } from "./lib/sqlCounter.js";
import { median } from "./lib/stats.js";
import { stubbedServices, type stubMessenger } from "./lib/stubMessenger.js";

interface Opened {
  readonly services: Services;
  readonly sqlite: Database.Database;
  readonly messenger: ReturnType<typeof stubMessenger>;
  close(): void;
}

function open(file: string, now: () => number): Opened {
  const database = openDatabase(file);
  return {
    ...stubbedServices(database, now),
    sqlite: database.sqlite,
    close: () => database.close(),
  };
}

function slowestSteps(summary: TickSummary, n = 3): string {
  return Object.entries(summary.stepsMs ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(", ");
}

/** The roster's three cases in one warm process on a fresh copy. */
async function rosterCases(
  ctx: Parameters<Bench["run"]>[0],
  counter: SqlCounter,
  runs: number,
): Promise<{ figures: BenchResult["figures"]; notes: string[] }> {
  const roster = await writeRoster(`${ctx.scratch}/roster`, ctx.quick ? QUICK_ROSTER : ROSTER);
  const n = roster.commitments;
  let clock = roster.nothingDue;
  const opened = open(roster.file, () => clock);
  await opened.services.tick.run(roster.nothingDue - 30_000);
  const setClock = (at: number) => {
    clock = at;
  };
  const idle = await timedTicks(opened, setClock, roster.nothingDue, runs);
  clock = roster.dueAt;
  const started = performance.now();
  const [due, sql] = await counter.count(opened.sqlite, () =>
    opened.services.tick.run(roster.dueAt),
  );
  const dueMs = performance.now() - started;
  if (due.promptsSent !== n || opened.messenger.posted() !== n) {
    throw new Error(`expected ${n} prompts sent at the roster's due time: ${JSON.stringify(due)}`);
  }
  ctx.progress(`roster: ${n} due: ${dueMs.toFixed(1)} ms (${slowestSteps(due)})`);
  const after = await timedTicks(opened, setClock, roster.dueAt + 1000, runs);
  opened.close();
  const perPrompt = (x: number) => (x / n).toFixed(2);
  return {
    figures: [
      atMost("roster: nothing due, warm (median)", median(idle.ms), "ms", 3),
      figure(`roster: ${n} prompts due in one tick`, dueMs, "ms"),
      atMost("roster: … per prompt", (dueMs * 1000) / n, "us", 15),
      atMost("roster: idempotent pass after (median)", median(after.ms), "ms", 8),
    ],
    notes: [
      `roster: ${roster.shape.partnerships} partnerships × ${roster.shape.ownersPerPartnership} owners (New York, London, Kolkata, Sydney), Monday 09:30 local, four weeks of settled history (${roster.counts.prompts} prompts, ${roster.counts.check_ins} check-ins)`,
      `roster ${n}-due tick steps (ms): ${stepsOf(due)}`,
      `roster ${n}-due tick SQL: ${sql.statements} statements (${perPrompt(sql.statements)} a prompt), ${sql.transactions} transactions of which ${sql.writeTransactions} could write (${perPrompt(sql.writeTransactions)} a prompt)`,
      `roster nothing-due steps (median ms): ${medianSteps(idle.summaries)}`,
    ],
  };
}

/** `runs` ticks a second apart from `from`, each timed, the clock moved to each one first. */
async function timedTicks(
  opened: Opened,
  setClock: (at: number) => void,
  from: number,
  runs: number,
): Promise<{ ms: number[]; summaries: TickSummary[] }> {
  const ms: number[] = [];
  const summaries: TickSummary[] = [];
  for (let i = 0; i < runs; i++) {
    const at = from + i * 1000;
    setClock(at);
    const started = performance.now();
    summaries.push(await opened.services.tick.run(at));
    ms.push(performance.now() - started);
  }
  return { ms, summaries };
}

function stepsOf(summary: TickSummary): string {
  return Object.entries(summary.stepsMs ?? {})
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(", ");
}

function medianSteps(summaries: readonly TickSummary[]): string {
  return Object.keys(summaries[0]?.stepsMs ?? {})
    .map((name) => `${name} ${median(summaries.map((s) => s.stepsMs?.[name] ?? 0)).toFixed(2)}`)
    .join(", ");
}

export const tickBench: Bench = {
  name: "tick",
  title: "2. Tick planning on the large data set (sending stubbed)",
  async run(ctx): Promise<BenchResult> {
    // Installed before any repository is built: it wraps the driver's statements and transactions.
    const probe = new Database(":memory:");
    const counter = sqlCounter(probe);
    probe.close();
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
    const setClock = (at: number) => {
      clock = at;
    };
    const warm = await timedTicks(first, setClock, data.now, runs);
    ctx.progress(
      `nothing due: cold ${cold.tookMs} ms (${slowestSteps(cold)}), warm median ${median(warm.ms).toFixed(2)} ms`,
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
    const after = await timedTicks(first, setClock, data.dueAt + 1000, runs);
    first.close();

    // The same 5,000 from a cold process (a restart just before the slot, or `poc tick`).
    const coldCopy = copyLargeDataSet(data, `${ctx.scratch}/tick-cold`);
    const second = open(coldCopy, () => data.dueAt);
    const coldDue = await second.services.tick.run(data.dueAt);
    second.close();

    const roster = await rosterCases(ctx, counter, runs);
    return {
      bench: this.title,
      figures: [
        atMost("nothing due, warm (median)", median(warm.ms), "ms", 3),
        figure("nothing due, cold (first tick of a process)", cold.tookMs ?? Number.NaN, "ms"),
        figure(`${data.shape.dueAtOnce} prompts due, warm`, dueMs, "ms"),
        figure(`  of which planning`, due.stepsMs?.plan ?? Number.NaN, "ms"),
        figure(`  of which sending (stubbed)`, due.stepsMs?.send ?? Number.NaN, "ms"),
        figure(`${data.shape.dueAtOnce} prompts due, cold`, coldDue.tookMs ?? Number.NaN, "ms"),
        atMost("already prompted, warm (median)", median(after.ms), "ms", 8),
        ...roster.figures,
      ],
      notes: [
        `data set: ${data.counts.commitments} commitments, ${data.counts.check_ins} check-ins, ${data.counts.prompts} prompts, seed ${data.seed}`,
        `warm nothing-due steps (median ms): ${medianSteps(warm.summaries)}`,
        `cold nothing-due slowest steps: ${slowestSteps(cold)}`,
        `${data.shape.dueAtOnce}-due tick: ${due.promptsSent} sent, ${due.silenceEscalations} silent owners escalated, ${due.remindersSent} reminders; slowest steps: ${slowestSteps(due)}`,
        ...roster.notes,
      ],
    };
  },
};
