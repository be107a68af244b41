/**
 * `poc <subcommand>`: the operator's command line. Every subcommand returns an exit code; errors
 * are one line on stderr.
 */
import { ConfigError, readConfig } from "../config.js";
import { DatabasePathError, migrateDatabase, openExistingDatabase } from "../db/index.js";
import { fileErrorSentence } from "../files.js";
import { createLogger } from "../logger.js";
import { createServices } from "../services/index.js";
import { exitCodeOf } from "../services/tick.js";
import { DEFAULT_RETRY } from "../slack/app.js";
import { createSlackClient, OUTBOX_RETRY } from "../slack/client.js";
import { createSlackDirectory } from "../slack/directory.js";
import { createSlackMessenger } from "../slack/messenger/index.js";
import { CliError, type CommandHelp, parseCommandArgs, stringOption } from "./args.js";
import { runDemo } from "./demo.js";
import { DEMO_USAGE, DemoArgsError, parseDemoArgs } from "./demoArgs.js";
import { EMULATOR_HELP, runEmulator } from "./emulator.js";
import {
  BACKUP_HELP,
  EXPORT_HELP,
  PARTNERSHIPS_HELP,
  runBackup,
  runExport,
  runPartnerships,
} from "./export.js";
import { IMPORT_HELP, runImport } from "./import.js";

export const CLI_USAGE = `Usage: poc <command> [--help]

Commands:
  tick [--now <ISO instant>]   run the scheduler's tick once (default: now)
  migrate                      apply database migrations to DATABASE_PATH
  import FILE [--dry-run]      create or update a partnership from a YAML file
  partnerships [--json]        list the partnerships: id, name, channel, counts
  export --partnership <id|name|channel> [--format csv|json] --out <dir>
                               write one partnership's organizations, members, objectives,
                               commitments, check-ins, blockers and decisions
  backup FILE [--force]        a consistent copy of the live database (online backup)
  demo [--weeks N] [--seed N] [--socket] [--quiet]
                               a scripted partnership against the built-in Slack emulator;
                               writes its Block Kit payloads to demo-output/
  emulator [--port N] [--app-url URL]
                               the local Slack emulator on its own, for npm start to talk to;
                               prints the variables to run the app with
  help [command]               this text, or one command's (as poc <command> --help)

Environment: DATABASE_PATH (default data/poc.sqlite), LOG_LEVEL; tick also needs
SLACK_BOT_TOKEN (and SLACK_API_URL when not Slack itself). See README.md.`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const TICK_HELP: CommandHelp = {
  name: "tick",
  synopsis: "poc tick [--now <ISO instant>]",
  help: `Usage: poc tick [--now <ISO instant>]

Runs the scheduler's tick once against the database at DATABASE_PATH, as the app does every
minute: plans check-ins, sends due prompts and reminders, escalates, posts digests. For a host's
own cron, with SCHEDULER=off in the app. Needs SLACK_BOT_TOKEN (and SLACK_API_URL when not Slack
itself). Prints a JSON summary.

  --now T   tick as if it were T, an instant with a zone: 2026-11-30T09:00:00Z or
            2026-11-30T10:00:00+01:00 (default: now)
  --help    this text

Exit codes: 0 all due work done; 1 Slack failed as a whole (a wrong token, a missing scope, no
connection): nothing was marked failed and everything is still due; 2 a bad argument or variable
(DATABASE_PATH naming no database included: tick never creates one); 3 another process holds the
tick lease; 4 some work was left for a retry.`,
};

export const MIGRATE_HELP: CommandHelp = {
  name: "migrate",
  synopsis: "poc migrate",
  help: `Usage: poc migrate

Creates the database at DATABASE_PATH if there is none, and applies the migrations it lacks (the
app also does this when it starts). Prints how many were applied.

  --help   this text`,
};

const HELP_PAGES: readonly CommandHelp[] = [
  TICK_HELP,
  MIGRATE_HELP,
  IMPORT_HELP,
  PARTNERSHIPS_HELP,
  EXPORT_HELP,
  BACKUP_HELP,
  {
    name: "demo",
    synopsis: "poc demo [--weeks N] [--seed N] [--socket] [--quiet]",
    help: DEMO_USAGE,
  },
  EMULATOR_HELP,
];

/** Strict ISO 8601 with a date, a time and a zone (Z or ±HH:MM): no guessing the zone. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant an ISO 8601 text names. Every field must exist on the calendar and the clock:
 * `Date.parse` reads 2026-02-30 as 2 March and 24:00 as the next day, which would tick at a time
 * nobody asked for.
 */
export function parseInstant(text: string): number {
  const bad = (why: string) =>
    new CliError(
      `--now expects an ISO instant with a zone, such as 2026-11-30T09:00:00Z (got "${text}"${why})`,
    );
  const match = ISO_INSTANT.exec(text);
  if (match === null) throw bad("");
  const field = (i: number) => Number(match[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const [offsetHours, offsetMinutes] = [field(7), field(8)];
  // setUTCFullYear, unlike Date.UTC, reads years 0-99 as themselves.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const daysInMonth = lastDay.getUTCDate();
  if (month < 1 || month > 12) throw bad(`: there is no month ${month}`);
  if (day < 1 || day > daysInMonth) {
    throw bad(`: ${match[1]}-${match[2]} has ${daysInMonth} days`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw bad(": that time is not on a clock");
  if (offsetHours > 23 || offsetMinutes > 59) throw bad(": that offset is not a time zone's");
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw bad("");
  return at;
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
      case "--help":
      case "-h":
        io.out(CLI_USAGE);
        return 0;
      case "help": {
        const [topic, ...extra] = args;
        const asked = HELP_PAGES.find((p) => p.name === topic);
        if (topic !== undefined && asked === undefined) {
          throw new CliError(`there is no command "${topic}"\n\n${CLI_USAGE}`);
        }
        if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
        io.out(asked?.help ?? CLI_USAGE);
        return 0;
      }
      case "migrate": {
        if (parseCommandArgs(MIGRATE_HELP, args, {}) === "help") {
          io.out(MIGRATE_HELP.help);
          return 0;
        }
        const config = readConfig("database", env);
        const result = migrateDatabase(config.databasePath);
        io.out(
          `${config.databasePath}: ${result.applied.length} migration(s) applied, ${result.after} in all`,
        );
        return 0;
      }
      case "tick": {
        const parsed = parseCommandArgs(TICK_HELP, args, { now: { type: "string" } });
        if (parsed === "help") {
          io.out(TICK_HELP.help);
          return 0;
        }
        const nowText = stringOption(parsed, "now");
        const now = nowText === undefined ? Date.now() : parseInstant(nowText);
        const config = readConfig("slack", env);
        const logger = createLogger(config.logLevel);
        const database = openExistingDatabase(config.databasePath);
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
        return await runImport(args, io, env);
      case "partnerships":
        return await runPartnerships(args, io, env);
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
          socket: demo.socket,
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
      error instanceof DemoArgsError ||
      error instanceof DatabasePathError
    ) {
      io.err(`poc: ${error.message}`);
      return 2;
    }
    io.err(`poc: ${fileErrorSentence(error)}`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry !== undefined && /src[\\/]cli[\\/]index\.ts$/.test(entry)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
