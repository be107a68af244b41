import type { Database } from "../db/index.js";

export interface Health {
  readonly ok: boolean;
  readonly database: "ok" | "unavailable";
}

export interface HealthService {
  check(): Health;
}

/** `GET /healthz`: answers 200 only while the database (opened and migrated at start) responds. */
export function createHealthService(database: Database): HealthService {
  return {
    check() {
      try {
        database.sqlite.prepare("select 1").get();
        return { ok: true, database: "ok" };
      } catch {
        return { ok: false, database: "unavailable" };
      }
    },
  };
}
