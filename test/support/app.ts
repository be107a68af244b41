/**
 * Starts the real app against the Slack emulator with a fresh SQLite file built from the real
 * migrations, in HTTP mode (port 0) or in Socket Mode (a link to the emulator, /healthz on port
 * 0). Tests talk to it only as Slack would, through `slack` (signed requests, or envelopes on the
 * link), and read what the emulator received.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../../src/config.js";
import {
  SlackDeliverer,
  type SlackTransport,
  SocketDeliverer,
  type TransportMode,
} from "../../src/emulator/deliver.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import { type RunningPoc, type StartOptions, startPoc } from "../../src/main.js";
import { createBlockKitValidator } from "./blockKitValidator.js";

export const TEAM_ID = "T0TEST";
export const CHANNEL_ID = "C0PARTNER";
export const BOT_TOKEN = "xoxb-test-token";
export const SIGNING_SECRET = "testsigningsecret0123456789abcdef";
export const APP_TOKEN = "xapp-1-test-token";

/** The two ways Slack reaches the app: a story told with `slack` runs in each. */
export const MODES: readonly TransportMode[] = ["http", "socket"];

/**
 * The bot scopes manifest.yml asks for: the emulated workspace grants exactly these, so every
 * test runs as an install from the manifest, and a call the manifest forgot fails as in Slack.
 */
export const MANIFEST_SCOPES: readonly string[] = parse(
  readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8"),
).oauth_config.scopes.bot;

/** The people of the test workspace; seedPartnership() gives the first four their standing. */
export const TEST_USERS = [
  { id: "U0COORD", name: "coord", realName: "Cora Coordinator", tz: "Europe/London" },
  { id: "U0PART", name: "part", realName: "Pat Partner", tz: "America/New_York" },
  { id: "U0OBS", name: "obs", realName: "Olu Observer", tz: "Africa/Lagos" },
  { id: "U0OUT", name: "out", realName: "Oona Outsider", tz: "Asia/Kolkata" },
  { id: "U0PART2", name: "part2", realName: "Priya Partner", tz: "Australia/Sydney" },
  {
    id: "U0EXT",
    name: "ext",
    realName: "Ezra External",
    tz: "America/Bogota",
    teamId: "T0OTHER",
    isStranger: true,
  },
  { id: "U0GONE", name: "gone", realName: "Gil Gone", tz: "Europe/Berlin", deleted: true },
  { id: "U0NOTZ", name: "notz", realName: "Nia No-Zone", tz: "" },
];

export interface TestApp {
  readonly mode: TransportMode;
  readonly emulator: Emulator;
  readonly poc: RunningPoc;
  /** How a person's requests reach the app in this mode. */
  readonly slack: SlackTransport;
  /** Signed HTTP requests to /slack/events, for what only HTTP has (signatures, bodies): HTTP mode only. */
  http(): SlackDeliverer;
  /** Where the app listens: /slack/events (HTTP mode) and /healthz. */
  readonly appUrl: string;
  readonly databasePath: string;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    emulator?: EmulatorOptions;
    env?: Record<string, string>;
    /** The app's clock (services get `now` from it); defaults to the real one. */
    clock?: () => number;
    /** Where the app logs (default: nowhere). */
    logger?: Logger;
    /** How Slack reaches the app (default HTTP). */
    mode?: TransportMode;
    /** Socket Mode only: what happens when the link stops for good (default: nothing). */
    onFatal?: (message: string) => void;
    socketTiming?: StartOptions["socketTiming"];
  } = {},
): Promise<TestApp> {
  const mode = options.mode ?? "http";
  const emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    validator: createBlockKitValidator(),
    users: TEST_USERS,
    channels: [{ id: CHANNEL_ID, name: "partnership" }],
    scopes: MANIFEST_SCOPES,
    appToken: APP_TOKEN,
    ...options.emulator,
  });
  const dir = mkdtempSync(join(tmpdir(), "poc-test-"));
  const databasePath = join(dir, "poc.sqlite");
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.url,
      DATABASE_PATH: databasePath,
      SCHEDULER: "off",
      ...(mode === "socket" ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      ...options.env,
    },
    "app",
  );
  let poc: RunningPoc;
  try {
    poc = await startPoc(config, {
      port: 0,
      logger: options.logger ?? silentLogger(),
      retryConfig: { retries: 0 },
      processBeforeResponse: true,
      // Each change's Home at once, so a test can read it right after the change.
      homeMinIntervalMs: 0,
      ...(options.clock ? { clock: options.clock } : {}),
      onFatal: options.onFatal ?? (() => {}),
      ...(options.socketTiming ? { socketTiming: options.socketTiming } : {}),
    });
  } catch (error) {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const appUrl = `http://127.0.0.1:${poc.port}`;
  const http = new SlackDeliverer(appUrl, SIGNING_SECRET);
  return {
    mode,
    emulator,
    poc,
    slack: mode === "socket" ? new SocketDeliverer(emulator.socketMode) : http,
    http() {
      if (mode !== "http") throw new Error("signed HTTP requests reach the app in HTTP mode only");
      return http;
    },
    appUrl,
    databasePath,
    async close() {
      await poc.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
