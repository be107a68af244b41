/**
 * Property: whatever a signed request holds, the app answers it once, within Slack's 3 seconds,
 * never with a 5xx; a refused (4xx) request changes no byte of the database and calls no Web API;
 * no listener fails and no promise is left rejected.
 *
 * The seeds are real: a scenario drives the running app (a prompt sent by the tick, every `/poc`
 * subcommand typed, every modal it opened, a blocker posted), and the corpus is what the emulator
 * captured: each slash command, each click on every interactive element of every message, reply
 * and Home view, each modal submission, and the events the app listens to. fast-check then drops,
 * nulls, retypes and duplicates fields, swaps in unknown ids, truncates and re-encodes bodies and
 * changes content types.
 *
 * The same over Socket Mode: every envelope with an id is acked exactly once within 3 seconds (the
 * others ignored), on the link it came on, which stays open; a refused envelope (its warn line)
 * changes no byte and calls no Web API. The corpus is captured over the link, and besides the same
 * changes to the payload, the envelope itself is mangled (payload, type, retry fields, id, cut).
 *
 * Seeded (FUZZ_SEED, default below) and bounded (FUZZ_RUNS, default 300); fast-check prints the
 * seed and the shrunk counterexample on failure. `FUZZ_RUNS=2000 npx vitest run test/slack/fuzz`
 * is the long run.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransportMode } from "../../src/emulator/deliver.js";
import { type InputValue, messageElements, Person } from "../../src/emulator/person.js";
import { BLOCKS } from "../../src/slack/ids.js";
import { CHANNEL_ID, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import { FORM, fingerprint, JSON_TYPE, recordingLogger, send } from "../support/requests.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  CORA,
  PAT,
  PRIYA,
  SLOT_1,
  STARTED,
  type TestClock,
} from "./checkins/helpers.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** Slack gives up after 3 seconds. */
const SLACK_WAIT_MS = 3000;

type Json = Record<string, unknown>;

/** One real request: slash command fields, an interaction payload or an Events API envelope. */
interface Seed {
  readonly name: string;
  readonly encoding: "command" | "payload" | "event";
  readonly data: Json;
}

function encode(seed: Seed, data: unknown): { body: string; contentType: string } {
  if (seed.encoding === "event") return { body: JSON.stringify(data), contentType: JSON_TYPE };
  if (seed.encoding === "payload") {
    return {
      body: new URLSearchParams({ payload: JSON.stringify(data) }).toString(),
      contentType: FORM,
    };
  }
  const fields = Object.entries(data as Json).flatMap(([k, v]) =>
    Array.isArray(v)
      ? v.map((x) => [k, String(x)])
      : [[k, typeof v === "string" ? v : JSON.stringify(v)]],
  );
  return { body: new URLSearchParams(fields as [string, string][]).toString(), contentType: FORM };
}

/** Every path to a value inside `value` ("view.state.values.title"), the root excluded. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, k];
      out.push(path);
      if (out.length < 400) pathsOf(v, path, out);
    }
  }
  return out;
}

function withAt(data: unknown, path: string[], change: (old: unknown) => unknown | typeof DROP) {
  const copy = structuredClone(data) as Json;
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path.at(-1) as string;
  const next = change(node[last]);
  if (next === DROP) delete node[last];
  else node[last] = next;
  return copy;
}

const DROP = Symbol("drop");

/** A mutation: the request to send, and whether it is still one Slack could send. */
interface Mutated {
  readonly label: string;
  readonly body: string;
  readonly contentType: string;
  /** Slack could send it (an unknown id, or the seed itself): must be answered 2xx. */
  readonly slackShaped: boolean;
}

const odd = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant([1, "a"]),
  fc.constant({ nested: { deeper: null } }),
  fc.constant("<!channel> *x* &amp; <@U0COORD>"),
);

const ID_FIELDS = ["action_id", "callback_id", "command", "type"];

