/**
 * `poc export --partnership <id> --format csv|json --out <dir>`: writes commitments, check_ins,
 * blockers and decisions of one partnership into <dir>. `poc backup FILE`: a consistent copy of
 * the live database through SQLite's online backup (safe while the app writes). Both are offline:
 * they need DATABASE_PATH, not Slack.
 *
 * Exit codes: 0 done, 1 the work failed (unknown partnership, backup failed), 2 a usage error.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { readConfig } from "../config.js";
import { openDatabase } from "../db/index.js";
import { isDomainError } from "../domain/errors.js";
import { silentLogger } from "../logger.js";
import type { ExportFormat } from "../services/exporter.js";
import { createServices } from "../services/index.js";

type Io = { out(line: string): void; err(line: string): void };

const EXPORT_USAGE = "usage: poc export --partnership <id> --format csv|json --out <dir>";
const BACKUP_USAGE = "usage: poc backup FILE";

function parseFlags(args: string[]): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf("=");
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (!["--partnership", "--format", "--out"].includes(name)) {
      return arg.startsWith("--") ? `unknown option "${arg}"` : `unexpected argument "${arg}"`;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") return `${name} needs a value`;
    flags.set(name, value);
  }
  return flags;
}

export async function runExport(args: string[], io: Io, env?: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags(args);
  if (typeof flags === "string") {
    io.err(`poc: ${flags}\n${EXPORT_USAGE}`);
    return 2;
  }
  const idText = flags.get("--partnership") ?? "";
  const format = flags.get("--format") ?? "csv";
  const out = flags.get("--out");
  if (!/^\d{1,12}$/.test(idText) || (format !== "csv" && format !== "json") || !out) {
    io.err(
      `poc: ${!/^\d{1,12}$/.test(idText) ? "--partnership needs a partnership id (a number)" : !out ? "--out needs a folder" : `unknown format "${format}"`}\n${EXPORT_USAGE}`,
    );
    return 2;
  }
  const config = readConfig("database", env);
  const database = openDatabase(config.databasePath);
  try {
    const services = createServices({ database, logger: silentLogger() });
    const bundle = services.exporter.forPartnership(Number(idText), format as ExportFormat);
    await mkdir(out, { recursive: true });
    for (const file of bundle.files) {
      const path = join(out, file.filename);
      await writeFile(path, file.content, "utf8");
      io.out(path);
    }
    return 0;
  } catch (error) {
    if (isDomainError(error)) {
      io.err(`poc: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    database.close();
  }
}

export async function runBackup(args: string[], io: Io, env?: NodeJS.ProcessEnv): Promise<number> {
  if (args.length !== 1 || (args[0] as string).startsWith("--")) {
    io.err(
      `poc: ${args.length === 0 ? "backup needs a FILE" : args[0]?.startsWith("--") ? `unknown option "${args[0]}"` : `unexpected argument "${args[1]}"`}\n${BACKUP_USAGE}`,
    );
    return 2;
  }
  const target = resolve(args[0] as string);
  const config = readConfig("database", env);
  const source = resolve(config.databasePath);
  if (target === source) {
    io.err("poc: the backup file must not be the database itself");
    return 2;
  }
  if (!existsSync(source)) {
    io.err(`poc: there is no database at ${config.databasePath}`);
    return 1;
  }
  const sqlite = new BetterSqlite3(source, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    await mkdir(dirname(target), { recursive: true });
    await sqlite.backup(target);
  } catch (error) {
    io.err(`poc: backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    sqlite.close();
  }
  const copy = new BetterSqlite3(target, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") {
      io.err(`poc: the backup at ${target} failed its integrity check: ${String(check)}`);
      return 1;
    }
  } finally {
    copy.close();
  }
  io.out(target);
  return 0;
}
