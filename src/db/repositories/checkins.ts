/**
 * Check-ins: one row per commitment and period (UNIQUE (commitment_id, period_key)), edited in
 * place. Also the few prompt lookups the check-in side needs (the outbox owns the rest of the
 * prompt queries in ./prompts.ts): the prompt of a period, and skipping prompts while the owner
 * is away.
 */
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import {
  type CheckIn,
  checkIns,
  commitments,
  type NewCheckIn,
  type Prompt,
  prompts,
} from "../schema.js";

export type CheckInPatch = Partial<
  Pick<
    CheckIn,
    "status" | "progress" | "whatMoved" | "nextStep" | "learning" | "promptId" | "editedAt"
  >
>;

export interface CheckInsRepository {
  findById(id: number): CheckIn | undefined;
  /** The check-in of one period (at most one: the unique index). */
  findForPeriod(commitmentId: number, periodKey: string): CheckIn | undefined;
  /** The newest check-in of a commitment (by created_at, then id), as the overview reads it. */
  latest(commitmentId: number): CheckIn | undefined;
  /**
   * Inserts the period's check-in; if one appeared meanwhile (a double submission), updates that
   * one instead, so a period never has two.
   */
  upsert(values: NewCheckIn & { editedAt: number | null }): CheckIn;
  update(id: number, patch: CheckInPatch): CheckIn | undefined;
  /**
   * The partnership a commitment belongs to, found by the commitment id alone: ids arrive from
   * the client (button values, private_metadata), so callers then check that partnership against
   * the caller's workspace and membership.
   */
  partnershipOfCommitment(commitmentId: number): number | undefined;
  /** The prompt of a commitment's period, if one was planned. */
  promptFor(commitmentId: number, periodKey: string): Prompt | undefined;
  /** Prompts of these commitments nobody answered yet that are waiting (pending) or sent. */
  openPrompts(commitmentIds: readonly number[]): Prompt[];
  /**
   * Marks prompts skipped (owner away), only while still pending or sent and unanswered: a
   * prompt a tick has just claimed or the owner has just answered is left alone. Returns the ids
   * that changed.
   */
  skipPrompts(ids: readonly number[], now: number): number[];
}

export function createCheckInsRepository(db: Db): CheckInsRepository {
  // The reads of every answer to a prompt, prepared once.
  const commitmentId = sql.placeholder("commitmentId");
  const periodKey = sql.placeholder("periodKey");
  const byId = db
    .select()
    .from(checkIns)
    .where(eq(checkIns.id, sql.placeholder("id")))
    .prepare();
  const forPeriod = db
    .select()
    .from(checkIns)
    .where(and(eq(checkIns.commitmentId, commitmentId), eq(checkIns.periodKey, periodKey)))
    .prepare();
  // No LIMIT: a bound limit makes SQLite prepare the statement again on every run, and `get`
  // reads the first row only (the index gives the order: no sort).
  const newest = db
    .select()
    .from(checkIns)
    .where(eq(checkIns.commitmentId, commitmentId))
    .orderBy(desc(checkIns.createdAt), desc(checkIns.id))
    .prepare();
  const partnershipOf = db
    .select({ partnershipId: commitments.partnershipId })
    .from(commitments)
    .where(eq(commitments.id, commitmentId))
    .prepare();
  const promptOfPeriod = db
    .select()
    .from(prompts)
    .where(and(eq(prompts.commitmentId, commitmentId), eq(prompts.periodKey, periodKey)))
    .prepare();
  return {
    findById(id) {
      return byId.get({ id });
    },
    findForPeriod(commitmentId, periodKey) {
      return forPeriod.get({ commitmentId, periodKey });
    },
    latest(commitmentId) {
      return newest.get({ commitmentId });
    },
    upsert(values) {
      return db
        .insert(checkIns)
        .values(values)
        .onConflictDoUpdate({
          target: [checkIns.commitmentId, checkIns.periodKey],
          set: {
            status: values.status,
            progress: values.progress ?? null,
            whatMoved: values.whatMoved ?? null,
            nextStep: values.nextStep ?? null,
            learning: values.learning ?? null,
            promptId: values.promptId ?? null,
            editedAt: values.editedAt ?? values.createdAt,
          },
        })
        .returning()
        .get();
    },
    update(id, patch) {
      return db.update(checkIns).set(patch).where(eq(checkIns.id, id)).returning().get();
    },
    partnershipOfCommitment(commitmentId) {
      return partnershipOf.get({ commitmentId })?.partnershipId;
    },
    promptFor(commitmentId, periodKey) {
      return promptOfPeriod.get({ commitmentId, periodKey });
    },
    openPrompts(commitmentIds) {
      if (commitmentIds.length === 0) return [];
      return db
        .select()
        .from(prompts)
        .where(
          and(
            inArray(prompts.commitmentId, [...commitmentIds]),
            isNull(prompts.answeredAt),
            or(eq(prompts.state, "pending"), eq(prompts.state, "sent")),
          ),
        )
        .orderBy(prompts.dueAt, prompts.id)
        .all();
    },
    skipPrompts(ids, now) {
      if (ids.length === 0) return [];
      return db
        .update(prompts)
        .set({ state: "skipped", lastError: "skipped:away", nextAttemptAt: null, updatedAt: now })
        .where(
          and(
            inArray(prompts.id, [...ids]),
            isNull(prompts.answeredAt),
            or(eq(prompts.state, "pending"), eq(prompts.state, "sent")),
          ),
        )
        .returning({ id: prompts.id })
        .all()
        .map((r) => r.id);
    },
  };
}
