/**
 * `npm run demo`: the emulator and the app in one process, a fresh SQLite file under data/, and a
 * person talking to the bot through real signed requests. Prints what each person sees.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config.js";
import { SlackDeliverer } from "../emulator/deliver.js";
import { type EmulatorUser, startEmulator } from "../emulator/index.js";
import { silentLogger } from "../logger.js";
import { startPoc } from "../main.js";
import { renderBlocks } from "./render.js";

export interface DemoOptions {
  readonly quiet: boolean;
  readonly out: (line: string) => void;
  /** Where the demo database goes; defaults to data/demo.sqlite (recreated each run). */
  readonly databasePath?: string;
}

const TEAM_ID = "T0DEMO";
const CHANNEL_ID = "C0PARTNER";
const BOT_TOKEN = "xoxb-demo-token";

export const DEMO_USERS: EmulatorUser[] = [
  { id: "U0AMARA", name: "amara", realName: "Amara Okafor", tz: "Africa/Lagos" },
  { id: "U0LENA", name: "lena", realName: "Lena Fischer", tz: "Europe/Berlin" },
  { id: "U0DIEGO", name: "diego", realName: "Diego Ramírez", tz: "America/Bogota" },
  { id: "U0PRIYA", name: "priya", realName: "Priya Nair", tz: "Asia/Kolkata" },
];

export async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line = "") => {
    if (!options.quiet) options.out(line);
  };
  const databasePath = resolve(options.databasePath ?? "data/demo.sqlite");
  mkdirSync(resolve(databasePath, ".."), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${databasePath}${suffix}`, { force: true });

  const emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    users: DEMO_USERS,
    channels: [{ id: CHANNEL_ID, name: "water-partnership", members: DEMO_USERS.map((u) => u.id) }],
  });
  const signingSecret = randomBytes(16).toString("hex");
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: databasePath,
      SCHEDULER: "off",
    },
    "app",
  );
  const poc = await startPoc(config, {
    port: 0,
    logger: silentLogger(),
    retryConfig: { retries: 0 },
  });
  try {
    const slack = new SlackDeliverer(`http://127.0.0.1:${poc.port}`, signingSecret);
    const name = (id: string) => DEMO_USERS.find((u) => u.id === id)?.realName;
    say("Partnership Operations Center: demo");
    say(`Slack emulator at ${emulator.url}; app on port ${poc.port}; database ${databasePath}`);
    say();

    const amara = DEMO_USERS[0] as EmulatorUser;
    say(`▶ ${amara.realName} types in #water-partnership:  /poc help`);
    const reply = await slack.command({
      team_id: TEAM_ID,
      channel_id: CHANNEL_ID,
      user_id: amara.id,
      text: "help",
      response_url: emulator.responseUrl("help"),
    });
    const body = reply.json as { blocks?: unknown[]; text?: string } | undefined;
    if (reply.status !== 200 || !body?.blocks) {
      throw new Error(`the app answered /poc help with HTTP ${reply.status}: ${reply.text}`);
    }
    say(`  ${amara.realName} sees (only visible to you):`);
    say(renderBlocks(body.blocks, { userName: name, indent: "  │ " }));
    say();
    say("Demo finished: every step above went through signed HTTP requests to the app.");
    return 0;
  } finally {
    await poc.stop();
    await emulator.close();
  }
}
