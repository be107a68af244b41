/**
 * The Slack emulator in a worker thread, for benches that send through it: Slack's servers do
 * their work on other machines, so the emulator gets its own event loop (and core) instead of
 * sharing the app's. The main thread talks to it by messages: inject a failure, ask for a summary
 * of what it received, close it. Only plain options cross the thread (no clock, no validator).
 *
 * tsx's loader hooks do not reach worker threads on Node 20, so the worker starts from a line of
 * JavaScript that registers tsx and then imports this module.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { EmulatorOptions, FailRule, RecordedCall } from "../../src/emulator/index.js";

/** What a plain EmulatorOptions may hold to cross into the worker. */
export type PlainEmulatorOptions = Omit<EmulatorOptions, "clock" | "validator">;

/** What the emulator received, boiled down in the worker (the call log stays there). */
export interface CallSummary {
  /** Calls per method. */
  readonly calls: Record<string, number>;
  /** 429 answers per method. */
  readonly limited: Record<string, number>;
  /** Per prompt id (message metadata `poc_prompt`): successful top-level posts. */
  readonly promptPosts: ReadonlyArray<readonly [number, number]>;
  /** Wall-clock ms (Date.now in the worker) of the first and last successful prompt post. */
  readonly firstPromptPostAt: number | undefined;
  readonly lastPromptPostAt: number | undefined;
  /** For each channel asked about: the HTTP status of its first chat.postMessage (0: none). */
  readonly firstPostStatus: Readonly<Record<string, number>>;
}

export interface RemoteEmulator {
  readonly url: string;
  failNext(rule: FailRule): Promise<void>;
  summary(channels?: readonly string[]): Promise<CallSummary>;
  close(): Promise<void>;
}

type Ask =
  | { readonly type: "failNext"; readonly rule: FailRule }
  | { readonly type: "summary"; readonly channels: readonly string[] }
  | { readonly type: "close" };
type Request = Ask & { readonly id: number };

type Reply =
  | { readonly type: "ready"; readonly url: string }
  | { readonly type: "failed"; readonly message: string }
  | { readonly id: number; readonly type: "done"; readonly value?: unknown };

/** Starts the emulator in a worker; resolves once it listens. */
export function startRemoteEmulator(options: PlainEmulatorOptions): Promise<RemoteEmulator> {
  const entry = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: options });
  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const ask = (request: Ask): Promise<unknown> =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      worker.postMessage({ ...request, id: nextId });
    });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (reply: Reply) => {
      if (reply.type === "failed") reject(new Error(`emulator worker: ${reply.message}`));
      else if (reply.type === "ready") {
        resolve({
          url: reply.url,
          failNext: async (rule) => {
            await ask({ type: "failNext", rule });
          },
          summary: async (channels = []) =>
            (await ask({ type: "summary", channels })) as CallSummary,
          close: async () => {
            await ask({ type: "close" });
            await worker.terminate();
          },
        });
      } else {
        pending.get(reply.id)?.(reply.value);
        pending.delete(reply.id);
      }
    });
  });
}

const PROMPT_METADATA = "poc_prompt";

function promptIdOf(call: RecordedCall): number | undefined {
  const metadata = call.params.metadata as
    | { event_type?: string; event_payload?: { prompt_id?: unknown } }
    | undefined;
  if (metadata?.event_type !== PROMPT_METADATA || call.params.thread_ts !== undefined) {
    return undefined;
  }
  return Number(metadata.event_payload?.prompt_id);
}

function summarize(calls: readonly RecordedCall[], channels: readonly string[]): CallSummary {
  const byMethod: Record<string, number> = {};
  const limited: Record<string, number> = {};
  const posts = new Map<number, number>();
  const firstPostStatus: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
  let first: number | undefined;
  let last: number | undefined;
  for (const call of calls) {
    byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
    if (call.status === 429) limited[call.method] = (limited[call.method] ?? 0) + 1;
    if (call.method !== "chat.postMessage") continue;
    const channel = String(call.params.channel ?? "");
    if (firstPostStatus[channel] === 0) firstPostStatus[channel] = call.status;
    const id = promptIdOf(call);
    const ok = call.status === 200 && (call.response as { ok?: boolean }).ok === true;
    if (id === undefined || !ok) continue;
    posts.set(id, (posts.get(id) ?? 0) + 1);
    first = first === undefined ? call.at : Math.min(first, call.at);
    last = last === undefined ? call.at : Math.max(last, call.at);
  }
  return {
    calls: byMethod,
    limited,
    promptPosts: [...posts.entries()],
    firstPromptPostAt: first,
    lastPromptPostAt: last,
    firstPostStatus,
  };
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    const { startEmulator } = await import("../../src/emulator/index.js");
    const emulator = await startEmulator(workerData as PlainEmulatorOptions);
    port.on("message", async (request: Request) => {
      let value: unknown;
      if (request.type === "failNext") emulator.failNext(request.rule);
      else if (request.type === "summary") value = summarize(emulator.calls, request.channels);
      else if (request.type === "close") await emulator.close();
      port.postMessage({ id: request.id, type: "done", value } satisfies Reply);
    });
    port.postMessage({ type: "ready", url: emulator.url } satisfies Reply);
  } catch (error) {
    port.postMessage({ type: "failed", message: String(error) } satisfies Reply);
  }
}

if (!isMainThread) void serve();
