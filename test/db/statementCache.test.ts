import BetterSqlite3 from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Database, openDatabase } from "../../src/db/index.js";
import { workspaces } from "../../src/db/schema.js";
import { cachedStatements } from "../../src/db/statementCache.js";

describe("cachedStatements", () => {
  const open: BetterSqlite3.Database[] = [];
  const connection = () => {
    const sqlite = new BetterSqlite3(":memory:");
    open.push(sqlite);
    sqlite.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    sqlite.exec("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
    return sqlite;
  };
  afterEach(() => {
    for (const sqlite of open.splice(0)) sqlite.close();
  });

  it("prepares a SQL text once and hands the same statement out again", () => {
    const sqlite = connection();
    const prepare = vi.spyOn(sqlite, "prepare");
    const client = cachedStatements(sqlite);
    const first = client.prepare("SELECT name FROM t WHERE id = ?");
    const second = client.prepare("SELECT name FROM t WHERE id = ?");
    expect(second).toBe(first);
    expect(second.get(2)).toEqual({ name: "b" });
    client.prepare("SELECT name FROM t WHERE id = ?2");
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it("hands a statement left raw back in its plain state (rows as objects)", () => {
    const client = cachedStatements(connection());
    const text = "SELECT id, name FROM t ORDER BY id";
    expect(client.prepare(text).raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(client.prepare(text).all()[0]).toEqual({ id: 1, name: "a" });
  });

  it("gives a statement of its own while the kept one is being iterated", () => {
    const client = cachedStatements(connection());
    const text = "SELECT name FROM t ORDER BY id";
    const outer = client.prepare(text);
    const seen: string[] = [];
    for (const row of outer.iterate() as Iterable<{ name: string }>) {
      const inner = client.prepare(text);
      expect(inner).not.toBe(outer);
      seen.push(`${row.name}:${(inner.all() as { name: string }[]).length}`);
    }
    expect(seen).toEqual(["a:3", "b:3", "c:3"]);
    // Once the iteration is over, the kept one is handed out again.
    expect(client.prepare(text)).toBe(outer);
  });

  it("keeps the most recently used statements up to its capacity", () => {
    const sqlite = connection();
    const prepare = vi.spyOn(sqlite, "prepare");
    const client = cachedStatements(sqlite, 2);
    const a = client.prepare("SELECT 1");
    client.prepare("SELECT 2");
    expect(client.prepare("SELECT 1")).toBe(a); // used again: now the newest
    client.prepare("SELECT 3"); // drops SELECT 2, the least recently used
    expect(client.prepare("SELECT 1")).toBe(a);
    expect(prepare).toHaveBeenCalledTimes(3);
    client.prepare("SELECT 2");
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it("runs transactions on the real connection", () => {
    const sqlite = connection();
    const client = cachedStatements(sqlite);
    const insert = client.transaction(() => {
      client.prepare("INSERT INTO t (name) VALUES ('d')").run();
      throw new Error("rolled back");
    });
    expect(() => insert()).toThrow("rolled back");
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 3 });
  });
});

describe("the app's drizzle instance", () => {
  let database: Database | undefined;
  afterEach(() => {
    database?.close();
    database = undefined;
  });

  it("prepares a repeated query once, reads rows both ways, and keeps $client the real connection", () => {
    database = openDatabase(":memory:");
    const { db, sqlite } = database;
    expect(db.$client).toBe(sqlite);
    expect(db.$client).toBeInstanceOf(BetterSqlite3);
    db.insert(workspaces).values({ teamId: "T1", name: "One", installedAt: 1 }).run();
    const prepare = vi.spyOn(sqlite, "prepare");
    const byTeam = (teamId: string) =>
      db.select().from(workspaces).where(eq(workspaces.teamId, teamId)).get();
    expect(byTeam("T1")?.name).toBe("One");
    expect(byTeam("T2")).toBeUndefined();
    expect(byTeam("T1")?.name).toBe("One");
    // The same text through drizzle's raw-SQL path (rows as objects, not arrays).
    const raw = db.all<{ name: string }>(sql`SELECT name FROM workspaces ORDER BY id`);
    expect(raw).toEqual([{ name: "One" }]);
    expect(prepare).toHaveBeenCalledTimes(2);
  });
});
