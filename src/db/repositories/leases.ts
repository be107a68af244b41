import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { leases } from "../schema.js";

export interface LeasesRepository {
  /**
   * Takes or renews the lease `name` for `holder` until `now + ttlMs`, in one statement: succeeds
   * when nobody holds it, when the holder's lease has expired (`expiresAt <= now`), or when
   * `holder` already holds it. False when another holder's lease is still running.
   */
  tryAcquire(name: string, holder: string, now: number, ttlMs: number): boolean;
  /** Gives the lease up if `holder` holds it; true when it did. */
  release(name: string, holder: string): boolean;
}

export function createLeasesRepository(db: Db): LeasesRepository {
  const acquire = db
    .insert(leases)
    .values({
      name: sql.placeholder("name"),
      holder: sql.placeholder("holder"),
      expiresAt: sql.placeholder("expiresAt"),
    })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: sql`${leases.expiresAt} <= ${sql.placeholder("now")} OR ${leases.holder} = excluded.holder`,
    })
    .prepare();

  const remove = db
    .delete(leases)
    .where(
      and(eq(leases.name, sql.placeholder("name")), eq(leases.holder, sql.placeholder("holder"))),
    )
    .prepare();

  return {
    tryAcquire(name, holder, now, ttlMs) {
      return acquire.run({ name, holder, expiresAt: now + ttlMs, now }).changes === 1;
    },
    release(name, holder) {
      return remove.run({ name, holder }).changes === 1;
    },
  };
}
