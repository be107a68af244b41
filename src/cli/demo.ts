/**
 * `npm run demo`: the emulator and the app in one process, a fresh SQLite file under data/, and
 * people talking to the bot through real signed requests (slash commands, modal submissions,
 * Events API), or with `--socket` through envelopes on a Socket Mode link, as a workspace installed
 * from manifest.yml does. Prints what each person sees, and writes every Block Kit payload to
 * demo-output/.
 * Any step the app refuses stops the demo with a clear message and a non-zero exit.
 *
 * Everything the transcript shows comes from the simulated clock and the seed, never from the
 * machine (ports, paths outside the project, the real time), so one seed gives one transcript.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { loadConfig } from "../config.js";
import { formatNumber } from "../domain/progress.js";
import { SlackDeliverer, type SlackTransport, SocketDeliverer } from "../emulator/deliver.js";
import { type Emulator, type EmulatorUser, startEmulator } from "../emulator/index.js";
import type { InputValue } from "../emulator/person.js";
import { silentLogger } from "../logger.js";
import { startPoc } from "../main.js";
import { BLOCKS } from "../slack/ids.js";
import { failureExit } from "./args.js";
import { DEFAULT_SEED, DEFAULT_WEEKS } from "./demoArgs.js";
import { castFor } from "./demoCast.js";
import { DemoError, optionValue, type SimClock, simulateWeeks } from "./demoWeeks.js";
import { PayloadLog, RecordingPerson } from "./payloads.js";
import { mrkdwnToText, renderBlocks } from "./render.js";
import { runTick } from "./tick.js";

export interface DemoOptions {
  readonly quiet: boolean;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Simulated weeks of check-ins after set-up (default 3). */
  readonly weeks?: number;
  /** Seeds who answers how, the figures and the away week (default DEFAULT_SEED). */
  readonly seed?: number;
  /** Where the demo database goes; defaults to data/demo.sqlite (recreated each run). */
  readonly databasePath?: string;
  /** Where the Block Kit payloads go; defaults to demo-output/ (recreated each run). */
  readonly outputDir?: string;
  /** Slack reaches the app over a Socket Mode link instead of signed HTTP requests. */
  readonly socket?: boolean;
}

const TEAM_ID = "T0DEMO";
const CHANNEL_ID = "C0WATER";
const CHANNEL_NAME = "water-partnership";
/** The partnership's zone (Amara's): the transcript's clock during the simulated weeks. */
const PARTNERSHIP_ZONE = "Africa/Lagos";
const BOT_TOKEN = "xoxb-demo-token";
const APP_TOKEN = "xapp-1-demo-token";

export const DEMO_USERS: EmulatorUser[] = [
  { id: "U0AMARA", name: "amara", realName: "Amara Okafor", tz: "Africa/Lagos" },
  { id: "U0LENA", name: "lena", realName: "Lena Fischer", tz: "Europe/Berlin" },
  { id: "U0DIEGO", name: "diego", realName: "Diego Ramírez", tz: "America/Bogota" },
  { id: "U0PRIYA", name: "priya", realName: "Priya Nair", tz: "Asia/Kolkata" },
  { id: "U0SAM", name: "sam", realName: "Sam Lee", tz: "Australia/Sydney" },
  { id: "U0RUTH", name: "ruth", realName: "Ruth Mwangi", tz: "Africa/Nairobi" },
  // A Slack Connect partner from the university's own workspace: the bot cannot DM him.
  {
    id: "U0EZRA",
    name: "ezra",
    realName: "Ezra Cohen",
    tz: "America/New_York",
    teamId: "T0UNILAB",
    isStranger: true,
  },
];

/** The demo's workspace, which `poc emulator` also serves. */
export const DEMO_WORKSPACE = {
  teamId: TEAM_ID,
  botToken: BOT_TOKEN,
  users: DEMO_USERS,
  channel: { id: CHANNEL_ID, name: CHANNEL_NAME },
} as const;

