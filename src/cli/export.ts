/**
 * The offline commands over an existing database (they need DATABASE_PATH, not Slack):
 * - `poc partnerships [--json]`: every partnership with its id, name, channel and counts;
 * - `poc export --partnership <id|name|channel> [--format csv|json] --out <dir>`: one
 *   partnership's organizations, members, objectives, commitments, check-ins, blockers and
 *   decisions into <dir>;
 * - `poc backup FILE [--force]`: a consistent copy of the live database through SQLite's online
 *   backup (safe while the app writes), one self-contained file, integrity-checked.
 *
 * None of them creates a database: a DATABASE_PATH that names no file is an error (exit 2).
 * Exit codes: 0 done, 1 the work failed (an unknown partnership, a file that could not be
 * written), 2 a usage error or a missing database.
 */
import { existsSync, realpathSync, renameSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { readConfig } from "../config.js";
import { isSqliteFile, openExistingDatabase, requireDatabaseFile } from "../db/index.js";
import { isDomainError } from "../domain/errors.js";
import { fileErrorSentence, statIfAny } from "../files.js";
import { silentLogger } from "../logger.js";
import { createRuntime, type Runtime } from "../runtime.js";
import type { ExportFormat } from "../services/exporter.js";
import { printableName } from "../services/exporter.js";
import { type CommandHelp, type Io, parseCommandArgs, stringOption, usageError } from "./args.js";

export const PARTNERSHIPS_HELP: CommandHelp = {
  name: "partnerships",
  synopsis: "poc partnerships [--json]",
  help: `Usage: poc partnerships [--json]

Lists every partnership in the database at DATABASE_PATH, archived ones too: its id, name,
channel, workspace, and how many organizations, members, active commitments and open blockers it
has. The id, the name or the channel is what \`poc export --partnership\` takes.

  --json   one JSON array instead of the table
  --help   this text`,
};

export const EXPORT_HELP: CommandHelp = {
  name: "export",
  synopsis: "poc export --partnership <id|name|channel> [--format csv|json] --out <dir>",
  help: `Usage: poc export --partnership <id|name|channel> [--format csv|json] --out <dir>

Writes one partnership's records from the database at DATABASE_PATH into <dir> (created if
needed; files of an earlier export there are replaced): organizations, members, objectives,
commitments, check_ins, blockers and decisions, one file each. Ids in one file are rows of another
(a commitment's organization_id and objective_ids, a blocker's commitment_id).

  --partnership P   the partnership's id, its channel's id (C0123ABCD) or its name (case and
                    spaces ignored), as \`poc partnerships\` lists them; a number is read as
                    an id first
  --format F        csv (default; a header row, spreadsheet formulas neutralized) or json
  --out DIR         the folder to write into
  --help            this text`,
};

export const BACKUP_HELP: CommandHelp = {
  name: "backup",
  synopsis: "poc backup FILE [--force]",
  help: `Usage: poc backup FILE [--force]

Copies the database at DATABASE_PATH into FILE through SQLite's online backup, safe while the app
runs, then checks the copy's integrity. The copy is one self-contained file (no -wal or -shm
beside it) that \`DATABASE_PATH=FILE npm start\` can open. An existing FILE is kept unless --force
is given; a copy that fails leaves FILE as it was.

  --force   replace FILE if it exists
  --help    this text`,
};

/** The runtime on the existing database at DATABASE_PATH, as it is (never created or migrated). */
function readOnlyRuntime(env: NodeJS.ProcessEnv | undefined): Runtime {
  const config = readConfig("database", env);
  const database = openExistingDatabase(config.databasePath, { migrate: false });
  return createRuntime(config, { database, logger: silentLogger() });
}

export async function runPartnerships(
  args: string[],
  io: Io,
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  const parsed = parseCommandArgs(PARTNERSHIPS_HELP, args, { json: { type: "boolean" } });
  if (parsed === "help") {
    io.out(PARTNERSHIPS_HELP.help);
    return 0;
  }
  const runtime = readOnlyRuntime(env);
  const { database, services } = runtime;
  try {
    const list = services.exporter.listPartnerships();
    if (parsed.values.json === true) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (list.length === 0) {
      io.out(
        `No partnerships in ${database.path} yet: type /poc setup in a channel, or run npx poc import FILE.`,
      );
      return 0;
    }
    const header = [
      "id",
      "name",
      "channel",
      "workspace",
      "orgs",
      "members",
      "commitments",
      "open blockers",
    ];
    const rows = list.map((p) => [
      String(p.id),
      printableName(p.name) + (p.archived ? " (archived)" : ""),
      p.channelId,
      p.teamId,
      String(p.organizations),
      String(p.members),
      String(p.activeCommitments),
      String(p.openBlockers),
    ]);
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
    );
    const line = (cells: string[]) =>
      cells
        .map((cell, i) =>
          i === 0 || i >= 4 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number),
        )
        .join("  ")
        .trimEnd();
    io.out(line(header));
    for (const row of rows) io.out(line(row));
    return 0;
  } finally {
    runtime.close();
  }
}

