/**
 * `npm run bench`: the benchmarks arrive with the benchmarks issue (ack latency, tick planning,
 * dispatch under Slack's limits, digests, footprint); until then this says so.
 */
process.stdout.write("no benchmarks yet\n");