const zoneOf = (userId: string) => DEMO_USERS.find((u) => u.id === userId)?.tz;

/** A transport that fails each step at once after the Socket Mode link stopped for good. */
export function untilLost(
  transport: SlackTransport,
  lost: () => string | undefined,
): SlackTransport {
  const open = async (): Promise<SlackTransport> => {
    const why = lost();
    if (why !== undefined) throw new DemoError(why);
    return transport;
  };
  return {
    mode: transport.mode,
    command: async (...args) => (await open()).command(...args),
    interaction: async (...args) => (await open()).interaction(...args),
    event: async (...args) => (await open()).event(...args),
  };
}

/**
 * How many envelopes went over the link, each acked exactly once: every step checked its own ack
 * came (RecordingPerson), and here no envelope was acked twice, late or never.
 */
export function ackedOnce(emulator: Emulator): number {
  const { acks } = emulator.socketMode;
  const ids = new Set(acks.map((a) => a.envelopeId));
  const late = acks.filter((a) => a.type === undefined).length;
  const pending = emulator.socketMode.pending().length;
  if (ids.size !== acks.length || late > 0 || pending > 0) {
    throw new DemoError(
      `the Socket Mode link sent ${acks.length} acks for ${ids.size} envelopes (${late} late, ${pending} never acked)`,
    );
  }
  return acks.length;
}

/** Fails the demo when the app refused a step that should have worked. */
function expectOk(
  what: string,
  answer: { body?: { errors?: Record<string, string> } | undefined },
) {
  if (answer.body?.errors) {
    throw new DemoError(`${what}: the app refused it: ${JSON.stringify(answer.body.errors)}`);
  }
}

interface World {
  readonly emulator: Emulator;
  readonly slack: SlackTransport;
  readonly log: PayloadLog;
  readonly say: (line?: string) => void;
  readonly name: (id: string) => string | undefined;
}

function personFor(world: World, userId: string): RecordingPerson {
  const teamId = DEMO_USERS.find((u) => u.id === userId)?.teamId ?? TEAM_ID;
  return new RecordingPerson(userId, teamId, world.emulator, world.slack, world.log);
}

/** What a person typed, as Slack shows it in the message box (mentions by name). */
function typed(world: World, text: string): string {
  return mrkdwnToText(text, { userName: world.name });
}

/**
 * Types a command and prints the ephemeral answer as the person sees it. `refused`: the step shows
 * a refusal on purpose, so a refusal is what must come back.
 */
async function command(
  world: World,
  who: string,
  text: string,
  options: { show?: boolean; refused?: boolean; channel?: string } = {},
): Promise<string> {
  const person = personFor(world, who);
  const where = options.channel ? " (in a DM with the app)" : "";
  world.say(`▶ ${world.name(who)}${where}:  /poc ${typed(world, text)}`);
  const answer = await person.type(options.channel ?? CHANNEL_ID, text);
  const blocks = answer.reply?.blocks ?? [];
  const rendered = renderBlocks(blocks, {
    userName: world.name,
    indent: "  │ ",
    zone: zoneOf(who),
  });
  if ((options.show ?? true) && rendered !== "") world.say(rendered);
  const refusal = /:no_entry:|:warning:|:x:|Unknown command/.test(answer.reply?.text ?? "");
  if (refusal !== (options.refused ?? false)) {
    throw new DemoError(`/poc ${text}: ${answer.reply?.text ?? "(no answer)"}`);
  }
  return answer.reply?.text ?? "";
}

