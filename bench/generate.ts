/**
 * `npx tsx bench/generate.ts [--quick] [--seed N]`: generates the large data set into bench/.data/
 * ahead of a run (the benches also do it on first use) and prints its row counts.
 */
import { FULL_SHAPE, largeDataSet, QUICK_SHAPE } from "./lib/largeDb.js";

const argv = process.argv.slice(2);
const seedAt = argv.indexOf("--seed");
const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : undefined;
if (seed !== undefined && !Number.isSafeInteger(seed)) {
  process.stderr.write("generate: --seed expects an integer\n");
  process.exit(2);
}
const data = await largeDataSet({
  shape: argv.includes("--quick") ? QUICK_SHAPE : FULL_SHAPE,
  ...(seed !== undefined ? { seed } : {}),
  progress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${data.file}\n${JSON.stringify(data.counts, null, 2)}\n`);
