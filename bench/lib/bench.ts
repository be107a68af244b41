/** What every benchmark module exports, and what the runner hands it. */
import type { BenchResult } from "./results.js";

export interface BenchContext {
  /** Prints one line of progress (stderr) so a long run shows where it is. */
  progress(line: string): void;
  /** A scratch folder for this run (removed at the end). */
  readonly scratch: string;
  /** True with `--quick`: smaller counts, for trying a bench out; figures are marked as such. */
  readonly quick: boolean;
}

export interface Bench {
  /** The name `npm run bench -- <name>` selects. */
  readonly name: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}