/** Types a command that opens a modal, fills it in, and submits it. */
async function modal(
  world: World,
  who: string,
  text: string,
  values: Record<string, InputValue | undefined>,
  options: { show?: boolean; filled?: string } = {},
): Promise<void> {
  const person = personFor(world, who);
  const before = world.emulator.callsTo("views.open").length;
  world.say(`▶ ${world.name(who)}:  /poc ${typed(world, text)}`);
  const answer = await person.type(CHANNEL_ID, text);
  const view = person.openedModal();
  if (world.emulator.callsTo("views.open").length === before || view === undefined) {
    throw new DemoError(`/poc ${text} opened no modal: ${answer.reply?.text ?? ""}`);
  }
  if (options.show) {
    const title = (view.title as { text?: string } | undefined)?.text ?? "";
    world.say(`  A modal opens: “${title}”`);
    world.say(
      renderBlocks((view.blocks as unknown[]) ?? [], { userName: world.name, indent: "  ┊ " }),
    );
  }
  if (options.filled) world.say(`  … fills in ${options.filled} and submits.`);
  expectOk(`/poc ${text}`, await person.submit(view, values));
}

const B = BLOCKS;

async function setUpPartnership(world: World): Promise<void> {
  const { say } = world;
  say(
    "━━ Day 1: Amara, the backbone coordinator, stands the partnership up in #water-partnership ━━",
  );
  say();
  await modal(
    world,
    "U0AMARA",
    "setup",
    {
      [B.setup.name]: { text: "Clean Water Compact" },
      [B.setup.purpose]: {
        text: "Safe drinking water for 1 million people in the valley by 2028.",
      },
      [B.setup.timeZone]: { text: "Africa/Lagos" },
      [B.setup.digestWeekday]: { option: "1" },
      [B.setup.digestTime]: { time: "09:00" },
    },
    { show: true, filled: "“Clean Water Compact”, Africa/Lagos, digest Monday 09:00" },
  );
  const confirmation = world.emulator.callsTo("chat.postEphemeral").at(-1);
  const text = mrkdwnToText(String(confirmation?.params.text ?? ""), { userName: world.name });
  say(`  Amara sees, only visible to her: ${text}`);
  say();

  for (const [name, sector] of [
    ["Aqua Systems", "business"],
    ["Ministry of Water", "government"],
    ["River Trust", "civil society"],
    ["Valley University", "academia"],
  ]) {
    await command(world, "U0AMARA", `org add "${name}" ${sector}`);
  }
  say();
  for (const [user, org, role] of [
    ["U0AMARA", "River Trust", "coordinator"],
    ["U0LENA", "Aqua Systems", "partner"],
    ["U0DIEGO", "Ministry of Water", "partner"],
    ["U0PRIYA", "Valley University", "partner"],
    ["U0SAM", "River Trust", "partner"],
    ["U0RUTH", "-", "observer"],
    ["U0EZRA", "Valley University", "partner"],
  ]) {
    if (user === "U0AMARA") continue;
    await command(world, "U0AMARA", `member add <@${user}> ${org} ${role}`);
  }
  say();
  const objectives: [string, string, string, string, string][] = [
    ["People with safe drinking water", "people served", "people", "120000", "1000000"],
    ["Water quality monitored in every district", "districts monitored", "districts", "3", "24"],
    ["Non-revenue water reduced", "water lost", "%", "42", "25"],
  ];
  let first = true;
  for (const [title, indicator, unit, baseline, target] of objectives) {
    await modal(
      world,
      "U0AMARA",
      "objective add",
      {
        [B.objective.title]: { text: title },
        [B.objective.indicator]: { text: indicator },
        [B.objective.unit]: { text: unit },
        [B.objective.baseline]: { number: baseline },
        [B.objective.target]: { number: target },
        [B.objective.targetDate]: { date: "2028-12-31" },
      },
      {
        show: first,
        filled: `“${title}” (${formatNumber(Number(baseline))} → ${formatNumber(Number(target))} ${unit})`,
      },
    );
    first = false;
  }
  say();
}

interface DemoCommitment {
  readonly by: string;
  readonly owner: string;
  readonly title: string;
  readonly org: string;
  readonly objectives: string[];
  readonly due: string;
  readonly cadence: "weekly" | "biweekly" | "monthly";
  readonly weekday: number;
  readonly time: string;
}

