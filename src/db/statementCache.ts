/**
 * The connection drizzle sees: the real one, except that a statement is prepared once per SQL
 * text and kept (the most recently used `capacity` of them) instead of prepared on every query.
 *
 * drizzle's better-sqlite3 session prepares each query it builds, runs it and drops it; with the
 * same few hundred SQL texts asked for over and over, SQLite's compiling was 7 % of the app's CPU
 * under the ack bench (docs/benchmarks.md, section 1). drizzle asks its client for `prepare` and
 * `transaction` only, so that is all this passes on.
 *
 * A statement handed out again is put back to its plain state first: drizzle switches a reading
 * statement to raw (rows as arrays) when it maps the columns itself, and reads rows as objects
 * through the same statement otherwise. One still being iterated is not handed out: the caller
 * gets a statement of its own. Statements the repositories prepare on the connection directly
 * (`perConnection`) never go through here: they may set modes of their own and keep them.
 * Queries a repository builds once with drizzle's `.prepare()` do get their statement from here,
 * and keep it: a per-call query of the same SQL text may be handed the same statement. That is
 * safe because drizzle switches the mode itself before each read it maps, and the reset above
 * covers the reads it does not.
 */
import type BetterSqlite3 from "better-sqlite3";

export type DrizzleClient = Pick<BetterSqlite3.Database, "prepare" | "transaction">;

/**
 * Far above what the app asks for: the ack bench's whole run (a tick of 5,000 prompts, then 2,200
 * commands and clicks of every kind) asks drizzle for 44 distinct SQL texts.
 */
export const STATEMENT_CACHE_CAPACITY = 500;

export function cachedStatements(
  sqlite: BetterSqlite3.Database,
  capacity = STATEMENT_CACHE_CAPACITY,
): DrizzleClient {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    const kept = statements.get(source);
    if (kept !== undefined && !kept.busy) {
      // Most recently used last: the first entry is the one to drop.
      statements.delete(source);
      statements.set(source, kept);
      if (kept.reader) kept.raw(false);
      return kept;
    }
    const statement = sqlite.prepare(source);
    if (kept === undefined) {
      statements.set(source, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
    }
    return statement;
  };
  return {
    prepare: prepare as BetterSqlite3.Database["prepare"],
    transaction: sqlite.transaction.bind(sqlite) as BetterSqlite3.Database["transaction"],
  };
}
