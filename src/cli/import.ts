/**
 * `poc import FILE [--dry-run]`: creates or updates one partnership from a YAML file (see
 * examples/partnership.yml). Offline: it needs DATABASE_PATH, not Slack.
 *
 * "Nothing was written" is true on disk: a dry run works on an in-memory copy of the database
 * (an empty one when there is none yet), and an import into a database that does not exist yet is
 * first checked against an empty one, so a file with problems creates no folder and no database.
 *
 * Exit codes: 0 imported (or, with --dry-run, would import), 2 a usage error or a file with
 * problems (each printed as `FILE:LINE:COL: path: message`; nothing is written).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type Config, readConfig } from "../config.js";
import {
  type Database,
  openDatabase,
  openDatabaseCopy,
  requireDatabaseLocation,
} from "../db/index.js";
import { fileErrorSentence } from "../files.js";
import { silentLogger } from "../logger.js";
import { createRuntime } from "../runtime.js";
import { type CommandHelp, parseCommandArgs } from "./args.js";
import { type ImportRun, importText } from "./importFile.js";

export const IMPORT_HELP: CommandHelp = {
  name: "import",
  synopsis: "poc import FILE [--dry-run]",
  help: `Usage: poc import FILE [--dry-run]

Creates or updates one partnership in the database at DATABASE_PATH from a YAML file (see
examples/partnership.yml): its workspace, channel, organizations, members, objectives and
commitments. The whole file is checked first; each problem is printed as FILE:LINE:COL: path:
message and nothing is written. Otherwise it is applied in one transaction. Running it again with
the same file changes nothing.

  --dry-run   print what would be created or updated, and write nothing (no database is created)
  --help      this text`,
};

function run(
  config: Config,
  database: Database,
  fileName: string,
  text: string,
  now: number,
  dryRun: boolean,
): ImportRun {
  const runtime = createRuntime(config, { database, logger: silentLogger() });
  try {
    return importText(runtime.services.importer, fileName, text, now, { dryRun });
  } finally {
    runtime.close();
  }
}

export async function runImport(
  args: string[],
  io: { out(line: string): void; err(line: string): void },
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  const parsed = parseCommandArgs(
    IMPORT_HELP,
    args,
    { "dry-run": { type: "boolean" } },
    { min: 1, max: 1, name: "a FILE" },
  );
  if (parsed === "help") {
    io.out(IMPORT_HELP.help);
    return 0;
  }
  const dryRun = parsed.values["dry-run"] === true;
  const fileName = parsed.positionals[0] as string;
  let text: string;
  try {
    text = await readFile(fileName, "utf8");
  } catch (error) {
    io.err(`poc: ${fileErrorSentence(error, fileName)}`);
    return 2;
  }
  const config = readConfig("database", env);
  // A DATABASE_PATH where no database could be: said before anything runs, dry or not.
  requireDatabaseLocation(config.databasePath);
  const now = Date.now();
  let result: ImportRun;
  if (dryRun) {
    result = run(config, openDatabaseCopy(config.databasePath), fileName, text, now, true);
  } else {
    const fresh = !existsSync(config.databasePath);
    const check = fresh
      ? run(config, openDatabaseCopy(config.databasePath), fileName, text, now, true)
      : undefined;
    result =
      check !== undefined && check.exitCode !== 0
        ? check
        : run(config, openDatabase(config.databasePath), fileName, text, now, false);
  }
  for (const line of result.out) io.out(line);
  for (const line of result.err) io.err(line);
  return result.exitCode;
}
