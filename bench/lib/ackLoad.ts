/**
 * The ack-latency load: a seeded mix of signed slash commands and button clicks, as Slack sends
 * them (form bodies, `x-slack-signature`), and a closed-loop client that keeps N requests in
 * flight on one keep-alive agent and times each one until its whole answer (the ack) is back.
 *
 * The same request list can be replayed against two servers (the app and a bare node:http
 * server), so the two runs differ only in what answers.
 */
import http from "node:http";
import { signature } from "../../src/emulator/deliver.js";
import type { Emulator, StoredMessage } from "../../src/emulator/index.js";
import { ACTIONS, COMMAND } from "../../src/slack/ids.js";
import type { LargeDataSet } from "./largeDb.js";
import { type Random, seededRandom } from "./random.js";
import { max, quantile } from "./stats.js";

/** What a request is, for per-kind figures. */
export type RequestKind =
  | "/poc mine"
  | "/poc status"
  | "/poc blockers"
  | "/poc help"
  | "/poc checkin"
  | "/poc digest"
  | "/poc agenda"
  | "click On track"
  | "click Update"
  | "click Snooze";

/**
 * The mix (weights out of 100): half commands, half clicks, as on a Monday morning right after
 * the week's prompts went out. Reading commands dominate; digest and agenda previews are rarer.
 */
export const MIX: Readonly<Record<RequestKind, number>> = {
  "/poc mine": 16,
  "/poc status": 10,
  "/poc blockers": 8,
  "/poc help": 5,
  "/poc checkin": 5,
  "/poc digest": 3,
  "/poc agenda": 3,
  "click On track": 20,
  "click Update": 18,
  "click Snooze": 12,
};

/** Share of commands and of clicks that come from partnership 1 (500 commitments). */
const BIG_PARTNERSHIP_SHARE = 0.3;

export interface LoadRequest {
  readonly kind: RequestKind;
  readonly body: string;
}

export interface SignedRequest extends LoadRequest {
  readonly headers: Readonly<Record<string, string>>;
}

export interface PromptMessage {
  readonly userId: string;
  readonly message: StoredMessage;
}

/** Prompt messages the app posted in owners' DMs (those that still carry the prompt buttons). */
export function promptMessages(emulator: Emulator): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (const message of emulator.messages()) {
    if (!message.channel.startsWith("D")) continue;
    const hasButtons = (message.blocks ?? []).some((b) =>
      ((b as { elements?: { action_id?: string }[] }).elements ?? []).some(
        (e) => e.action_id === ACTIONS.promptOnTrack,
      ),
    );
    if (hasButtons) out.push({ userId: message.channel.slice(1), message });
  }
  return out;
}

export interface MixOptions {
  readonly data: LargeDataSet;
  /** The emulator's origin: response_urls point at its sink. */
  readonly emulatorOrigin: string;
  /** Current-period prompt messages the clicks answer (each clicked at most once). */
  readonly prompts: readonly PromptMessage[];
  readonly seed: number;
}

/**
 * Builds requests from a seeded stream; `take(n)` returns the next n, so a warm-up and the
 * measured run draw different requests (fresh trigger ids, prompts not clicked before).
 */