/** A change to a request's data before it is encoded: the same for both ways Slack sends it. */
interface Changed {
  readonly label: string;
  readonly data: unknown;
  /** Slack could send it (an unknown id, or the seed itself). */
  readonly slackShaped: boolean;
}

function changes(seed: Seed): fc.Arbitrary<Changed> {
  const path = fc.constantFrom(...pathsOf(seed.data));
  return fc.oneof(
    fc.constant({ label: "as captured", data: seed.data, slackShaped: true }),
    path.map((p) => ({
      label: `drop ${p.join(".")}`,
      data: withAt(seed.data, p, () => DROP),
      slackShaped: false,
    })),
    fc.tuple(path, odd).map(([p, v]) => ({
      label: `set ${p.join(".")} to ${JSON.stringify(v)}`,
      data: withAt(seed.data, p, () => v),
      slackShaped: false,
    })),
    path.map((p) => ({
      label: `duplicate ${p.join(".")}`,
      data: withAt(seed.data, p, (old) => [old, old]),
      slackShaped: false,
    })),
    fc.tuple(path, fc.stringMatching(/^[a-z_]{1,20}$/)).map(([p, unknown]) => {
      const isId = ID_FIELDS.includes(p.at(-1) as string) && !p.includes("blocks");
      return {
        label: `${p.join(".")} = "${unknown}"`,
        data: withAt(seed.data, p, () => unknown),
        // An unknown action or callback id is an old button or form: Slack-shaped.
        slackShaped: isId && (p.at(-1) === "action_id" || p.at(-1) === "callback_id"),
      };
    }),
  );
}

function mutations(seed: Seed): fc.Arbitrary<Mutated> {
  const original = encode(seed, seed.data);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: changes(seed).map((c) => ({
        label: c.label,
        ...encode(seed, c.data),
        slackShaped: c.slackShaped,
      })),
    },
    fc.integer({ min: 0, max: original.body.length - 1 }).map((cut) => ({
      label: `cut at ${cut}`,
      body: original.body.slice(0, cut),
      contentType: original.contentType,
      slackShaped: false,
    })),
    fc
      .constantFrom(JSON_TYPE, FORM, "text/plain", "", "multipart/form-data; boundary=x")
      .filter((type) => type !== original.contentType)
      .map((contentType) => ({
        label: `sent as ${contentType || "no content type"}`,
        body: original.body,
        contentType,
        slackShaped: false,
      })),
    fc.constant({
      label: "payload decoded and sent as JSON",
      body: seed.encoding === "payload" ? JSON.stringify(seed.data) : original.body,
      contentType: JSON_TYPE,
      slackShaped: false,
    }),
  );
}

