/**
 * Spawns a bench target (bench/targets/app.ts or bare.ts) as a child process with IPC, and
 * measures its start-up from the parent's side: spawn -> `ready` on IPC.
 *
 * The targets run as `npm start` runs the app: compiled into dist/ (tsconfig.bench.json: the
 * sources and bench/targets, built once per bench process) under plain node, the app with the
 * node flags of package.json's start script.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build, startCommand } from "../../test/support/startCommand.js";
import type {
  LogCounts,
  LoopDelay,
  Memory,
  ServerTimes,
  StartupTimings,
  TargetMessage,
  TargetRequest,
  TickReply,
} from "../targets/protocol.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TARGETS = {
  app: fileURLToPath(new URL("../../dist/bench/targets/app.js", import.meta.url)),
  bare: fileURLToPath(new URL("../../dist/bench/targets/bare.js", import.meta.url)),
} as const;

let built = false;
/** Compiles the targets and the sources into dist/ the first time a target is spawned. */
function buildTargets(): void {
  if (built) return;
  build("tsconfig.bench.json");
  built = true;
}

/** A request without its id (the id is added when it is sent). */
type Request = TargetRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

export interface Target {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Parent's clock: spawn() called -> `ready` received. */
  readonly spawnToReadyMs: number;
  /** The child's own account of its start-up. */
  readonly timings: StartupTimings;
  memory(): Promise<Memory>;
  logs(): Promise<LogCounts>;
  /** The child's event-loop delay since the last call. */
  loopDelay(): Promise<LoopDelay>;
  /** Server-side request times since the last call (the app target only). */
  serverTimes(): Promise<ServerTimes>;
  tick(at: number): Promise<TickReply>;
  heapSnapshot(file: string): Promise<string>;
  /** Asks the child to stop and waits for it to exit (kills it after 10 s). */
  stop(): Promise<void>;
  /** Whatever the child wrote on stderr (the app logs through IPC counts, not stderr). */
  stderr(): string;
}

export interface SpawnOptions {
  readonly env?: Record<string, string>;
  /** Extra node flags, e.g. ["--cpu-prof", "--cpu-prof-dir", dir]. */
  readonly nodeArgs?: readonly string[];
  /** Give up waiting for `ready` after this long. */
  readonly timeoutMs?: number;
}

export async function spawnTarget(
  kind: keyof typeof TARGETS,
  options: SpawnOptions = {},
): Promise<Target> {
  buildTargets();
  const flags = kind === "app" ? startCommand().nodeFlags : [];
  const started = performance.now();
  const child: ChildProcess = fork(TARGETS[kind], [], {
    cwd: ROOT,
    execArgv: [...flags, ...(options.nodeArgs ?? [])],
    env: { PATH: process.env.PATH ?? "", TZ: process.env.TZ ?? "UTC", ...options.env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (stderr.length < 100_000) stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  let nextId = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  const ready = await new Promise<{ port: number; timings: StartupTimings; at: number }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${kind} target not ready after ${options.timeoutMs ?? 120_000} ms: ${stderr}`,
            ),
          ),
        options.timeoutMs ?? 120_000,
      );
      child.on("message", (message: TargetMessage) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          resolve({ port: message.port, timings: message.timings, at: performance.now() });
        } else if (message.type === "failed") {
          clearTimeout(timer);
          reject(new Error(`${kind} target failed to start: ${message.error}`));
        } else if (message.type === "reply") {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) waiter?.resolve(message.value);
          else waiter?.reject(new Error(`${kind} target: ${message.error}`));
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} target exited (${code}) before ready: ${stderr}`));
      });
    },
  ).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  void exited.then((code) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`${kind} target exited (${code})`));
    pending.clear();
  });

  const ask = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...request, id: nextId } as TargetRequest);
    });

  return {
    pid: child.pid ?? 0,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    spawnToReadyMs: ready.at - started,
    timings: ready.timings,
    memory: () => ask<Memory>({ type: "memory" }),
    logs: () => ask<LogCounts>({ type: "logs" }),
    loopDelay: () => ask<LoopDelay>({ type: "loopDelay" }),
    serverTimes: () => ask<ServerTimes>({ type: "serverTimes" }),
    tick: (at) => ask<TickReply>({ type: "tick", at }),
    heapSnapshot: (file) => ask<string>({ type: "heapSnapshot", file }),
    async stop() {
      if (child.exitCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await Promise.race([ask({ type: "stop" }).catch(() => undefined), exited]);
      await exited;
      clearTimeout(timer);
    },
    stderr: () => stderr,
  };
}
