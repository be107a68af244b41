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