/** Drives the app through a week's scenario and returns every request a person could send. */
async function capture(t: TestApp, seeded: Seeded, clock: TestClock): Promise<Seed[]> {
  const seeds: Seed[] = [];
  const commitment = addCommitment(t, seeded);
  clock.now = SLOT_1;
  await t.poc.services.tick.run(SLOT_1);

  const person = (id: string) => new Person(id, TEAM_ID, t.emulator, t.slack);
  const replies: { userId: string; channel: string; blocks: unknown[] }[] = [];
  const typed = [
    [CORA, "help"],
    [CORA, "setup"],
    [CORA, "org list"],
    [CORA, "member list"],
    [CORA, "objective add"],
    [CORA, "commit"],
    [CORA, "commit list"],
    [CORA, `commit edit ${commitment.id}`],
    [CORA, "status"],
    [CORA, "blockers"],
    [CORA, "digest preview"],
    [CORA, "agenda"],
    [CORA, "decision add"],
    [CORA, "export"],
    [CORA, "settings"],
    [PAT, "checkin"],
    [PAT, `checkin ${commitment.id}`],
    [PAT, "mine"],
    [PAT, "away"],
    [PAT, "blocker add"],
  ] as const;
  for (const [userId, text] of typed) {
    const fields = {
      token: "verification-token-unused",
      command: "/poc",
      text,
      team_id: TEAM_ID,
      channel_id: CHANNEL_ID,
      channel_name: "partnership",
      user_id: userId,
      user_name: userId,
      trigger_id: t.emulator.triggerId(userId),
      response_url: t.emulator.responseUrl(),
      api_app_id: "A0POC",
    };
    seeds.push({ name: `/poc ${text}`, encoding: "command", data: fields });
    const answer = await t.slack.command(fields);
    const blocks = (answer.json as { blocks?: unknown[] } | undefined)?.blocks;
    if (blocks) replies.push({ userId, channel: CHANNEL_ID, blocks });
  }

  // A blocker, posted to the channel with its buttons.
  const blockerForm = person(PAT).openedModal();
  if (blockerForm !== undefined) {
    const values: Record<string, InputValue> = {
      [BLOCKS.blockerAdd.commitment]: { option: String(commitment.id) },
      [BLOCKS.blockerAdd.text]: { text: "The pump supplier is late" },
    };
    await person(PAT).submit(blockerForm as unknown as Json, values);
  }
  await person(PRIYA).openHome("Ev0HOME1");

  for (const call of t.emulator.callsTo("views.open")) {
    const view = (call.response as { ok?: boolean; view?: Json }).view;
    if (view === undefined) continue;
    const userId = t.emulator.triggerUser(String(call.params.trigger_id)) ?? PAT;
    seeds.push({
      name: `submit ${String(view.callback_id)}`,
      encoding: "payload",
      data: {
        type: "view_submission",
        team: { id: TEAM_ID, domain: "workspace" },
        user: { id: userId, team_id: TEAM_ID, name: userId },
        api_app_id: "A0POC",
        trigger_id: t.emulator.triggerId(userId),
        view: { ...view, state: { values: emptyState(view) }, hash: "h" },
      },
    });
  }

  const surfaces = [
    ...replies,
    ...t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => Array.isArray(c.params.blocks))
      .map((c) => ({
        userId: String(c.params.channel).startsWith("D") ? String(c.params.channel).slice(1) : CORA,
        channel: String(c.params.channel),
        blocks: c.params.blocks as unknown[],
      })),
    ...t.emulator.callsTo("views.publish").map((c) => ({
      userId: String(c.params.user_id),
      channel: "",
      blocks: ((c.params.view as Json).blocks ?? []) as unknown[],
    })),
  ];
  for (const surface of surfaces) {
    for (const element of messageElements(surface.blocks)) {
      seeds.push({
        name: `click ${element.actionId}`,
        encoding: "payload",
        data: {
          type: "block_actions",
          team: { id: TEAM_ID, domain: "workspace" },
          user: { id: surface.userId, team_id: TEAM_ID, name: surface.userId },
          api_app_id: "A0POC",
          trigger_id: t.emulator.triggerId(surface.userId),
          ...(surface.channel === ""
            ? { container: { type: "view", view_id: "V0HOME" } }
            : {
                channel: { id: surface.channel, name: surface.channel },
                container: { type: "message", message_ts: "1.0", channel_id: surface.channel },
              }),
          response_url: t.emulator.responseUrl(),
          actions: [
            {
              type: element.type,
              action_id: element.actionId,
              block_id: element.blockId,
              ...(element.value !== undefined ? { value: element.value } : {}),
              ...(element.type === "static_select"
                ? { selected_option: { value: "1", text: { type: "plain_text", text: "1" } } }
                : {}),
              action_ts: "1700000000.000200",
            },
          ],
        },
      });
    }
  }

  const envelope = (event: Json, id: string): Seed => ({
    name: `event ${String(event.type)}`,
    encoding: "event",
    data: {
      type: "event_callback",
      team_id: TEAM_ID,
      api_app_id: "A0POC",
      event_id: id,
      event_time: 1700000000,
      event,
    },
  });
  seeds.push(
    envelope({ type: "app_home_opened", user: PAT, channel: `D${PAT}`, tab: "home" }, "Ev0F1"),
    envelope(
      {
        type: "user_change",
        user: {
          id: PAT,
          team_id: TEAM_ID,
          name: "pat",
          real_name: "Pat Partner",
          tz: "America/Chicago",
          profile: { display_name: "pat", real_name: "Pat Partner" },
        },
      },
      "Ev0F2",
    ),
    envelope({ type: "reaction_added", user: PAT, reaction: "tada" }, "Ev0F3"),
  );
  return seeds;
}