const COMMITMENTS: DemoCommitment[] = [
  {
    by: "U0AMARA",
    owner: "U0LENA",
    title: "Install 40 solar-powered pumps in the east valley",
    org: "Aqua Systems",
    objectives: ["safe drinking water"],
    due: "2027-06-30",
    cadence: "weekly",
    weekday: 4,
    time: "10:00",
  },
  {
    by: "U0LENA",
    owner: "U0LENA",
    title: "Train 60 local technicians in pump maintenance",
    org: "Aqua Systems",
    objectives: ["safe drinking water", "Non-revenue"],
    due: "2027-03-31",
    cadence: "biweekly",
    weekday: 2,
    time: "09:30",
  },
  {
    by: "U0AMARA",
    owner: "U0DIEGO",
    title: "Publish the district water-quality standard",
    org: "Ministry of Water",
    objectives: ["monitored"],
    due: "2027-02-28",
    cadence: "weekly",
    weekday: 4,
    time: "10:00",
  },
  {
    by: "U0DIEGO",
    owner: "U0DIEGO",
    title: "Fund 12 district testing labs in the 2027 budget",
    org: "Ministry of Water",
    objectives: ["monitored"],
    due: "2027-04-30",
    cadence: "monthly",
    weekday: 1,
    time: "08:00",
  },
  {
    by: "U0AMARA",
    owner: "U0PRIYA",
    title: "Open-data dashboard of water-quality samples",
    org: "Valley University",
    objectives: ["monitored"],
    due: "2027-05-31",
    cadence: "weekly",
    weekday: 3,
    time: "16:00",
  },
  {
    by: "U0PRIYA",
    owner: "U0PRIYA",
    title: "Leak-detection study of the city network",
    org: "Valley University",
    objectives: ["Non-revenue"],
    due: "2027-09-30",
    cadence: "biweekly",
    weekday: 5,
    time: "11:00",
  },
  {
    by: "U0AMARA",
    owner: "U0SAM",
    title: "Community water committees in 30 villages",
    org: "River Trust",
    objectives: ["safe drinking water"],
    due: "2027-08-31",
    cadence: "weekly",
    weekday: 4,
    time: "10:00",
  },
  {
    by: "U0AMARA",
    owner: "U0AMARA",
    title: "Quarterly partner review meetings",
    org: "River Trust",
    objectives: [],
    due: "2027-12-31",
    cadence: "monthly",
    weekday: 1,
    time: "14:00",
  },
  {
    by: "U0AMARA",
    owner: "U0EZRA",
    title: "Share lab protocols with the county labs",
    org: "Valley University",
    objectives: ["monitored"],
    due: "2027-03-31",
    cadence: "weekly",
    weekday: 4,
    time: "10:00",
  },
];

async function recordCommitments(world: World): Promise<void> {
  world.say(
    "━━ Day 1, afternoon: commitments, recorded by Amara and by partners for themselves ━━",
  );
  world.say();
  let first = true;
  for (const c of COMMITMENTS) {
    const person = personFor(world, c.by);
    const before = world.emulator.callsTo("views.open").length;
    world.say(`▶ ${world.name(c.by)}:  /poc commit`);
    await person.type(CHANNEL_ID, "commit");
    const view = person.openedModal();
    if (view === undefined || world.emulator.callsTo("views.open").length === before) {
      throw new DemoError("/poc commit opened no modal");
    }
    if (first) {
      world.say(`  A modal opens: “${(view.title as { text?: string }).text ?? ""}”`);
      world.say(
        renderBlocks((view.blocks as unknown[]) ?? [], { userName: world.name, indent: "  ┊ " }),
      );
      first = false;
    }
    const cadence = { weekly: "weekly", biweekly: "every two weeks", monthly: "monthly" }[
      c.cadence
    ];
    const whose = c.owner === c.by ? "their own commitment" : `for ${world.name(c.owner)}`;
    world.say(`  … records “${c.title}”, ${whose} (${c.org}); check-ins ${cadence}.`);
    const values: Record<string, InputValue | undefined> = {
      [B.commitment.title]: { text: c.title },
      [B.commitment.owner]: { user: c.owner },
      [B.commitment.organization]: { option: optionValue(view, B.commitment.organization, c.org) },
      [B.commitment.objectives]: {
        options: c.objectives.map((o) => optionValue(view, B.commitment.objectives, o)),
      },
      [B.commitment.dueDate]: { date: c.due },
      [B.commitment.cadence]: { option: c.cadence },
      [B.commitment.weekday]: { option: String(c.weekday) },
      [B.commitment.time]: { time: c.time },
    };
    expectOk("/poc commit", await person.submit(view, values));
  }
  world.say();
}

