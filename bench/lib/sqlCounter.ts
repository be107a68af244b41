/**
 * Counts the SQL a piece of work runs on one connection: statements executed (each `run`, `get`,
 * `all` or `iterate` of a prepared statement) and transactions (each outermost `transaction()`
 * call, plus each statement run outside one, which SQLite runs as its own transaction; writes
 * counted apart). The bench reads them per prompt, as the performance issue's profile did.
 *
 * It wraps the methods of better-sqlite3's Statement prototype for the bench process only.
 */
import type BetterSqlite3 from "better-sqlite3";

export interface SqlCounts {
  statements: number;
  transactions: number;
  /** Of the transactions: those that could write (an outermost transaction, or a write statement). */
  writeTransactions: number;
}

export interface SqlCounter {
  /** Counts what `work` runs on `sqlite` (the counts of this call only). */
  count<T>(sqlite: BetterSqlite3.Database, work: () => Promise<T>): Promise<[T, SqlCounts]>;
}

export function sqlCounter(sqlite: BetterSqlite3.Database): SqlCounter {
  let active: { db: BetterSqlite3.Database; counts: SqlCounts } | undefined;
  const statementProto = Object.getPrototypeOf(sqlite.prepare("SELECT 1")) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const method of ["run", "get", "all", "iterate"] as const) {
    const original = statementProto[method] as (...args: unknown[]) => unknown;
    if ((original as { counted?: boolean }).counted) continue;
    const wrapped = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      if (active !== undefined && this.database === active.db) {
        active.counts.statements += 1;
        if (!active.db.inTransaction) {
          active.counts.transactions += 1;
          if (!this.reader) active.counts.writeTransactions += 1;
        }
      }
      return original.apply(this, args);
    };
    (wrapped as { counted?: boolean }).counted = true;
    statementProto[method] = wrapped;
  }
  const dbProto = Object.getPrototypeOf(sqlite) as {
    transaction: (fn: (...args: unknown[]) => unknown) => unknown;
  };
  const transaction = dbProto.transaction;
  if (!(transaction as { counted?: boolean }).counted) {
    const wrapped = function (
      this: BetterSqlite3.Database,
      fn: (...args: unknown[]) => unknown,
    ): unknown {
      const db = this;
      const made = transaction.call(db, fn) as ((...args: unknown[]) => unknown) &
        Record<string, (...args: unknown[]) => unknown>;
      const counted = (run: (...args: unknown[]) => unknown) =>
        function (this: unknown, ...args: unknown[]) {
          if (active !== undefined && db === active.db && !db.inTransaction) {
            active.counts.transactions += 1;
            active.counts.writeTransactions += 1;
          }
          return run.apply(this, args);
        };
      const outer = counted(made);
      for (const variant of ["deferred", "immediate", "exclusive"]) {
        (outer as unknown as Record<string, unknown>)[variant] = counted(
          made[variant] as (...args: unknown[]) => unknown,
        );
      }
      return outer;
    };
    (wrapped as { counted?: boolean }).counted = true;
    dbProto.transaction = wrapped;
  }
  return {
    async count(db, work) {
      const counts: SqlCounts = { statements: 0, transactions: 0, writeTransactions: 0 };
      active = { db, counts };
      try {
        return [await work(), counts];
      } finally {
        active = undefined;
      }
    },
  };
}
