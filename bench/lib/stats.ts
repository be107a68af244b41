/** Small statistics for latency samples. */

/** The q-quantile (0..1) of the samples by the nearest-rank method; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export function max(samples: readonly number[]): number {
  return samples.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
}

/** Runs `work` `runs` times and returns each run's milliseconds. */
export async function timeRuns(runs: number, work: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    out.push(performance.now() - start);
  }
  return out;
}