async function whatPeopleSee(world: World): Promise<void> {
  const { say } = world;
  say("━━ What each person sees now ━━");
  say();
  await command(world, "U0AMARA", "status");
  say();
  await command(world, "U0LENA", "mine", { channel: "D0LENA" });
  say();
  say("▶ Diego Ramírez opens the app's Home tab");
  await personFor(world, "U0DIEGO").openHome("Ev0DEMOHOME1");
  const home = world.emulator.homeView("U0DIEGO");
  if (home === undefined) throw new DemoError("Diego's App Home was not published");
  say(
    renderBlocks((home.blocks as unknown[]) ?? [], {
      userName: world.name,
      indent: "  ▏ ",
      zone: zoneOf("U0DIEGO"),
    }),
  );
  say();
  say("▶ Ruth Mwangi (observer, for the funder) opens the app's Home tab");
  await personFor(world, "U0RUTH").openHome("Ev0DEMOHOME2");
  const ruth = world.emulator.homeView("U0RUTH");
  say(
    renderBlocks((ruth?.blocks as unknown[]) ?? [], {
      userName: world.name,
      indent: "  ▏ ",
      zone: zoneOf("U0RUTH"),
    }),
  );
  say();
  say("Partners cannot change the partnership's set-up; the app says why and changes nothing:");
  await command(world, "U0LENA", "org add Shadow Corp business", { refused: true });
}

