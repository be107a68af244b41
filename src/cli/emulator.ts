/**
 * `poc emulator [--port N] [--app-url URL]`: the Slack emulator on its own, serving the demo's
 * workspace (people, channel, bot token), so a developer can run `npm start` against it and act as
 * its people with the person API (src/emulator/personApi.ts). Runs until SIGINT or SIGTERM.
 *
 * Exit codes: 0 stopped by a signal, 1 it could not listen, 2 a usage error.
 */
import { randomBytes } from "node:crypto";
import { SlackDeliverer } from "../emulator/deliver.js";
import { startEmulator } from "../emulator/index.js";
import { mountPersonApi } from "../emulator/personApi.js";
import { type CommandHelp, type Io, parseCommandArgs, stringOption, usageError } from "./args.js";
import { DEMO_WORKSPACE } from "./demo.js";

export const EMULATOR_USAGE = `Usage: poc emulator [--port N] [--app-url URL]

Runs the local Slack emulator with the demo's workspace until Ctrl-C, and prints how to run the
app against it and act as its people.

  --port N         the emulator's port (default 3001; 0 picks a free one)
  --app-url URL    the app's http://host:port; requests go to URL/slack/events
                   (default http://127.0.0.1:3000)
  --help           this text`;

const DEFAULT_PORT = 3001;
const DEFAULT_APP_URL = "http://127.0.0.1:3000";
/** The app's database for emulator runs: apart from a real workspace's data/poc.sqlite. */
const DATABASE_PATH = "data/emulator.sqlite";

interface EmulatorArgs {
  readonly port: number;
  readonly appUrl: string;
}

export const EMULATOR_HELP: CommandHelp = {
  name: "emulator",
  synopsis: "poc emulator [--port N] [--app-url URL]",
  help: EMULATOR_USAGE,
};

function parse(args: string[]): EmulatorArgs | "help" {
  const parsed = parseCommandArgs(EMULATOR_HELP, args, {
    port: { type: "string" },
    "app-url": { type: "string" },
  });
  if (parsed === "help") return "help";
  const portText = stringOption(parsed, "port") ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw usageError(
      EMULATOR_HELP,
      `--port expects a port number from 0 to 65535 (got "${portText}")`,
    );
  }
  const appUrl = stringOption(parsed, "app-url") ?? DEFAULT_APP_URL;
  const parsedUrl = URL.canParse(appUrl) ? new URL(appUrl) : undefined;
  // The app serves plain HTTP on PORT and receives Slack's requests at /slack/events.
  if (
    parsedUrl === undefined ||
    parsedUrl.protocol !== "http:" ||
    parsedUrl.pathname !== "/" ||
    parsedUrl.search !== ""
  ) {
    throw usageError(
      EMULATOR_HELP,
      `--app-url expects the app's http://host:port, such as ${DEFAULT_APP_URL} (got "${appUrl}")`,
    );
  }
  return { port: Number(portText), appUrl: parsedUrl.origin };
}

/** Resolves on the first SIGINT or SIGTERM. */
function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export async function runEmulator(args: string[], io: Io): Promise<number> {
  const parsed = parse(args);
  if (parsed === "help") {
    io.out(EMULATOR_USAGE);
    return 0;
  }
  const { teamId, botToken, users, channel } = DEMO_WORKSPACE;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port: parsed.port,
      teamId,
      botToken,
      users: [...users],
      channels: [{ id: channel.id, name: channel.name, members: users.map((u) => u.id) }],
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    io.err(
      code === "EADDRINUSE"
        ? `poc: port ${parsed.port} is in use: choose another with --port`
        : `poc: the emulator could not start: ${(error as Error).message}`,
    );
    return 1;
  }
  const signingSecret = randomBytes(16).toString("hex");
  mountPersonApi({
    emulator,
    slack: new SlackDeliverer(parsed.appUrl, signingSecret),
    users,
    teamId,
    defaultChannel: channel.id,
  });
  const at = emulator.origin;
  const width = Math.max(...users.map((u) => (u.realName ?? u.name).length));
  io.out(
    [
      `Slack emulator at ${at} (the demo's workspace ${teamId}; Ctrl-C stops it)`,
      "",
      "Run the app against it in another terminal (HTTP mode):",
      `  SLACK_API_URL=${emulator.url} SLACK_BOT_TOKEN=${botToken} SLACK_SIGNING_SECRET=${signingSecret} \\`,
      `  PORT=${new URL(parsed.appUrl).port || "80"} DATABASE_PATH=${DATABASE_PATH} npm start`,
      "",
      "People:",
      ...users.map(
        (u) =>
          `  ${u.id.padEnd(8)} ${(u.realName ?? u.name).padEnd(width)}  ${u.tz}${u.isStranger ? "  (Slack Connect: the bot cannot DM them)" : ""}`,
      ),
      `Channel: ${channel.id} #${channel.name} (everyone is a member)`,
      "",
      `Act as a person (each request reaches the app at ${parsed.appUrl}/slack/events, signed):`,
      `  curl -s ${at}/person/U0AMARA/command -d '{"channel":"${channel.id}","text":"setup"}'`,
      `  curl -s ${at}/person/U0AMARA/modal        # the modal the app opened last`,
      `  curl -s ${at}/person/U0AMARA/submit -d '{"values":{"<block_id>":{"text":"..."}}}'`,
      `  curl -s '${at}/messages?channel=${channel.id}'   # what the app posted, with each message's buttons`,
      `  curl -s ${at}/person/U0AMARA/click -d '{"ts":"<ts>","action_id":"<action_id>"}'`,
      `  curl -s -X POST ${at}/person/U0AMARA/home  # opens the App Home (GET shows it)`,
      `  curl -s ${at}/responses                  # what the app sent to response_urls`,
      `For \`npx poc tick\`, use the same SLACK_API_URL, SLACK_BOT_TOKEN and DATABASE_PATH.`,
      "docs/emulator.md lists every route and value shape.",
    ].join("\n"),
  );
  const signal = await signalled();
  io.err(`${signal}: stopping the emulator`);
  await emulator.close();
  return 0;
}
