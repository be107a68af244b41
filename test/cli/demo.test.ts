/**
 * `poc demo`'s flags, its seeded story and the Block Kit payloads it writes to demo-output/.
 * The demo runs in-process (runDemo) with a temporary database and output folder; each run takes
 * several seconds, so there are five: one week with the default seed twice, once more over Socket
 * Mode, and with seed 7, and five weeks (the default three weeks run as a process in cli.test.ts).
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ackedOnce, runDemo, untilLost } from "../../src/cli/demo.js";
import { DEFAULT_SEED, DEFAULT_WEEKS, DEMO_USAGE, parseDemoArgs } from "../../src/cli/demoArgs.js";
import { DemoError } from "../../src/cli/demoWeeks.js";
import { CLI_USAGE, runCli } from "../../src/cli/index.js";
import { BLOCK_KIT_BUILDER, PayloadLog } from "../../src/cli/payloads.js";
import type { SlackTransport } from "../../src/emulator/deliver.js";
import type { Emulator } from "../../src/emulator/index.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";

const dir = mkdtempSync(join(tmpdir(), "poc-demo-"));
const root = new URL("../../", import.meta.url).pathname;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly transcript: string;
  readonly errors: string[];
  readonly outputDir: string;
  /** Every file the run wrote, by name, read right after the run. */
  readonly files: Map<string, string>;
}

/** `out` names the run's output folder and database: the transcript shows both. */
async function demo(options: {
  seed: number;
  weeks: number;
  out: string;
  socket?: boolean;
}): Promise<Run> {
  const lines: string[] = [];
  const errors: string[] = [];
  const outputDir = join(dir, options.out);
  const code = await runDemo({
    quiet: false,
    seed: options.seed,
    weeks: options.weeks,
    socket: options.socket ?? false,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    databasePath: join(dir, `${options.out}.sqlite`),
    outputDir,
  });
  const files = new Map<string, string>();
  if (existsSync(outputDir)) {
    for (const name of readdirSync(outputDir)) {
      files.set(name, readFileSync(join(outputDir, name), "utf8"));
    }
  }
  return { code, transcript: lines.join("\n"), errors, outputDir, files };
}