/** A path as the transcript shows it: relative to the working directory when inside it. */
function shownPath(path: string, dir = false): string {
  const rel = relative(process.cwd(), path);
  const shown = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
  return dir ? `${shown.replace(/[\\/]+$/, "")}/` : shown;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line = "") => {
    if (!options.quiet) options.out(line);
  };
  const weeks = options.weeks ?? DEFAULT_WEEKS;
  const seed = options.seed ?? DEFAULT_SEED;
  const databasePath = resolve(options.databasePath ?? "data/demo.sqlite");
  const outputDir = resolve(options.outputDir ?? "demo-output");
  mkdirSync(resolve(databasePath, ".."), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${databasePath}${suffix}`, { force: true });

  // One simulated clock for the app, the scheduler's ticks and the emulator (message ts, trigger
  // and response_url expiry), so what the transcript and the payloads show never depends on when
  // the demo runs.
  const clock: SimClock = { now: Date.parse("2026-11-30T08:00:00Z") };
  const emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    users: DEMO_USERS,
    channels: [{ id: CHANNEL_ID, name: CHANNEL_NAME, members: DEMO_USERS.map((u) => u.id) }],
    clock: () => clock.now,
    appToken: APP_TOKEN,
  });
  const signingSecret = randomBytes(16).toString("hex");
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: databasePath,
      SCHEDULER: "off",
      ...(options.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    },
    "app",
  );
  // A link that stops for good (it cannot here: the emulator is in this process) fails the demo.
  let linkLost: string | undefined;
  // processBeforeResponse: each HTTP reply (or Socket Mode ack) waits for its listener's Web API
  // calls, so the transcript shows every step's effects before the next step starts.
  const poc = await startPoc(config, {
    clock: () => clock.now,
    port: 0,
    logger: silentLogger(),
    retryConfig: { retries: 0 },
    processBeforeResponse: true,
    // Simulated weeks pass in seconds: each Home as it changes, as a reader would see it.
    homeMinIntervalMs: 0,
    onFatal: (message) => {
      linkLost = message;
    },
  }).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  try {
    const slack = options.socket
      ? untilLost(new SocketDeliverer(emulator.socketMode), () => linkLost)
      : new SlackDeliverer(`http://127.0.0.1:${poc.port}`, signingSecret);
    const name = (id: string) =>
      DEMO_USERS.find((u) => u.id === id)?.realName ??
      (id === CHANNEL_ID ? CHANNEL_NAME : undefined);
    const log = new PayloadLog({
      emulator,
      name,
      channelId: CHANNEL_ID,
      channelName: CHANNEL_NAME,
      clock: () => clock.now,
      homesPublished: () => poc.homesPublished(),
    });
    const world: World = { emulator, slack, log, say, name };
    say("Partnership Operations Center: demo");
    say(
      `The app runs in this process against a local Slack emulator (no network, no real Slack), with a fresh database at ${shownPath(databasePath)}.`,
    );
    if (options.socket) {
      say(
        "People reach it through envelopes on a Socket Mode link, as in a workspace installed from manifest.yml.",
      );
    }
    say(
      `Seed ${seed}, ${weeks} simulated week${weeks === 1 ? "" : "s"} (\`--seed N\` and \`--weeks N\` tell another story; \`--help\` says more).`,
    );
    say();
    await command(world, "U0AMARA", "help");
    say();
    await setUpPartnership(world);
    await recordCommitments(world);
    await whatPeopleSee(world);
    const env = {
      DATABASE_PATH: databasePath,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: emulator.url,
      LOG_LEVEL: "error",
    };
    await simulateWeeks(
      {
        emulator,
        channelId: CHANNEL_ID,
        channelName: CHANNEL_NAME,
        clock,
        say,
        name,
        zoneOf,
        zone: PARTNERSHIP_ZONE,
        person: (id) => personFor(world, id),
        cast: castFor(seed, weeks),
        tick: (iso) => {
          const io = { out: () => {}, err: options.err };
          return runTick(["--now", iso], io, env).catch((error: unknown) => failureExit(error, io));
        },
        fail: (message) => {
          throw new DemoError(message);
        },
      },
      weeks,
    );
    say();
    say("━━ After the last digest: where the partnership stands ━━");
    say();
    await command(world, "U0AMARA", "blockers");
    say();
    await command(world, "U0AMARA", "status");
    if (weeks === 1) {
      say(
        "  (Sam Lee has missed one check-in. After a second, Amara would be told: run with `--weeks 2` or more to see it.)",
      );
    }
    say();
    say("━━ Before the monthly review, Amara drafts the agenda ━━");
    say();
    await command(world, "U0AMARA", "agenda");
    say();
    await log.take();
    if (linkLost !== undefined) throw new DemoError(linkLost);
    const finished = options.socket
      ? `Demo finished: every step above went through envelopes on a Socket Mode link to the app (${ackedOnce(emulator)}, each acked once).`
      : "Demo finished: every step above went through signed HTTP requests to the app.";
    const written = log.write(outputDir, shownPath(outputDir, true));
    say(finished);
    say(
      `Wrote ${written} Block Kit payloads to ${shownPath(outputDir, true)} (open index.md; each has a Block Kit Builder link)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DemoError) {
      // A step that found no link says so; why the link stopped is the line that helps.
      const why = linkLost !== undefined && linkLost !== error.message ? ` (${linkLost})` : "";
      options.err(`poc: demo failed: ${error.message}${why}`);
      return 1;
    }
    throw error;
  } finally {
    await poc.stop();
    await emulator.close();
  }
}
