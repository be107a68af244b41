/**
 * `poc <subcommand>`: the operator's command line. Every subcommand returns an exit code; errors
 * are one line on stderr.
 */
import { CliError, type CommandHelp, failureExit, type Io } from "./args.js";
import { runDemo } from "./demo.js";
import { DEMO_USAGE, parseDemoArgs } from "./demoArgs.js";
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
import { MIGRATE_HELP, runMigrate } from "./migrate.js";
import { runTick, TICK_HELP } from "./tick.js";

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

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
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

/** `env`: the variables to read instead of the process's own. */
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
      case "migrate":
        return await runMigrate(args, io, env);
      case "tick":
        return await runTick(args, io, env);
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
    return failureExit(error, io);
  }
}

const entry = process.argv[1];
if (entry !== undefined && /src[\\/]cli[\\/]index\.ts$/.test(entry)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