/** The state Slack sends for a modal submitted without typing anything. */
function emptyState(view: Json): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of (view.blocks ?? []) as Json[]) {
    const element = (block.element ?? block.accessory) as Json | undefined;
    if (typeof block.block_id !== "string" || element?.action_id === undefined) continue;
    state[block.block_id] = {
      [String(element.action_id)]: {
        type: element.type,
        ...(element.type === "plain_text_input" ? { value: null } : {}),
      },
    };
  }
  return state;
}

/**
 * Waits until the work an accepted request started after its ack (Home publishing, an export's
 * upload) is done: no new Web API call for 30 ms.
 */
async function settled(t: TestApp): Promise<void> {
  let count = t.emulator.calls.length;
  for (let quiet = 0, i = 0; quiet < 3 && i < 300; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    quiet = t.emulator.calls.length === count ? quiet + 1 : 0;
    count = t.emulator.calls.length;
  }
}

/**
 * The app in `mode` for one describe block, with its corpus captured after a week's scenario, every
 * log line and every unhandled rejection.
 */
function fuzzed(mode: TransportMode) {
  let running: { t: TestApp; seeds: Seed[] } | undefined;
  const clock: TestClock = { now: STARTED };
  const log = recordingLogger();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    const t = await startTestApp({ mode, clock: () => clock.now, logger: log.logger });
    running = { t, seeds: await capture(t, seedPartnership(t.poc.services), clock) };
  });
  afterAll(async () => {
    await running?.t.close();
    process.off("unhandledRejection", onRejection);
  });
  const app = () => {
    if (running === undefined) throw new Error("the app is not started yet");
    return running;
  };
  return { app, log, rejections };
}