export function requestMix(options: MixOptions): {
  take(n: number): LoadRequest[];
  /** The next n requests, all commands of one kind (e.g. the floor run's `/poc help`). */
  commands(kind: RequestKind, n: number): LoadRequest[];
} {
  const { data, emulatorOrigin } = options;
  const r = seededRandom(options.seed);
  const kinds = Object.entries(MIX) as [RequestKind, number][];
  const total = kinds.reduce((s, [, w]) => s + w, 0);
  const big = data.partnerships[0];
  const bigOwners = new Set(big?.ownerUserIds ?? []);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a;
  };
  const bigPrompts = shuffle(options.prompts.filter((p) => bigOwners.has(p.userId)));
  const otherPrompts = shuffle(options.prompts.filter((p) => !bigOwners.has(p.userId)));
  let seq = 0;

  const pickKind = (): RequestKind => {
    let x = r.next() * total;
    for (const [kind, weight] of kinds) {
      x -= weight;
      if (x < 0) return kind;
    }
    return kinds[0]?.[0] as RequestKind;
  };

  const command = (kind: RequestKind, rand: Random): string => {
    const p =
      rand.chance(BIG_PARTNERSHIP_SHARE) || data.partnerships.length === 1
        ? (big as (typeof data.partnerships)[number])
        : (data.partnerships[
            rand.int(1, data.partnerships.length - 1)
          ] as (typeof data.partnerships)[number]);
    // Agendas are drafted by coordinators; `/poc checkin` is typed by owners.
    const coordinator = kind === "/poc agenda" || (kind !== "/poc checkin" && rand.chance(0.2));
    const userId = coordinator ? p.coordinatorUserId : rand.pick(p.ownerUserIds);
    // `/poc mine` is also typed in the DM with the app (then it spans every partnership).
    const channelId = kind === "/poc mine" && rand.chance(0.2) ? `D${userId}` : p.channelId;
    seq += 1;
    return new URLSearchParams({
      token: "verification-token-unused",
      team_id: data.teamId,
      team_domain: "bench",
      channel_id: channelId,
      channel_name: channelId.startsWith("D") ? "directmessage" : "partnership",
      user_id: userId,
      user_name: userId,
      command: COMMAND,
      text: kind.slice("/poc ".length),
      api_app_id: "A0POC",
      is_enterprise_install: "false",
      response_url: `${emulatorOrigin}/response/bench-${seq}`,
      trigger_id: `bench.${seq}.${options.seed}`,
    }).toString();
  };

  const click = (kind: RequestKind, rand: Random): string | undefined => {
    const pool =
      rand.chance(BIG_PARTNERSHIP_SHARE) && bigPrompts.length > 0 ? bigPrompts : otherPrompts;
    const prompt = pool.pop() ?? bigPrompts.pop() ?? otherPrompts.pop();
    if (prompt === undefined) return undefined;
    const actionId =
      kind === "click On track"
        ? ACTIONS.promptOnTrack
        : kind === "click Update"
          ? ACTIONS.promptUpdate
          : ACTIONS.promptSnooze;
    const { message } = prompt;
    let found: { block_id?: string; value?: string; text?: unknown } | undefined;
    for (const block of (message.blocks ?? []) as { block_id?: string; elements?: unknown[] }[]) {
      for (const el of (block.elements ?? []) as {
        action_id?: string;
        value?: string;
        text?: unknown;
      }[]) {
        if (el.action_id === actionId)
          found = { block_id: block.block_id, value: el.value, text: el.text };
      }
    }
    if (found === undefined) return undefined;
    seq += 1;
    const payload = {
      type: "block_actions",
      team: { id: data.teamId, domain: "bench" },
      user: {
        id: prompt.userId,
        username: prompt.userId,
        name: prompt.userId,
        team_id: data.teamId,
      },
      api_app_id: "A0POC",
      token: "verification-token-unused",
      trigger_id: `bench.${seq}.${options.seed}`,
      container: {
        type: "message",
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
      },
      channel: { id: message.channel, name: "directmessage" },
      message,
      response_url: `${emulatorOrigin}/response/bench-${seq}`,
      actions: [
        {
          type: "button",
          action_id: actionId,
          block_id: found.block_id,
          value: found.value,
          text: found.text,
          action_ts: `${Math.floor(data.dueAt / 1000)}.${String(seq).padStart(6, "0")}`,
        },
      ],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  };

  return {
    take(n) {
      const out: LoadRequest[] = [];
      while (out.length < n) {
        const kind = pickKind();
        const body = kind.startsWith("/poc") ? command(kind, r) : click(kind, r);
        if (body === undefined) throw new Error("ran out of prompt messages to click");
        out.push({ kind, body });
      }
      return out;
    },
    commands(kind, n) {
      if (!kind.startsWith("/poc")) throw new Error(`${kind} is not a command`);
      return Array.from({ length: n }, () => ({ kind, body: command(kind, r) }));
    },
  };
}

