/**
 * Opening the SQLite database: pragmas, migrations, the drizzle instance.
 *
 * Migrations come from the package's `migrations/` folder, found from this module's URL, so the
 * app and `poc` work from any working directory, from the sources (src/db/) and from the build
 * `npm start` runs (dist/src/db/) alike.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { fileErrorSentence, statIfAny } from "../files.js";
import * as schema from "./schema.js";
import { cachedStatements } from "./statementCache.js";

export { schema };

/** The drizzle instance over the whole schema (`db.$client` is the raw connection). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

export interface Database {
  /** drizzle, typed with the schema. */
  db: Db;
  /** The raw better-sqlite3 connection (the same one drizzle uses). */
  sqlite: BetterSqlite3.Database;
  /** As given: a file path or ":memory:". */
  path: string;
  /** Closes the connection; calling it again does nothing. */
  close(): void;
}

/**
 * `build` run once per connection, its result kept while the connection lives: statements that
 * repositories created per call (the digest's, the overview's) prepare only once this way.
 */
export function perConnection<T>(build: (sqlite: BetterSqlite3.Database) => T): (db: Db) => T {
  const built = new WeakMap<BetterSqlite3.Database, T>();
  return (db) => {
    let value = built.get(db.$client);
    if (value === undefined) {
      value = build(db.$client);
      built.set(db.$client, value);
    }
    return value;
  };
}

/**
 * A statement per LIMIT, each prepared once: a bound `LIMIT ?` makes SQLite prepare the
 * statement again on every run (a limit parameter expires it when rebound), so hot reads write
 * their limit into the SQL. `build` gets a whole number.
 */
export function withLimit(
  sqlite: BetterSqlite3.Database,
  build: (limit: number) => string,
): (limit: number) => BetterSqlite3.Statement {
  const statements = new Map<number, BetterSqlite3.Statement>();
  return (limit) => {
    const whole = Math.max(0, Math.trunc(limit));
    let statement = statements.get(whole);
    if (statement === undefined) {
      statement = sqlite.prepare(build(whole));
      statements.set(whole, statement);
    }
    return statement;
  };
}

export interface OpenOptions {
  /** Only for tests: another migrations folder. */
  migrationsFolder?: string;
}

export interface MigrationReport {
  path: string;
  /** Rows in `__drizzle_migrations` before and after. */
  before: number;
  after: number;
  /** Tags of the migrations this call applied, e.g. ["0000_init"]; empty when up to date. */
  applied: string[];
}

/** Thrown when a database cannot be opened or migrated; the message is one line naming the path. */
export class DatabaseError extends Error {
  readonly path: string;

  constructor(message: string, dbPath: string, cause: unknown) {
    super(message, { cause });
    this.name = "DatabaseError";
    this.path = dbPath;
  }
}

/**
 * `DATABASE_PATH` names no usable database for a command that only works on an existing one:
 * nothing there, a folder, an empty or non-SQLite file, or a schema behind this version. A
 * setting to fix (the CLI exits 2).
 */
export class DatabasePathError extends DatabaseError {
  constructor(message: string, dbPath: string) {
    super(message, dbPath, undefined);
    this.name = "DatabasePathError";
  }
}

/**
 * The package's root: the nearest folder above this module that holds package.json. The sources
 * (src/db/) and the build (dist/src/db/) sit at different depths below it.
 */
