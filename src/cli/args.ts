/**
 * One argument parser for every `poc` subcommand, over Node's `util.parseArgs`: `--help` (or `-h`)
 * anywhere asks for the command's help, `--name value` and `--name=value` both work, and anything
 * else (an unknown option, a missing value, a positional too many) is a `CliError` whose message
 * is one plain line followed by the command's synopsis. The caller prints it and exits 2.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError } from "../config.js";
import { DatabasePathError } from "../db/index.js";
import { fileErrorSentence } from "../files.js";

/** Where a subcommand writes: standard output and standard error, a line at a time. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** A usage error: printed as `poc: <message>`, exit 2. */
export class CliError extends Error {}

/**
 * How a subcommand's failure reaches the operator: a usage error, a bad variable or a
 * DATABASE_PATH where no database can be is one line and exit code 2; anything else (a file that
 * cannot be read, a full disk) one plain line and exit code 1, never a stack trace.
 */
export function failureExit(error: unknown, io: Io): number {
  if (
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DatabasePathError
  ) {
    io.err(`poc: ${error.message}`);
    return 2;
  }
  io.err(`poc: ${fileErrorSentence(error)}`);
  return 1;
}

export interface CommandHelp {
  /** `export`. */
  readonly name: string;
  /** One line: `poc export --partnership <id|name|channel> [--format csv|json] --out <dir>`. */
  readonly synopsis: string;
  /** The whole `--help` text, starting with the synopsis. */
  readonly help: string;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, unknown>>;
  readonly positionals: readonly string[];
}

/** The message and the synopsis, the way every subcommand answers a usage error. */
export function usageError(command: CommandHelp, message: string): CliError {
  return new CliError(`${message}\nusage: ${command.synopsis}\n(poc ${command.name} --help)`);
}

const QUOTED = /'([^']*)'/;

/**
 * `args` parsed against `options` (each `{ type: "string" | "boolean" }`), with at most
 * `positionals.max` and at least `positionals.min` positional arguments. Returns "help" when
 * `--help` or `-h` is among the arguments, whatever else is there.
 */
export function parseCommandArgs(
  command: CommandHelp,
  args: readonly string[],
  options: Options,
  positionals: { readonly min: number; readonly max: number; readonly name?: string } = {
    min: 0,
    max: 0,
  },
): ParsedArgs | "help" {
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  if (flags.includes("--help") || flags.includes("-h")) return "help";
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const named = QUOTED.exec(message)?.[1]?.split(" ")[0] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw usageError(command, `unknown option "${named}"`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      // A string option with no value (or a flag as its value), or a value given to a switch.
      const option = options[named.replace(/^--?/, "")];
      throw usageError(
        command,
        option?.type === "boolean" ? `${named} takes no value` : `${named} needs a value`,
      );
    }
    throw usageError(command, message.split("\n")[0] ?? "bad arguments");
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === "") throw usageError(command, `--${name} needs a value`);
  }
  const count = parsed.positionals.length;
  if (count > positionals.max) {
    throw usageError(command, `unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  if (count < positionals.min) {
    throw usageError(command, `${command.name} needs ${positionals.name ?? "an argument"}`);
  }
  return parsed;
}

/** A string option's value, or undefined. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}