describe("any signed request, real or mangled", () => {
  const { app, log, rejections } = fuzzed("http");

  it("the captured corpus covers every kind of request the app answers", () => {
    const { seeds } = app();
    const names = new Set(seeds.map((s) => s.name.split(" ")[0]));
    expect([...names].sort()).toEqual(["/poc", "click", "event", "submit"]);
    const clicks = new Set(seeds.filter((s) => s.name.startsWith("click")).map((s) => s.name));
    for (const id of ["prompt_on_track", "prompt_update", "prompt_snooze", "prompt_away"]) {
      expect(clicks).toContain(`click ${id}`);
    }
    expect(clicks).toContain("click blocker_help");
    expect(clicks).toContain("click agenda_post");
    expect(seeds.filter((s) => s.name.startsWith("submit")).length).toBeGreaterThanOrEqual(8);
  });

  it(`answers ${RUNS} mangled requests at once, never 5xx, and refused ones change nothing`, async () => {
    const { t, seeds } = app();
    const cases = fc
      .constantFrom(...seeds)
      .chain((seed) => mutations(seed).map((m) => ({ seed: seed.name, ...m })));
    let slowest = 0;
    let accepted = true;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        if (accepted) await settled(t);
        const before = fingerprint(t);
        const calls = t.emulator.calls.length;
        const errorsBefore = log.lines.filter((l) => / ERROR /.test(l)).length;
        const answer = await send(t, c.body, c.contentType);
        slowest = Math.max(slowest, answer.ms);
        accepted = answer.status < 400;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.ms, `${c.seed}: ${c.label}`).toBeLessThan(SLACK_WAIT_MS);
        expect(answer.status, `${c.seed}: ${c.label}: ${answer.text}`).toBeLessThan(500);
        if (c.slackShaped) expect(answer.status, `${c.seed}: ${c.label}`).toBe(200);
        if (answer.status >= 400) {
          expect(fingerprint(t), `${c.seed}: ${c.label}`).toBe(before);
          const late = t.emulator.calls.slice(calls).map((call) => call.method);
          expect(late, `${c.seed}: ${c.label}`).toEqual([]);
        }
        const errors = log.lines.filter((l) => / ERROR /.test(l));
        expect(errors.slice(errorsBefore), `${c.seed}: ${c.label}`).toEqual([]);
        expect(rejections).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const counts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n} x ${s}`);
    console.log(
      `fuzz: ${RUNS} requests (seed ${SEED}): ${counts.join(", ")}; slowest answer ${slowest.toFixed(1)} ms`,
    );
  }, 120_000);
});

/** How Socket Mode names each kind of request. */
const ENVELOPE_TYPES = {
  command: "slash_commands",
  payload: "interactive",
  event: "events_api",
} as const;

/** An envelope on the link, and what the app must do with it. */
interface Envelope {
  readonly label: string;
  /** The text sent on the link, for the envelope id given. */
  readonly message: (envelopeId: string) => string;
  /**
   * `ack`: acked once; `refused`: acked once, with one warn line, and nothing changed; `ignored`:
   * nothing to ack (not JSON, no envelope id), one warn line, nothing changed.
   */
  readonly expect: "ack" | "refused" | "ignored";
  readonly slackShaped: boolean;
}

function envelopes(seed: Seed): fc.Arbitrary<Envelope> {
  const type = ENVELOPE_TYPES[seed.encoding];
  const base = (id: string) => ({
    envelope_id: id,
    type,
    payload: seed.data,
    accepts_response_payload: seed.encoding !== "event",
  });
  const text = (change: (envelope: Json) => void) => (id: string) => {
    const envelope: Json = base(id);
    change(envelope);
    return JSON.stringify(envelope);
  };
  const otherType = fc.constantFrom(
    ...Object.values(ENVELOPE_TYPES).filter((other) => other !== type),
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: changes(seed).map((c) => ({
        label: c.label,
        message: text((e) => {
          e.payload = c.data;
        }),
        expect: "ack" as const,
        slackShaped: c.slackShaped,
      })),
    },
    fc.constantFrom<unknown>(DROP, null, 0, 7, true, "", "payload", [], [1, "a"]).map((v) => ({
      label: v === DROP ? "no payload" : `payload ${JSON.stringify(v)}`,
      message: text((e) => {
        if (v === DROP) delete e.payload;
        else e.payload = v;
      }),
      expect: "refused" as const,
      slackShaped: false,
    })),
    fc.stringMatching(/^[a-z_]{1,20}$/).map((unknown) => ({
      label: `envelope type "${unknown}"`,
      message: text((e) => {
        e.type = unknown;
      }),
      expect: "refused" as const,
      slackShaped: false,
    })),
    otherType.map((other) => ({
      label: `sent as ${other}`,
      message: text((e) => {
        e.type = other;
      }),
      expect: "ack" as const,
      slackShaped: false,
    })),
    odd.map((v) => ({
      label: `retry_attempt ${JSON.stringify(v)}`,
      message: text((e) => {
        e.retry_attempt = v;
        e.retry_reason = v;
      }),
      expect: "ack" as const,
      slackShaped: false,
    })),
    fc.constantFrom<unknown>(DROP, "", null, 0, 12, true, [], { id: "x" }).map((v) => ({
      label: v === DROP ? "no envelope_id" : `envelope_id ${JSON.stringify(v)}`,
      message: text((e) => {
        if (v === DROP) delete e.envelope_id;
        else e.envelope_id = v;
      }),
      expect: "ignored" as const,
      slackShaped: false,
    })),
    fc.integer({ min: 1, max: JSON.stringify(base("e")).length - 1 }).map((cut) => ({
      label: `cut at ${cut}`,
      message: (id: string) => JSON.stringify(base(id)).slice(0, cut),
      expect: "ignored" as const,
      slackShaped: false,
    })),
  );
}

/** Resolves once a line after the first `count` of `lines` matches `pattern` (or after 3 s). */
async function logged(lines: readonly string[], count: number, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 300 && !lines.slice(count).some((l) => pattern.test(l)); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("any envelope on the Socket Mode link, real or mangled", () => {
  const { app, log, rejections } = fuzzed("socket");

  it(`acks ${RUNS} mangled envelopes exactly once each, keeps the link, and refused ones change nothing`, async () => {
    const { t, seeds } = app();
    const link = t.emulator.socketMode;
    const linkBefore = link.current()?.id;
    const opened = link.connections.length;
    expect(linkBefore).toBeDefined();
    const cases = fc
      .constantFrom(...seeds)
      .chain((seed) => envelopes(seed).map((e) => ({ seed: seed.name, ...e })));
    let slowest = 0;
    let accepted = true;
    let n = 0;
    const outcomes = { acked: 0, refused: 0, ignored: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        if (accepted) await settled(t);
        n += 1;
        const id = `fuzz-${n}`;
        const what = `${c.seed}: ${c.label}`;
        const before = fingerprint(t);
        const calls = t.emulator.calls.length;
        const lines = log.lines.length;
        const acks = link.acks.length;
        const started = performance.now();
        const ack = await link.sendRaw(c.message(id), {
          timeoutMs: c.expect === "ignored" ? 300 : SLACK_WAIT_MS,
        });
        const ms = performance.now() - started;
        if (c.expect === "ignored") await logged(log.lines, lines, /was ignored/);
        const refused = log.lines
          .slice(lines)
          .some((l) => / WARN .*(was acked|was ignored)/.test(l));
        accepted = !refused;
        // A refused envelope's late effects, if it had any, are counted against it.
        if (refused) await settled(t);
        const added = log.lines.slice(lines);
        const warned = added.filter((l) => / WARN /.test(l));
        expect(
          added.filter((l) => / ERROR /.test(l)),
          what,
        ).toEqual([]);
        expect(rejections, what).toEqual([]);
        // Exactly one ack, for this envelope; none for one without a usable id.
        const acked = link.acks.slice(acks).map((a) => a.envelopeId);
        expect(acked, what).toEqual(c.expect === "ignored" ? [] : [id]);
        if (c.expect === "ignored") {
          outcomes.ignored += 1;
          expect(ack, what).toBeUndefined();
        } else {
          expect(ack, what).toBeDefined();
          slowest = Math.max(slowest, ms);
          expect(ms, what).toBeLessThan(SLACK_WAIT_MS);
          if (refused) outcomes.refused += 1;
          else outcomes.acked += 1;
        }
        if (c.expect !== "ack") expect(refused, `${what}: ${added.join("\n")}`).toBe(true);
        if (c.slackShaped) expect(refused, `${what}: ${added.join("\n")}`).toBe(false);
        if (refused) {
          expect(warned, what).toHaveLength(1);
          expect(fingerprint(t), what).toBe(before);
          const late = t.emulator.calls.slice(calls).map((call) => call.method);
          expect(late, what).toEqual([]);
        }
        expect(link.current()?.id, what).toBe(linkBefore);
        expect(link.connections.length, what).toBe(opened);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(link.pending()).toEqual([]);
    const ids = link.acks.map((a) => a.envelopeId);
    expect(new Set(ids).size).toBe(ids.length);
    console.log(
      `fuzz (Socket Mode): ${RUNS} envelopes (seed ${SEED}): ${outcomes.acked} acked and handled, ${outcomes.refused} acked and refused, ${outcomes.ignored} ignored (no envelope id); slowest ack ${slowest.toFixed(1)} ms; ${link.connections.length} link`,
    );
  }, 120_000);
});
