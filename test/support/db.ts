/**
 * Databases for tests, migrated with the real migrations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, type OpenOptions, openDatabase } from "../../src/db/index.js";

export interface TestDatabase extends Database {
  /** Closes the database and deletes its folder. */
  cleanup(): void;
}

/** A unique empty folder under the OS temp folder. */
export function tempFolder(prefix = "poc-db-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new database file (WAL, like production) in its own temp folder. */
export function freshDatabase(options: OpenOptions = {}): TestDatabase {
  const folder = tempFolder();
  const database = openDatabase(path.join(folder, "poc.sqlite"), options);
  return {
    ...database,
    cleanup() {
      database.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** An in-memory database: fastest, but no WAL and gone when closed. */
export function memoryDatabase(options: OpenOptions = {}): Database {
  return openDatabase(":memory:", options);
}

/**
 * The SQL texts a database prepares while `fn` runs: how a plan test finds the statement a
 * repository actually prepares (prepared-once statements are built on first use).
 */
export function preparedBy(database: Database, fn: () => void): string[] {
  const sqlite = database.db.$client;
  const sources: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    sources.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  try {
    fn();
  } finally {
    sqlite.prepare = prepare;
  }
  return sources;
}

/** The lines of SQLite's query plan for `source` with these parameters. */
export function planOf(
  database: Database,
  source: string,
  params: Record<string, number>,
): string[] {
  return (
    database.db.$client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(params) as {
      detail: string;
    }[]
  ).map((row) => row.detail);
}
