/**
 * Bench 4, digests: building a partnership's weekly digest on the large data set, through the
 * same service call `/poc digest` makes (`services.digests.preview`: 12 partnership-scoped
 * queries, then the pure model), then rendering it to Block Kit (parent + thread replies).
 * One 500-commitment partnership (median of repeated builds), then all 200 partnerships in turn.
 */
import { openDatabase } from "../src/db/index.js";
import { renderDigest } from "../src/slack/views/digest.js";
import type { Bench } from "./lib/bench.js";
import { benchDataSet, copyLargeDataSet } from "./lib/largeDb.js";
import { atMost, type BenchResult, figure } from "./lib/results.js";
import { median, quantile } from "./lib/stats.js";
import { stubbedServices } from "./lib/stubMessenger.js";

export const digestBench: Bench = {
  name: "digest",
  title: "4. Digests on the large data set",
  async run(ctx): Promise<BenchResult> {
    const data = await benchDataSet(ctx);
    const file = copyLargeDataSet(data, `${ctx.scratch}/digest`);
    const database = openDatabase(file);
    const { services } = stubbedServices(database, () => data.now);
    // Monday morning, right after the digest slot of most partnerships: last week in full.
    const now = data.now;
    const build = (p: (typeof data.partnerships)[number]) =>
      services.digests.preview(
        { teamId: data.teamId, userId: p.coordinatorUserId, channelId: p.channelId },
        now,
      );
    try {
      const big = data.partnerships.find(
        (p) => p.commitments === data.shape.bigPartnershipCommitments,
      );
      if (big === undefined) throw new Error("the data set has no big partnership");
      const runs = ctx.quick ? 5 : 21;
      const oneBuild: number[] = [];
      const oneRender: number[] = [];
      let replies = 0;
      let parentBlocks = 0;
      for (let i = 0; i < runs + 2; i++) {
        const started = performance.now();
        const digest = build(big);
        const built = performance.now();
        const rendered = renderDigest(digest, { chart: true });
        const done = performance.now();
        if (i < 2) continue; // warm-up: statements prepared, code compiled
        oneBuild.push(built - started);
        oneRender.push(done - built);
        replies = rendered.replies.length;
        parentBlocks = rendered.parent.blocks.length;
      }
      ctx.progress(
        `one partnership: build ${median(oneBuild).toFixed(2)} ms, render ${median(oneRender).toFixed(2)} ms`,
      );

      const each: number[] = [];
      const started = performance.now();
      for (const p of data.partnerships) {
        const t = performance.now();
        renderDigest(build(p), { chart: true });
        each.push(performance.now() - t);
      }
      const all = performance.now() - started;
      ctx.progress(`all ${data.partnerships.length}: ${all.toFixed(0)} ms`);
      return {
        bench: this.title,
        figures: [
          atMost(
            `one ${big.commitments}-commitment partnership: build (median)`,
            median(oneBuild),
            "ms",
            20,
          ),
          figure("  and render to Block Kit (median)", median(oneRender), "ms"),
          figure("  build, p90 of the runs", quantile(oneBuild, 0.9), "ms"),
          atMost(`all ${data.partnerships.length} partnerships: build and render`, all, "ms", 2000),
          figure("  slowest single partnership", Math.max(...each), "ms"),
        ],
        notes: [
          `data set: ${data.counts.commitments} commitments, ${data.counts.check_ins} check-ins, ${data.counts.prompts} prompts, seed ${data.seed}`,
          `the big partnership's digest: a parent of ${parentBlocks} blocks and ${replies} thread replies`,
          `${runs} timed builds after 2 warm-up builds; "all" runs once, in partnership order, in one process`,
        ],
      };
    } finally {
      database.close();
    }
  },
};