export async function runExport(args: string[], io: Io, env?: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommandArgs(EXPORT_HELP, args, {
    partnership: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  if (parsed === "help") {
    io.out(EXPORT_HELP.help);
    return 0;
  }
  const reference = stringOption(parsed, "partnership");
  const format = stringOption(parsed, "format") ?? "csv";
  const out = stringOption(parsed, "out");
  if (reference === undefined) {
    throw usageError(EXPORT_HELP, "--partnership needs the partnership's id, name or channel");
  }
  if (out === undefined) throw usageError(EXPORT_HELP, "--out needs a folder");
  if (format !== "csv" && format !== "json") {
    throw usageError(EXPORT_HELP, `unknown format "${format}" (csv or json)`);
  }
  if (statIfAny(out)?.isDirectory() === false) {
    throw usageError(EXPORT_HELP, `--out ${out} is a file: give a folder`);
  }
  const runtime = readOnlyRuntime(env);
  const { services } = runtime;
  try {
    const bundle = services.exporter.forPartnership(reference, format as ExportFormat);
    let path = out;
    try {
      await mkdir(out, { recursive: true });
      for (const file of bundle.files) {
        path = join(out, file.filename);
        await writeFile(path, file.content, "utf8");
        io.out(path);
      }
    } catch (error) {
      io.err(`poc: the export stopped: ${fileErrorSentence(error, path)}`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (isDomainError(error)) {
      io.err(`poc: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    runtime.close();
  }
}

/**
 * Whether writing `target` would write the live database or a file SQLite keeps beside it, under
 * any name: a symbolic or hard link to it, or its folder reached another way.
 */
function isTheDatabase(target: string, databasePath: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const source = real(databasePath);
  // The target may not exist yet: its folder's real path, and its own name.
  const where = join(real(dirname(target)), basename(target));
  if (["", ...SIDE_FILES].some((suffix) => where === `${source}${suffix}`)) return true;
  const a = statIfAny(target);
  const b = statIfAny(databasePath);
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** The files SQLite may keep beside a database. */
const SIDE_FILES = ["-wal", "-shm", "-journal"];

function removeWithSideFiles(path: string): void {
  for (const suffix of ["", ...SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}

export async function runBackup(args: string[], io: Io, env?: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommandArgs(
    BACKUP_HELP,
    args,
    { force: { type: "boolean" } },
    { min: 1, max: 1, name: "a FILE to write the copy to" },
  );
  if (parsed === "help") {
    io.out(BACKUP_HELP.help);
    return 0;
  }
  const file = parsed.positionals[0] as string;
  const target = resolve(file);
  const config = readConfig("database", env);
  requireDatabaseFile(config.databasePath);
  if (isTheDatabase(target, config.databasePath)) {
    throw usageError(
      BACKUP_HELP,
      "the backup file must not be the database itself or one of its -wal, -shm or -journal files",
    );
  }
  const existing = statIfAny(target);
  if (existing?.isDirectory()) {
    throw usageError(
      BACKUP_HELP,
      `${file} is a folder: give the copy a file name, such as ${join(file, "poc-backup.sqlite")}`,
    );
  }
  if (existing !== undefined && !(existing.isFile() && existing.size > 0 && isSqliteFile(target))) {
    // Only an earlier copy may be replaced: notes or a config file under a mistyped name may not.
    throw usageError(
      BACKUP_HELP,
      `${file} exists and is not an SQLite database: choose another name (--force replaces only an earlier backup)`,
    );
  }
  if (existing !== undefined && parsed.values.force !== true) {
    throw usageError(BACKUP_HELP, `${file} already exists: add --force to replace it`);
  }

  // The copy is made beside the target and renamed over it once it is whole and checked, so a
  // failed backup never leaves a half-written FILE or destroys the one it would replace.
  const partial = `${target}.partial-${process.pid}`;
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (error) {
    io.err(`poc: cannot write the backup: ${fileErrorSentence(error, dirname(file))}`);
    return 1;
  }
  removeWithSideFiles(partial);
  try {
    const sqlite = new BetterSqlite3(config.databasePath, { fileMustExist: true });
    try {
      sqlite.pragma("busy_timeout = 5000");
      await sqlite.backup(partial);
    } finally {
      sqlite.close();
    }
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      // The copy inherits the live database's WAL mode, which keeps -wal and -shm files beside
      // it while open: a rollback journal makes it one file that can be moved and opened alone.
      copy.pragma("journal_mode = DELETE");
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    // A replaced database's own -wal or -shm must not be read as the new copy's.
    for (const suffix of SIDE_FILES) rmSync(`${target}${suffix}`, { force: true });
    renameSync(partial, target);
  } catch (error) {
    removeWithSideFiles(partial);
    // SQLite's own words for a folder it cannot create a file in.
    const why = /unable to open database file/.test(String(error))
      ? `cannot create a file in ${dirname(file)} (is it writable?)`
      : fileErrorSentence(error, file);
    io.err(
      `poc: the backup failed, and ${file} is ${existsSync(target) ? "unchanged" : "not written"}: ${why}`,
    );
    return 1;
  }
  io.out(target);
  return 0;
}