function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in any folder above ${here}`);
  }
}

export const MIGRATIONS_FOLDER = path.join(packageRoot(), "migrations");

const MIGRATIONS_TABLE = "__drizzle_migrations";

/**
 * Opens (creating it and its folder if needed) and migrates the database at `dbPath`, which may be
 * ":memory:". Every connection gets `foreign_keys = ON`, `busy_timeout = 5000`,
 * `synchronous = NORMAL`, and a file database `journal_mode = WAL`.
 */
export function openDatabase(dbPath: string, options: OpenOptions = {}): Database {
  const sqlite = connect(dbPath);
  try {
    runMigrations(sqlite, dbPath, options.migrationsFolder ?? MIGRATIONS_FOLDER);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return wrap(sqlite, dbPath);
}

export interface ExistingOptions extends OpenOptions {
  /**
   * false: open as it is, for reading (`poc partnerships`, `poc export`): no migration and no
   * change of journal mode, so a backup read this way stays the file it was; a schema behind
   * this version is refused with "run npx poc migrate". Default true (`poc tick`, which writes).
   */
  readonly migrate?: boolean;
}

/**
 * For the operator's commands over an existing database (`poc tick`, `export`, `partnerships`): a
 * `DATABASE_PATH` that names no database is an error, never a new empty database that would
 * answer "no such partnership".
 */
export function openExistingDatabase(dbPath: string, options: ExistingOptions = {}): Database {
  requireDatabaseFile(dbPath);
  if (options.migrate !== false) return openDatabase(dbPath, options);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(dbPath, { fileMustExist: true });
  } catch (error) {
    throw new DatabaseError(`Cannot open database ${dbPath}: ${oneLine(error)}`, dbPath, error);
  }
  try {
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const applied = new Set(appliedMigrationTimes(sqlite));
    const folder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
    const missing = [...journalTags(folder).keys()].filter((when) => !applied.has(when)).length;
    if (missing > 0) {
      throw new DatabasePathError(
        `the database at ${dbPath} lacks ${missing} migration(s) of this version: run npx poc migrate first (the app also applies them when it starts)`,
        dbPath,
      );
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return wrap(sqlite, dbPath);
}

/** The first 16 bytes of every SQLite database file (https://sqlite.org/fileformat2.html). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Whether the file at `filePath` starts as an SQLite database does. */
export function isSqliteFile(filePath: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(filePath, "r");
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Throws a one-line `DatabasePathError` unless `dbPath` is ":memory:" or an SQLite database file.
 * An empty file is not one: opening it would turn it into a new, empty database.
 */
export function requireDatabaseFile(dbPath: string): void {
  if (isMemory(dbPath)) return;
  const problem = (message: string) => new DatabasePathError(message, dbPath);
  const stat = statIfAny(dbPath);
  if (stat === undefined) {
    throw problem(
      `there is no database at ${dbPath}: check DATABASE_PATH (the app and \`npx poc migrate\` create it)`,
    );
  }
  if (stat.isDirectory()) {
    throw problem(`${dbPath} is a folder, not a database file: check DATABASE_PATH`);
  }
  if (!stat.isFile()) throw problem(`${dbPath} is not a file: check DATABASE_PATH`);
  if (stat.size === 0) {
    throw problem(`${dbPath} is an empty file, not a database: check DATABASE_PATH`);
  }
  if (!isSqliteFile(dbPath)) {
    throw problem(`${dbPath} is not an SQLite database: check DATABASE_PATH`);
  }
}

/**
 * Throws a one-line `DatabasePathError` when a database could not be created at `dbPath`: an
 * existing file that is no SQLite database, or a file where one of its folders should be.
 */
export function requireDatabaseLocation(dbPath: string): void {
  if (isMemory(dbPath)) return;
  let at = path.resolve(dbPath);
  if (fs.existsSync(at)) {
    requireDatabaseFile(dbPath);
    return;
  }
  for (;;) {
    const parent = path.dirname(at);
    if (parent === at) return;
    at = parent;
    const stat = statIfAny(at);
    if (stat === undefined) continue;
    if (stat.isDirectory()) return;
    throw new DatabasePathError(
      `no database can be made at ${dbPath}: ${at} is a file, not a folder (check DATABASE_PATH)`,
      dbPath,
    );
  }
}

/**
 * An in-memory copy of the database at `dbPath` (an empty one when there is no file yet),
 * migrated: for a dry run, whose writes must reach no file. The file is read through an ordinary
 * connection, so the app may be running, and its data and schema are left as they are (a `-wal`
 * left by a crash is folded into the file, as any connection does).
 */
