/**
 * `poc tick [--now T]`: the scheduler's tick once, for a host's own cron (SCHEDULER=off in the
 * app); the demo runs it in-process. Exit codes in TICK_HELP.
 */
import { readConfig } from "../config.js";
import { openExistingDatabase } from "../db/index.js";
import { createRuntime } from "../runtime.js";
import { exitCodeOf } from "../services/tick.js";
import { CliError, type CommandHelp, type Io, parseCommandArgs, stringOption } from "./args.js";

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

/** `env`: the variables to read instead of the process's own (the demo's). */
export async function runTick(
  args: readonly string[],
  io: Io,
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  const parsed = parseCommandArgs(TICK_HELP, args, { now: { type: "string" } });
  if (parsed === "help") {
    io.out(TICK_HELP.help);
    return 0;
  }
  const nowText = stringOption(parsed, "now");
  const now = nowText === undefined ? Date.now() : parseInstant(nowText);
  const config = readConfig("slack", env);
  const runtime = createRuntime(config, {
    clock: () => now,
    database: openExistingDatabase(config.databasePath),
  });
  try {
    const { services } = runtime;
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
    runtime.close();
  }
}
