/**
 * `poc demo`'s flags. Anything unknown or out of range is refused before the demo starts, with one
 * line saying what would have worked, so a typo never runs a different demo than the one asked for.
 */
import { CliError } from "./args.js";

export const DEFAULT_WEEKS = 3;
export const MAX_WEEKS = 12;
/** The seed of `npm run demo` without `--seed`: the transcript in the README is this one. */
export const DEFAULT_SEED = 2026;
const MAX_SEED = 0xffff_ffff;

export const DEMO_USAGE = `Usage: poc demo [--weeks N] [--seed N] [--socket] [--quiet]
       npm run demo -- [--weeks N] [--seed N] [--socket] [--quiet]

A partnership set up and run for a few simulated weeks against the built-in Slack emulator and a
fresh SQLite file (data/demo.sqlite): people type /poc commands, fill in modals and click buttons
through signed requests, \`poc tick --now\` runs every 30 simulated minutes, and the transcript
shows what each person sees. Every Block Kit payload is also written to demo-output/ as JSON with
a Block Kit Builder link (see demo-output/index.md).

Options:
  --weeks N   simulated weeks of check-ins after set-up, 1 to ${MAX_WEEKS} (default ${DEFAULT_WEEKS}); each week
              ends with its digest, the last with the review agenda. With --weeks 1 the blocker,
              the away reply and the Slack Connect fallback all happen, but nobody can miss two
              check-ins in a row yet, so there is no silent-owner escalation (2+ weeks show it)
  --seed N    0 to ${MAX_SEED} (default ${DEFAULT_SEED}): how each person answers each week (one
              click, an update with figures, a snooze, a day late on the reminder), the figures
              they report and the week Diego is away. The same seed prints the same transcript
  --socket    Slack reaches the app over a Socket Mode link (as when installed from manifest.yml)
              instead of signed HTTP requests; the story and the payloads are the same
  --quiet     print nothing; the exit code says whether every step worked
  --help      this text`;

export interface DemoArgs {
  readonly weeks: number;
  readonly seed: number;
  readonly quiet: boolean;
  readonly socket: boolean;
  readonly help: boolean;
}

/** A flag the demo does not know, or a value out of range: exit 2, nothing run. */
export class DemoArgsError extends CliError {}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DemoArgsError(
      `${flag} expects a whole number from ${min} to ${max} (got "${text}")\n\n${DEMO_USAGE}`,
    );
  }
  return value;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let weeks: number | undefined;
  let seed: number | undefined;
  let quiet = false;
  let socket = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new DemoArgsError(`${flag} needs a value\n\n${DEMO_USAGE}`);
      }
      i += 1;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new DemoArgsError(`${flag} takes no value\n\n${DEMO_USAGE}`);
    };
    const once = (given: unknown) => {
      if (given !== undefined) throw new DemoArgsError(`${flag} given twice\n\n${DEMO_USAGE}`);
    };
    switch (flag) {
      case "--weeks":
        once(weeks);
        weeks = wholeNumber("--weeks", value(), 1, MAX_WEEKS);
        break;
      case "--seed":
        once(seed);
        seed = wholeNumber("--seed", value(), 0, MAX_SEED);
        break;
      case "--quiet":
      case "-q":
        noValue();
        quiet = true;
        break;
      case "--socket":
        noValue();
        socket = true;
        break;
      case "--help":
      case "-h":
        noValue();
        help = true;
        break;
      default:
        throw new DemoArgsError(
          `${flag?.startsWith("-") ? "unknown option" : "unexpected argument"} "${arg}" for demo\n\n${DEMO_USAGE}`,
        );
    }
  }
  return { weeks: weeks ?? DEFAULT_WEEKS, seed: seed ?? DEFAULT_SEED, quiet, socket, help };
}