export function openDatabaseCopy(dbPath: string, options: OpenOptions = {}): Database {
  requireDatabaseLocation(dbPath);
  let image: Buffer | undefined;
  if (!isMemory(dbPath) && fs.existsSync(dbPath)) {
    let file: BetterSqlite3.Database | undefined;
    try {
      file = new BetterSqlite3(dbPath, { fileMustExist: true });
      file.pragma("busy_timeout = 5000");
      image = file.serialize();
    } catch (error) {
      throw new DatabaseError(`Cannot read database ${dbPath}: ${oneLine(error)}`, dbPath, error);
    } finally {
      file?.close();
    }
    // Bytes 18 and 19 of the header say WAL (2); an in-memory database cannot be one, and the
    // file format defines 1 as the rollback journal (https://sqlite.org/fileformat2.html).
    if (image.length >= 20) {
      image[18] = 1;
      image[19] = 1;
    }
  }
  const sqlite = new BetterSqlite3(image ?? ":memory:");
  try {
    sqlite.pragma("foreign_keys = ON");
    runMigrations(sqlite, dbPath, options.migrationsFolder ?? MIGRATIONS_FOLDER);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return wrap(sqlite, ":memory:");
}

/** For `poc migrate`: applies pending migrations, says which, and closes the database. */
export function migrateDatabase(dbPath: string, options: OpenOptions = {}): MigrationReport {
  const folder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  const sqlite = connect(dbPath);
  try {
    const before = appliedMigrationTimes(sqlite);
    runMigrations(sqlite, dbPath, folder);
    const after = appliedMigrationTimes(sqlite);
    const tags = journalTags(folder);
    const applied = after
      .filter((when) => !before.includes(when))
      .map((when) => tags.get(when) ?? String(when));
    return { path: dbPath, before: before.length, after: after.length, applied };
  } finally {
    sqlite.close();
  }
}

function isMemory(dbPath: string): boolean {
  return dbPath === ":memory:" || dbPath === "";
}

function oneLine(error: unknown): string {
  const message = fileErrorSentence(error);
  return message.replace(/\s+/g, " ").trim();
}

function connect(dbPath: string): BetterSqlite3.Database {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    if (!isMemory(dbPath) && statIfAny(dbPath)?.isDirectory()) {
      throw new Error("it is a folder, not a database file: check DATABASE_PATH");
    }
    if (!isMemory(dbPath)) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    sqlite = new BetterSqlite3(dbPath);
    if (!isMemory(dbPath)) sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    return sqlite;
  } catch (error) {
    sqlite?.close();
    throw new DatabaseError(`Cannot open database ${dbPath}: ${oneLine(error)}`, dbPath, error);
  }
}

/**
 * Triggers the tick relies on (migrations/0001_tick_indexes.sql, 0006_tick_batches.sql): they
 * keep `commitments.plan_at`, `prompts.silence_checked` and `prompts.silence_at` honest whoever
 * writes. Dropping a table drops its triggers, and a
 * drizzle-kit table rebuild drops the table, so a rebuild migration must create them again; this
 * check makes a forgotten one fail the migration instead of silently freezing schedules.
 */
export const REQUIRED_TRIGGERS = [
  "commitments_schedule_changed",
  "members_zone_changed",
  "partnerships_schedule_changed",
  "workspaces_install_changed",
  "partnerships_silence_threshold_lowered",
  "partnerships_reminder_delay_changed",
] as const;
/** Triggers that come with a later column: required once the column exists. */
const TRIGGER_SINCE: Partial<Record<(typeof REQUIRED_TRIGGERS)[number], [string, string]>> = {
  partnerships_reminder_delay_changed: ["prompts", "silence_at"],
};

/** `PRAGMA user_version` while a foreign key check is owed (a migration was applied). */
const FK_CHECK_OWED = 1;