/** Each run once, shared by the tests that read it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const oneWeek = once(() => demo({ seed: DEFAULT_SEED, weeks: 1, out: "one-week" }));
const oneWeekAgain = once(async () => {
  await oneWeek();
  return demo({ seed: DEFAULT_SEED, weeks: 1, out: "one-week" });
});
const oneWeekBySocket = once(async () => {
  await oneWeekAgain();
  return demo({ seed: DEFAULT_SEED, weeks: 1, out: "one-week", socket: true });
});
const otherSeed = once(() => demo({ seed: 7, weeks: 1, out: "other-seed" }));
const fiveWeeks = once(() => demo({ seed: 11, weeks: 5, out: "five-weeks" }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe("poc demo's flags", () => {
  it.each([
    [[], { weeks: DEFAULT_WEEKS, seed: DEFAULT_SEED, quiet: false, socket: false, help: false }],
    [["--weeks", "5", "--seed", "7", "--quiet"], { weeks: 5, seed: 7, quiet: true, help: false }],
    [["--socket", "--weeks=2"], { weeks: 2, socket: true, quiet: false }],
    [["--weeks=1", "--seed=0"], { weeks: 1, seed: 0, quiet: false, help: false }],
    [["--weeks", "12", "--seed", "4294967295"], { weeks: 12, seed: 4294967295 }],
    [["--help"], { help: true }],
  ])("parses %j", (argv, expected) => {
    expect(parseDemoArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [["--weeks", "0"], '--weeks expects a whole number from 1 to 12 (got "0")'],
    [["--weeks", "x"], '--weeks expects a whole number from 1 to 12 (got "x")'],
    [["--weeks", "13"], '--weeks expects a whole number from 1 to 12 (got "13")'],
    [["--weeks", "2.5"], '--weeks expects a whole number from 1 to 12 (got "2.5")'],
    [["--seed", "-1"], '--seed expects a whole number from 0 to 4294967295 (got "-1")'],
    [["--seed", "4294967296"], "--seed expects a whole number from 0 to 4294967295 (got"],
    [["--weeks"], "--weeks needs a value"],
    [["--weeks", "--quiet"], "--weeks needs a value"],
    [["--seed", "1", "--seed", "2"], "--seed given twice"],
    [["--quiet=yes"], "--quiet takes no value"],
    [["--socket=yes"], "--socket takes no value"],
    [["--fast"], 'unknown option "--fast" for demo'],
    [["extra"], 'unexpected argument "extra" for demo'],
  ])(
    "when given %j, then it exits 2 with one line and the usage, and runs nothing",
    async (argv, message) => {
      const { out, err, io: streams } = io();
      const code = await runCli(["demo", ...argv], streams);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      const [first, ...rest] = (err[0] ?? "").split("\n");
      expect(first).toContain(`poc: ${message}`);
      expect(rest.join("\n")).toContain(DEMO_USAGE);
    },
  );

  it("when asked for --help, then it prints the demo's usage and runs nothing", async () => {
    const { out, err, io: streams } = io();
    expect(await runCli(["demo", "--help"], streams)).toBe(0);
    expect(out).toEqual([DEMO_USAGE]);
    expect(err).toEqual([]);
    expect(DEMO_USAGE).toContain("--weeks N");
    expect(DEMO_USAGE).toContain("--seed N");
    expect(DEMO_USAGE).toContain("--quiet");
    expect(DEMO_USAGE).toContain("--socket");
    expect(DEMO_USAGE).toContain("With --weeks 1");
    expect(CLI_USAGE).toContain("demo [--weeks N] [--seed N] [--socket] [--quiet]");
  });

  it("when `npx poc demo --weeks 0` runs as a process, then it exits 2 with the message on stderr", async () => {
    const result = await promisify(execFile)("node", ["bin/poc.js", "demo", "--weeks", "0"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "" },
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^poc: --weeks expects a whole number from 1 to 12 \(got "0"\)\n/,
    );
  }, 30_000);
});

describe("poc demo's story", { timeout: 60_000 }, () => {
  it("when run twice with the same seed, then the transcripts and the payload files are identical", async () => {
    const first = await oneWeek();
    const second = await oneWeekAgain();
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.transcript).toBe(first.transcript);
    expect(second.files).toEqual(first.files);
    expect(first.transcript).toContain(`Seed ${DEFAULT_SEED}, 1 simulated week`);
  });

  it("when run with --socket, then the same story goes over a Socket Mode link, every envelope acked once, with the same payloads", async () => {
    const http = await oneWeekAgain();
    const socket = await oneWeekBySocket();
    expect(socket.errors).toEqual([]);
    expect(socket.code).toBe(0);
    const lines = socket.transcript.split("\n");
    expect(lines).toContain(
      "People reach it through envelopes on a Socket Mode link, as in a workspace installed from manifest.yml.",
    );
    const finished = lines.find((l) => l.startsWith("Demo finished:")) ?? "";
    const acked =
      /^Demo finished: every step above went through envelopes on a Socket Mode link to the app \((\d+), each acked once\)\.$/.exec(
        finished,
      );
    // Every command, click, submission and Home opening of the week: 57 with this seed.
    expect(Number(acked?.[1])).toBeGreaterThan(50);
    // Apart from those two lines, what people saw is what they saw over HTTP, byte for byte.
    const story = (t: string) =>
      t
        .split("\n")
        .filter((l) => !l.startsWith("People reach it through") && !l.startsWith("Demo finished:"))
        .join("\n");
    expect(story(socket.transcript)).toBe(story(http.transcript));
    expect(http.transcript).toContain(
      "Demo finished: every step above went through signed HTTP requests to the app.",
    );
    expect(socket.files).toEqual(http.files);
  });

  it("when run with another seed, then people answer differently and the transcript differs", async () => {
    const base = await oneWeek();
    const other = await otherSeed();
    expect(other.code).toBe(0);
    const clicks = (t: string) => t.split("\n").filter((l) => /^ {2}(▶|…) /.test(l));
    expect(clicks(other.transcript)).not.toEqual(clicks(base.transcript));
  });

  it("when run for one week, then the beats that fit a week happen and it says escalation needs two", async () => {
    for (const { transcript, errors } of [await oneWeek(), await otherSeed()]) {
      expect(errors).toEqual([]);
      expect(transcript).toContain("━━ Week 1 of 1");
      expect(transcript).toContain("clicks [I can help] on the blocker");
      expect(transcript).toMatch(/Resolved by @Priya Nair/);
      expect(transcript).toMatch(/Diego Ramírez clicks \[I'm away\]/);
      expect(transcript).toMatch(/I could not send @Ezra Cohen their check-in/);
      expect(transcript).toContain("… Sam Lee does not answer.");
      expect(transcript).toContain("run with `--weeks 2` or more to see it");
      // The digest of its one week; none at set-up, for a week the partnership did not exist.
      expect(transcript.match(/WEEKLY DIGEST: CLEAN WATER COMPACT/g)).toHaveLength(1);
      expect(transcript).toContain("REVIEW AGENDA: CLEAN WATER COMPACT");
    }
  });

  it("when run for five weeks, then every beat happens, each week ends with its digest, and it exits 0", async () => {
    const { code, transcript, errors } = await fiveWeeks();
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(transcript).toContain("━━ Week 5 of 5");
    expect(transcript).toContain("clicks [I can help] on the blocker");
    expect(transcript).toMatch(/Resolved by @Priya Nair/);
    expect(transcript).toMatch(/Diego Ramírez clicks \[I'm away\]/);
    expect(transcript).toMatch(/@Sam Lee has not answered the last 2 check-ins/);
    expect(transcript).toMatch(/• 💤 @Sam Lee \(River Trust\) is silent: \d+ periods in a row/);
    expect(transcript).toMatch(/I could not send @Ezra Cohen their check-in/);
    expect(transcript.match(/WEEKLY DIGEST: CLEAN WATER COMPACT/g)).toHaveLength(5);
    expect(transcript).toContain("📊 Status mix, last 5 weeks");
    expect(transcript).toContain("REVIEW AGENDA: CLEAN WATER COMPACT");
    // Times come from the simulated clock and the partnership's zone, never from the machine.
    expect(transcript).not.toMatch(/127\.0\.0\.1|port \d+/);
  });

  it("writes every payload it says it wrote, each with a Block Kit Builder link that opens that payload", async () => {
    const { transcript, files, outputDir } = await fiveWeeks();
    const wrote =
      /Wrote (\d+) Block Kit payloads to (.+) \(open index\.md; each has a Block Kit Builder link\)$/.exec(
        transcript,
      );
    expect(wrote?.[2]).toBe(`${outputDir}/`);
    const names = [...files.keys()].filter((n) => n.endsWith(".json")).sort();
    expect(names.length).toBe(Number(wrote?.[1]));
    expect(names.length).toBeGreaterThan(50);
    const validate = createBlockKitValidator();
    const index = files.get("index.md") ?? "";
    const kinds = new Set<string>();
    names.forEach((name, i) => {
      expect(name).toMatch(
        new RegExp(`^${String(i + 1).padStart(3, "0")}-[a-zA-Z._]+-[A-Z0-9]+-[a-z0-9-]+\\.json$`),
      );
      const file = JSON.parse(files.get(name) ?? "") as {
        surface: string;
        seenBy: string;
        payload: { blocks?: unknown[]; type?: string };
        blockKitBuilderUrl: string;
      };
      kinds.add(name.split("-").slice(1, 2).join());
      expect(file.blockKitBuilderUrl.startsWith(BLOCK_KIT_BUILDER)).toBe(true);
      const decoded = JSON.parse(
        decodeURIComponent(file.blockKitBuilderUrl.slice(BLOCK_KIT_BUILDER.length)),
      );
      expect(decoded).toEqual(file.payload);
      expect(Array.isArray(file.payload.blocks)).toBe(true);
      expect(file.payload.blocks?.length).toBeGreaterThan(0);
      if (file.surface === "message") {
        expect(file.payload.type).toBeUndefined();
        expect(validate("message", file.payload.blocks ?? [])).toEqual([]);
      } else {
        expect(file.payload.type).toBe(file.surface);
        expect(validate("view", file.payload as Record<string, unknown>)).toEqual([]);
      }
      expect(index).toContain(`[${name}](${name})`);
      expect(index).toContain(file.blockKitBuilderUrl);
    });
    // Messages, modals, Home tabs and slash-command replies are all there.
    for (const kind of ["ack", "chat.postMessage", "chat.update", "views.open", "views.publish"]) {
      expect(kinds).toContain(kind);
    }
    expect(names.some((n) => /chat\.postMessage-C0WATER-weekly-digest/.test(n))).toBe(true);
    expect(names.some((n) => /chat\.postMessage-U0PRIYA-prompt/.test(n))).toBe(true);
    expect(names.some((n) => /views\.open-U0PRIYA-modal-check-in/.test(n))).toBe(true);
  });
});

describe("the demo over Socket Mode", () => {
  it("when the link has stopped for good, then each later step fails at once with why, and nothing is sent", async () => {
    const sent: string[] = [];
    const inner: SlackTransport = {
      mode: "socket",
      command: async () => {
        sent.push("command");
        return { status: 200, text: "", json: undefined };
      },
      interaction: async () => {
        sent.push("interaction");
        return { status: 200, text: "", json: undefined };
      },
      event: async () => {
        sent.push("event");
        return { status: 200, text: "", json: undefined };
      },
    };
    let lost: string | undefined;
    const transport = untilLost(inner, () => lost);
    await transport.command({ team_id: "T", channel_id: "C", user_id: "U" });
    expect(sent).toEqual(["command"]);
    lost = "Slack turned the Socket Mode link off (link_disabled)";
    for (const step of [
      () => transport.command({ team_id: "T", channel_id: "C", user_id: "U" }),
      () => transport.interaction({}),
      () => transport.event({}),
    ]) {
      await expect(step()).rejects.toThrow(new DemoError(lost));
    }
    expect(sent).toEqual(["command"]);
  });

  it.each([
    [
      [
        { envelopeId: "e1", type: "slash_commands" },
        { envelopeId: "e1", type: "slash_commands" },
      ],
      [],
      "2 acks for 1 envelopes (0 late, 0 never acked)",
    ],
    [[{ envelopeId: "e1", type: undefined }], [], "1 acks for 1 envelopes (1 late, 0 never acked)"],
    [
      [{ envelopeId: "e1", type: "interactive" }],
      ["e2"],
      "1 acks for 1 envelopes (0 late, 1 never acked)",
    ],
  ])(
    "when the link's acks are %j with %j pending, then the demo fails: %s",
    (acks, pending, message) => {
      const emulator = { socketMode: { acks, pending: () => pending } } as unknown as Emulator;
      expect(() => ackedOnce(emulator)).toThrow(
        new DemoError(`the Socket Mode link sent ${message}`),
      );
    },
  );

  it("when every envelope was acked once, then it counts them", () => {
    const acks = [
      { envelopeId: "e1", type: "slash_commands" },
      { envelopeId: "e2", type: "interactive" },
    ];
    const emulator = { socketMode: { acks, pending: () => [] } } as unknown as Emulator;
    expect(ackedOnce(emulator)).toBe(2);
  });
});

describe("demo-output/", () => {
  const log = () =>
    new PayloadLog({
      emulator: { calls: [], responses: [] } as unknown as Emulator,
      name: () => undefined,
      channelId: "C0",
      channelName: "c",
      clock: () => 0,
      homesPublished: async () => {},
    });

  it("when one step sent a person several Home tabs, then only the last is kept, and one identical to the previous is left out", () => {
    const calls: unknown[] = [];
    const home = (user: string, version: number) => ({
      method: "views.publish",
      status: 200,
      response: { ok: true },
      params: {
        user_id: user,
        view: {
          type: "home",
          blocks: [{ type: "section", text: { type: "mrkdwn", text: `v${version}` } }],
        },
      },
      at: 0,
    });
    const payloads = new PayloadLog({
      emulator: { calls, responses: [] } as unknown as Emulator,
      name: () => undefined,
      channelId: "C0",
      channelName: "c",
      clock: () => 0,
      homesPublished: async () => {},
    });
    const shown = () =>
      payloads.entries.map((e) => `${e.to}:${JSON.stringify(e.payload).match(/v\d+/)?.[0]}`);
    calls.push(home("U1", 1), home("U2", 1), home("U1", 2));
    payloads.flush("U1");
    expect(shown()).toEqual(["U2:v1", "U1:v2"]);
    // The next step: U1's Home again as it was (left out), U2's changed twice (the last kept).
    calls.push(home("U1", 2), home("U2", 2), home("U2", 3));
    payloads.flush();
    expect(shown()).toEqual(["U2:v1", "U1:v2", "U2:v3"]);
    expect(payloads.unchangedHomes).toBe(1);
  });

  it("when the folder holds files the demo did not write, then it refuses and deletes nothing", () => {
    const folder = join(dir, "foreign");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "notes.txt"), "mine");
    expect(() => log().write(folder, "foreign/")).toThrow(DemoError);
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("mine");
  });

  it("when the folder holds a previous run's files, then it is recreated with only this run's", () => {
    const folder = join(dir, "previous");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "001-chat.postMessage-U0X-prompt.json"), "{}");
    writeFileSync(join(folder, "index.md"), "old");
    expect(log().write(folder, "previous/")).toBe(0);
    expect(readdirSync(folder)).toEqual(["index.md"]);
  });
});
