/**
 * `npm run bench [-- <name>...] [--quick]`: runs the benchmarks (all by default, in the order
 * below), prints each one's figures, and appends the run to bench/results.json with the machine's
 * CPU count, Node version and the date. docs/benchmarks.md explains each and the latest figures.
 *
 * The large data set (200 partnerships, 20,000 commitments, 1,000,000 check-ins) is generated from
 * a seed on first use and kept in bench/.data/ (gitignored), so later runs start at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Bench } from "./lib/bench.js";
import { appendRun, type BenchResult, printResult, RESULTS_FILE } from "./lib/results.js";

/** In the order they run; each module is loaded only when its bench is selected. */
const BENCHES: ReadonlyArray<{ name: string; load: () => Promise<Bench> }> = [
  { name: "ack", load: async () => (await import("./ack.js")).ackBench },
  { name: "tick", load: async () => (await import("./tick.js")).tickBench },
  { name: "dispatch", load: async () => (await import("./dispatch.js")).dispatchBench },
  { name: "digest", load: async () => (await import("./digest.js")).digestBench },
  { name: "footprint", load: async () => (await import("./footprint.js")).footprintBench },
];

function usage(names: readonly string[]): string {
  return `usage: npm run bench [-- <name>...] [--quick]\n  names: ${names.join(", ")}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const names = BENCHES.map((b) => b.name);
  const quick = argv.includes("--quick");
  const wanted = argv.filter((a) => a !== "--quick");
  if (wanted.includes("--help") || wanted.includes("-h")) {
    process.stdout.write(usage(names));
    return 0;
  }
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}\n${usage(names)}`);
    return 2;
  }
  const selected = await Promise.all(
    BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name)).map((b) => b.load()),
  );
  const scratch = mkdtempSync(path.join(os.tmpdir(), "poc-bench-"));
  const results: BenchResult[] = [];
  const write = (line: string) => process.stdout.write(`${line}\n`);
  try {
    for (const bench of selected) {
      process.stderr.write(`bench: ${bench.title}\n`);
      const result = await bench.run({
        progress: (line) => process.stderr.write(`  ${bench.name}: ${line}\n`),
        scratch,
        quick,
      });
      const marked = quick
        ? { ...result, notes: [...(result.notes ?? []), "quick run: reduced counts"] }
        : result;
      printResult(marked, write);
      results.push(marked);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!quick) {
    appendRun(results);
    write(`\nappended to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } else {
    write("\n--quick: not appended to bench/results.json");
  }
  const missed = results.flatMap((r) => r.figures.filter((f) => f.met === false));
  if (missed.length > 0) write(`goals missed: ${missed.map((f) => f.name).join("; ")}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