function checkTriggers(sqlite: BetterSqlite3.Database): void {
  const hasPlanAt = sqlite
    .prepare("SELECT 1 FROM pragma_table_info('commitments') WHERE name = 'plan_at'")
    .get();
  if (hasPlanAt === undefined) return; // an older schema (tests with partial migration folders)
  const present = new Set(
    (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
        name: string;
      }[]
    ).map((r) => r.name),
  );
  const hasColumn = (table: string, column: string) =>
    sqlite.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`).get(column) !==
    undefined;
  const missing = REQUIRED_TRIGGERS.filter((name) => {
    const since = TRIGGER_SINCE[name];
    return !present.has(name) && (since === undefined || hasColumn(...since));
  });
  if (missing.length > 0) {
    throw new Error(
      `trigger(s) ${missing.join(", ")} missing after migrating: a table rebuild dropped them; create them again in that migration (see migrations/0006_tick_batches.sql)`,
    );
  }
}

/**
 * Runs drizzle's migrator with foreign keys off, then checks them and turns them back on. SQLite
 * ignores `PRAGMA foreign_keys` inside a transaction (drizzle runs all pending migrations in one),
 * and a table rebuild that drizzle-kit generates (`CREATE __new_x; INSERT; DROP x; RENAME`) would,
 * with foreign keys on, make `DROP TABLE x` cascade-delete every child row. This is the procedure
 * SQLite documents for schema changes (https://sqlite.org/lang_altertable.html, "otherwise").
 */
function runMigrations(sqlite: BetterSqlite3.Database, dbPath: string, folder: string): void {
  try {
    sqlite.pragma("foreign_keys = OFF");
    // A rebuild's `RENAME __new_x TO x` must not re-check trigger bodies that name `x` while it
    // is dropped; the rebuilt table keeps its name, so those bodies stay right.
    sqlite.pragma("legacy_alter_table = ON");
    try {
      const before = appliedMigrationTimes(sqlite).length;
      migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
      checkTriggers(sqlite);
      // Only a migration can break a foreign key here, and the check reads every row (seconds on
      // a large database): it runs after a migration was applied, not at every start. drizzle has
      // committed the migration by then, so `user_version` remembers that a check is owed until
      // one passes: a database that failed it keeps failing it at every start.
      const owed = sqlite.pragma("user_version", { simple: true }) === FK_CHECK_OWED;
      if (appliedMigrationTimes(sqlite).length === before && !owed) return;
      sqlite.pragma(`user_version = ${FK_CHECK_OWED}`);
      const violations = sqlite.pragma("foreign_key_check") as { table: string }[];
      if (violations.length > 0) {
        const tables = [...new Set(violations.map((v) => v.table))].join(", ");
        throw new Error(`foreign key violations after migrating, in: ${tables}`);
      }
      sqlite.pragma("user_version = 0");
    } finally {
      sqlite.pragma("legacy_alter_table = OFF");
      sqlite.pragma("foreign_keys = ON");
    }
  } catch (error) {
    throw new DatabaseError(
      `Cannot migrate database ${dbPath} (migrations: ${folder}): ${oneLine(error)}`,
      dbPath,
      error,
    );
  }
}

function wrap(sqlite: BetterSqlite3.Database, dbPath: string): Database {
  // drizzle prepares through the statement cache; `db.$client` stays the real connection.
  const client = cachedStatements(sqlite) as BetterSqlite3.Database;
  const db = Object.assign(drizzle({ client, schema }), { $client: sqlite }) as Db;
  return {
    db,
    sqlite,
    path: dbPath,
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** `created_at` (the migration's folder timestamp) of every applied migration. */
function appliedMigrationTimes(sqlite: BetterSqlite3.Database): number[] {
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATIONS_TABLE);
  if (table === undefined) return [];
  const rows = sqlite.prepare(`SELECT created_at AS at FROM ${MIGRATIONS_TABLE}`).all() as {
    at: number | string;
  }[];
  return rows.map((row) => Number(row.at));
}

function journalTags(folder: string): Map<number, string> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8"),
  ) as { entries: { when: number; tag: string }[] };
  return new Map(journal.entries.map((entry) => [entry.when, entry.tag]));
}
