/**
 * `poc <subcommand>`: the operator's command line. Every subcommand returns an exit code; errors
 * are one line on stderr.
 */
import { ConfigError, readConfig } from "../config.js";
import { migrateDatabase, openDatabase } from "../db/index.js";
import { createLogger } from "../logger.js";
import { createServices } from "../services/index.js";
import { exitCodeOf } from "../services/tick.js";
import { DEFAULT_RETRY } from "../slack/app.js";
import { createSlackClient, OUTBOX_RETRY } from "../slack/client.js";
import { createSlackDirectory } from "../slack/directory.js";
import { createSlackMessenger } from "../slack/messenger/index.js";
import { runDemo } from "./demo.js";
import { DEMO_USAGE, DemoArgsError, parseDemoArgs } from "./demoArgs.js";
import { runEmulator } from "./emulator.js";
import { runBackup, runExport } from "./export.js";
import { runImport } from "./import.js";

export const CLI_USAGE = `Usage: poc <command>

Commands:
  tick [--now <ISO instant>]   run the scheduler's tick once (default: now)
  migrate                      apply database migrations to DATABASE_PATH
  import FILE [--dry-run]      create or update a partnership from a YAML file
  export --partnership <id> --format csv|json --out <dir>
                               write commitments, check-ins, blockers and decisions
  backup FILE                  a consistent copy of the live database (online backup)
  demo [--weeks N] [--seed N] [--quiet]
                               a scripted partnership against the built-in Slack emulator;
                               writes its Block Kit payloads to demo-output/ (poc demo --help)
  emulator [--port N] [--app-url URL]
                               the local Slack emulator on its own, for npm start to talk to;
                               prints the variables to run the app with (poc emulator --help)
  help                         this text

Environment: DATABASE_PATH (default data/poc.sqlite), LOG_LEVEL; tick also needs
SLACK_BOT_TOKEN (and SLACK_API_URL when not Slack itself). See README.md.`;

export class CliError extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Strict ISO 8601 with a date, a time and a zone (Z or ±HH:MM): no guessing the zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(text: string): number {
  const at = Date.parse(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(at)) {
    throw new CliError(
      `--now expects an ISO instant with a zone, such as 2026-11-30T09:00:00Z (got "${text}")`,
    );
  }
  return at;
}

function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new CliError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function rejectLeftovers(args: string[]): void {
  if (args.length > 0) throw new CliError(`unexpected argument "${args[0]}"\n\n${CLI_USAGE}`);
}

/** `env`: the variables to read instead of the process's own (the demo runs `tick` in-process). */
export async function runCli(
  argv: readonly string[],
  io: Io = stdio,
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  const [command, ...rest] = argv;
  const args = [...rest];
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(CLI_USAGE);
        return 0;
      case "migrate": {
        rejectLeftovers(args);
        const config = readConfig("database", env);
        const result = migrateDatabase(config.databasePath);
        io.out(
          `${config.databasePath}: ${result.applied.length} migration(s) applied, ${result.after} in all`,
        );
        return 0;
      }
      case "tick": {
        const nowText = takeFlag(args, "--now");
        rejectLeftovers(args);
        const now = nowText === undefined ? Date.now() : parseInstant(nowText);
        const config = readConfig("slack", env);
        const logger = createLogger(config.logLevel);
        const database = openDatabase(config.databasePath);
        try {
          const client = createSlackClient(config.slack, DEFAULT_RETRY, logger.child("web"));
          const services = createServices({
            database,
            logger,
            clock: () => now,
            directory: createSlackDirectory(client, () => now),
            messenger: createSlackMessenger(
              createSlackClient(config.slack, OUTBOX_RETRY, logger.child("send")),
            ),
          });
          const summary = await services.tick.run(now);
          io.out(JSON.stringify(summary));
          const code = exitCodeOf(summary);
          if (summary.halted !== undefined) {
            io.err(
              `poc: ${summary.halted.message}; nothing more was sent this run, and every prompt and digest that did not reach Slack is still due`,
            );
          } else if (code === 4) {
            io.err(
              "poc: some prompts, digests or reminders could not be sent and are left for a retry; run poc tick again later",
            );
          }
          return code;
        } finally {
          database.close();
        }
      }
      case "export":
        return await runExport(args, io, env);
      case "backup":
        return await runBackup(args, io, env);
      case "import":
        return await runImport(args, io);
      case "emulator":
        return await runEmulator(args, io);
      case "demo": {
        const demo = parseDemoArgs(args);
        if (demo.help) {
          io.out(DEMO_USAGE);
          return 0;
        }
        return await runDemo({
          quiet: demo.quiet,
          weeks: demo.weeks,
          seed: demo.seed,
          out: io.out,
          err: io.err,
        });
      }
      default:
        throw new CliError(`unknown command "${command}"\n\n${CLI_USAGE}`);
    }
  } catch (error) {
    if (
      error instanceof CliError ||
      error instanceof ConfigError ||
      error instanceof DemoArgsError
    ) {
      io.err(`poc: ${error.message}`);
      return 2;
    }
    io.err(`poc: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry !== undefined && /src[\\/]cli[\\/]index\.ts$/.test(entry)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
