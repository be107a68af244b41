/**
 * Figures from `npm run bench`: printed as they come, and appended to `bench/results.json` with
 * the machine they came from (CPU count and model, Node version, date), so a later run can be
 * compared with an earlier one on the same kind of machine.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

export const RESULTS_FILE = fileURLToPath(new URL("../results.json", import.meta.url));

/** One figure: a name, its value, its unit, and (when the issue sets one) the goal it is read against. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** "≤ 10 ms", "0": how the goal reads; `met` says whether the value meets it. */
  readonly goal?: string;
  readonly met?: boolean;
}

export interface BenchResult {
  readonly bench: string;
  readonly figures: readonly Figure[];
  /** Anything a reader needs to interpret the figures (data set, settings, caveats). */
  readonly notes?: readonly string[];
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly totalMemoryMb: number;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
  };
}

/** A figure checked against an upper bound. */
export function atMost(name: string, value: number, unit: string, goal: number): Figure {
  return { name, value: round(value), unit, goal: `≤ ${goal} ${unit}`.trim(), met: value <= goal };
}

/** A figure with no goal of its own (context for the ones that have one). */
export function figure(name: string, value: number, unit: string): Figure {
  return { name, value: round(value), unit };
}

export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function formatFigure(f: Figure): string {
  const goal = f.goal === undefined ? "" : `   goal ${f.goal}: ${f.met ? "met" : "MISSED"}`;
  return `  ${f.name.padEnd(44)} ${String(f.value).padStart(10)} ${f.unit}${goal}`;
}

export function printResult(result: BenchResult, write: (line: string) => void): void {
  write(`\n${result.bench}`);
  for (const f of result.figures) write(formatFigure(f));
  for (const note of result.notes ?? []) write(`  · ${note}`);
}

export interface RunRecord {
  readonly date: string;
  readonly machine: Machine;
  readonly results: readonly BenchResult[];
}

/** Appends one run (all benches that ran) to the results file; the file is a JSON array. */
export function appendRun(results: readonly BenchResult[], file = RESULTS_FILE): RunRecord {
  const record: RunRecord = { date: new Date().toISOString(), machine: machine(), results };
  const previous: RunRecord[] = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as RunRecord[])
    : [];
  writeFileSync(file, `${JSON.stringify([...previous, record], null, 2)}\n`);
  return record;
}
