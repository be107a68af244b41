/**
 * The overview repository's plans: the silent-owner rule (`silentOwners`, read by `/poc status`,
 * the App Home, the agenda and every digest) finds each commitment's newest answered period by
 * one seek of the answered-prompts index (migration 0007). SQLite uses a partial index only when
 * the read states the index's condition itself, so a reworded condition would silently fall back
 * to walking every unanswered prompt: this test reads the plan of the statement the repository
 * actually prepares.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { createRepositories } from "../../src/db/repositories/index.js";
import { memoryDatabase, planOf, preparedBy } from "../support/db.js";

let database: Database | undefined;

afterEach(() => {
  database?.close();
  database = undefined;
});

describe("overview reads", () => {
  it("when the silent-owner rule reads the newest answered period, then it seeks the answered-prompts index", () => {
    const opened = memoryDatabase();
    database = opened;
    const sources = preparedBy(opened, () => {
      createRepositories(opened.db).overview.silentOwners(1, 2, Date.UTC(2026, 2, 16));
    });
    const source = sources.find((s) => s.includes("WITH bounds"));
    expect(source).toBeDefined();
    const plan = planOf(opened, source ?? "", { partnershipId: 1, periods: 2, now: 0 });
    expect(plan).toContain("SEARCH p USING INDEX prompts_answered_due_idx (commitment_id=?)");
  });
});