/** Signs every request with Slack's scheme at `timestamp` (unix seconds; Bolt allows 5 minutes). */
export function signAll(
  requests: readonly LoadRequest[],
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): SignedRequest[] {
  return requests.map((req) => ({
    ...req,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(req.body)),
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(secret, timestamp, req.body),
    },
  }));
}

export interface Sample {
  readonly kind: RequestKind;
  /** Request written -> whole answer read, in milliseconds. */
  readonly ms: number;
  /** 0 for a network error or a timeout. */
  readonly status: number;
  readonly body: string;
  readonly error?: string;
}

export interface LoadRun {
  readonly samples: readonly Sample[];
  readonly wallMs: number;
}

/** Sends every request, `concurrency` in flight at a time, on one keep-alive agent. */
export async function runLoad(
  url: string,
  requests: readonly SignedRequest[],
  options: { concurrency: number; agent: http.Agent; timeoutMs?: number },
): Promise<LoadRun> {
  const target = new URL("/slack/events", url);
  const samples: Sample[] = new Array(requests.length);
  let next = 0;
  const one = (req: SignedRequest): Promise<Sample> =>
    new Promise((resolve) => {
      const started = performance.now();
      const done = (status: number, body: string, error?: string) =>
        resolve({
          kind: req.kind,
          ms: performance.now() - started,
          status,
          body,
          ...(error ? { error } : {}),
        });
      const call = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: req.headers,
          agent: options.agent,
          timeout: options.timeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
          res.on("error", (e) => done(0, "", e.message));
        },
      );
      call.on("timeout", () => call.destroy(new Error("timeout")));
      call.on("error", (e) => done(0, "", e.message));
      call.end(req.body);
    });
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      samples[index] = await one(requests[index] as SignedRequest);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, requests.length) }, worker));
  return { samples, wallMs: performance.now() - started };
}

/** What an ack body says, for commands (buttons ack with an empty body). */
export type AckVerdict = "ok" | "refused" | "failed";

/**
 * `failed`: the app's generic apology (an unexpected error behind the command); `refused`: a
 * DomainError answer written for the person (":no_entry:", ":warning:", ...), which is the app
 * working as designed.
 */
export function verdictOf(body: string): AckVerdict {
  if (body === "") return "ok";
  let text = "";
  try {
    text = String((JSON.parse(body) as { text?: unknown }).text ?? "");
  } catch {
    return "ok";
  }
  if (text.startsWith(":x:")) return "failed";
  if (/^:(warning|no_entry|mag|information_source|grey_question):/.test(text)) return "refused";
  return "ok";
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Non-2xx answers and network errors. */
  readonly errors: number;
  /** 2xx command acks whose body is the app's "something went wrong". */
  readonly failedBodies: number;
  readonly refusedBodies: number;
  readonly perSecond: number;
  readonly byKind: ReadonlyArray<{
    kind: RequestKind;
    count: number;
    p50: number;
    p99: number;
    max: number;
  }>;
  readonly errorSamples: readonly string[];
}

export function summarize(run: LoadRun): LatencySummary {
  const ms = run.samples.map((s) => s.ms);
  const errors = run.samples.filter((s) => s.status < 200 || s.status >= 300);
  const verdicts = run.samples.map((s) =>
    s.status >= 200 && s.status < 300 ? verdictOf(s.body) : "ok",
  );
  const kinds = [...new Set(run.samples.map((s) => s.kind))].sort(
    (a, b) => Object.keys(MIX).indexOf(a) - Object.keys(MIX).indexOf(b),
  );
  return {
    count: run.samples.length,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    max: max(ms),
    errors: errors.length,
    failedBodies: verdicts.filter((v) => v === "failed").length,
    refusedBodies: verdicts.filter((v) => v === "refused").length,
    perSecond: (run.samples.length / run.wallMs) * 1000,
    byKind: kinds.map((kind) => {
      const k = run.samples.filter((s) => s.kind === kind).map((s) => s.ms);
      return { kind, count: k.length, p50: quantile(k, 0.5), p99: quantile(k, 0.99), max: max(k) };
    }),
    errorSamples: errors
      .slice(0, 5)
      .map((s) => `${s.kind}: ${s.status} ${s.error ?? s.body.slice(0, 120)}`),
  };
}
