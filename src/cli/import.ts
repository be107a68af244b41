/**
 * `poc import FILE [--dry-run]`: creates or updates one partnership from a YAML file (see
 * examples/partnership.yml). Offline: it needs DATABASE_PATH, not Slack.
 *
 * Exit codes: 0 imported (or, with --dry-run, would import), 2 a usage error or a file with
 * problems (each printed as `FILE:LINE:COL: path: message`; nothing is written).
 */
import { readFile } from "node:fs/promises";
import { readConfig } from "../config.js";
import { openDatabase } from "../db/index.js";
import { silentLogger } from "../logger.js";
import { createServices } from "../services/index.js";
import { importText } from "./importFile.js";

const USAGE = "usage: poc import FILE [--dry-run]";

export async function runImport(
  args: string[],
  io: { out(line: string): void; err(line: string): void },
): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const rest = args.filter((arg) => arg !== "--dry-run");
  const unknownFlag = rest.find((arg) => arg.startsWith("--"));
  if (unknownFlag !== undefined || rest.length !== 1) {
    io.err(
      `poc: ${unknownFlag !== undefined ? `unknown option "${unknownFlag}"` : rest.length === 0 ? "import needs a FILE" : `unexpected argument "${rest[1]}"`}\n${USAGE}`,
    );
    return 2;
  }
  const fileName = rest[0] as string;
  let text: string;
  try {
    text = await readFile(fileName, "utf8");
  } catch (error) {
    io.err(`poc: cannot read ${fileName}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    return 2;
  }
  const config = readConfig();
  const database = openDatabase(config.databasePath);
  try {
    const services = createServices({ database, logger: silentLogger() });
    const run = importText(services.importer, fileName, text, Date.now(), { dryRun });
    for (const line of run.out) io.out(line);
    for (const line of run.err) io.err(line);
    return run.exitCode;
  } finally {
    database.close();
  }
}
