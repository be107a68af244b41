/**
 * The floor for request latency: a bare node:http server in its own process that answers every
 * request with 200 and an empty body as soon as the request body has arrived (the least any HTTP
 * server that reads requests can do). Same launcher, IPC and keep-alive defaults as the app
 * target, so the two differ only in what happens between request and answer.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { LoopDelay, Memory, TargetMessage, TargetRequest } from "./protocol.js";

const entryMs = performance.now();

function send(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-length": "0" });
    res.end();
  });
});

process.on("disconnect", () => process.exit(0));

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  const now = performance.now();
  void send({
    type: "ready",
    port,
    timings: { entryMs, importMs: 0, startPocMs: 0, readyAtMs: now },
  });
});

process.on("message", (request: TargetRequest) => {
  let value: unknown = true;
  if (request.type === "memory") {
    const m = process.memoryUsage();
    value = {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      peakRss: undefined,
      rssAnon: undefined,
      rssFile: undefined,
      heapSpaces: {},
      sqliteCacheSize: 0,
      sqliteMmapSize: 0,
    } satisfies Memory;
  }
  if (request.type === "loopDelay") {
    value = {
      p50: loop.percentile(50) / 1e6,
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
    } satisfies LoopDelay;
    loop.reset();
  }
  const done = () =>
    send({ type: "reply", id: request.id, ok: true, value }).then(() => {
      if (request.type === "stop") process.exit(0);
    });
  if (request.type === "stop") {
    server.close();
    server.closeAllConnections();
  }
  void done();
});
