import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import {
  type Commitment,
  commitmentObjectives,
  commitments,
  type NewCommitment,
} from "../schema.js";

export type CommitmentPatch = Partial<
  Pick<
    Commitment,
    | "organizationId"
    | "ownerMemberId"
    | "title"
    | "dueDate"
    | "cadence"
    | "checkInWeekday"
    | "checkInTime"
    | "startedAt"
    | "state"
    | "currentStatus"
    | "progress"
    | "lastCheckInAt"
    | "closedAt"
    | "updatedAt"
  >
>;

export interface CommitmentWithObjectives extends Commitment {
  objectiveIds: number[];
}

export interface CommitmentsRepository {
  /** Inserts the commitment and its objective links (call inside a transaction). */
  create(values: NewCommitment, objectiveIds: readonly number[]): CommitmentWithObjectives;
  update(partnershipId: number, id: number, patch: CommitmentPatch): Commitment | undefined;
  /** Replaces the objective links. */
  setObjectives(commitmentId: number, objectiveIds: readonly number[]): void;
  findById(partnershipId: number, id: number): CommitmentWithObjectives | undefined;
  list(
    partnershipId: number,
    filter?: { state?: Commitment["state"]; ownerMemberId?: number; organizationId?: number },
  ): CommitmentWithObjectives[];
  /** How many active commitments of the partnership serve each objective (absent: none). */
  activeCountsByObjective(partnershipId: number): Map<number, number>;
}

export function createCommitmentsRepository(db: Db): CommitmentsRepository {
  const objectivesOf = (ids: readonly number[]): Map<number, number[]> => {
    const map = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows = db
      .select()
      .from(commitmentObjectives)
      .where(inArray(commitmentObjectives.commitmentId, [...ids]))
      .all();
    for (const row of rows) map.get(row.commitmentId)?.push(row.objectiveId);
    for (const list of map.values()) list.sort((a, b) => a - b);
    return map;
  };
  // The reads of every click and modal on a commitment, prepared once.
  const byId = db
    .select()
    .from(commitments)
    .where(
      and(
        eq(commitments.partnershipId, sql.placeholder("partnershipId")),
        eq(commitments.id, sql.placeholder("id")),
      ),
    )
    .prepare();
  const objectiveIdsOf = db
    .select({ objectiveId: commitmentObjectives.objectiveId })
    .from(commitmentObjectives)
    .where(eq(commitmentObjectives.commitmentId, sql.placeholder("commitmentId")))
    .orderBy(commitmentObjectives.objectiveId)
    .prepare();
  const setObjectives = (commitmentId: number, objectiveIds: readonly number[]) => {
    db.delete(commitmentObjectives)
      .where(eq(commitmentObjectives.commitmentId, commitmentId))
      .run();
    const unique = [...new Set(objectiveIds)];
    if (unique.length > 0) {
      db.insert(commitmentObjectives)
        .values(unique.map((objectiveId) => ({ commitmentId, objectiveId })))
        .run();
    }
  };
  return {
    create(values, objectiveIds) {
      const row = db.insert(commitments).values(values).returning().get();
      setObjectives(row.id, objectiveIds);
      return { ...row, objectiveIds: [...new Set(objectiveIds)].sort((a, b) => a - b) };
    },
    update(partnershipId, id, patch) {
      return db
        .update(commitments)
        .set(patch)
        .where(and(eq(commitments.partnershipId, partnershipId), eq(commitments.id, id)))
        .returning()
        .get();
    },
    setObjectives,
    findById(partnershipId, id) {
      const row = byId.get({ partnershipId, id });
      if (row === undefined) return undefined;
      const objectiveIds = objectiveIdsOf.all({ commitmentId: row.id }).map((r) => r.objectiveId);
      return { ...row, objectiveIds };
    },
    list(partnershipId, filter = {}) {
      const conditions = [eq(commitments.partnershipId, partnershipId)];
      if (filter.state) conditions.push(eq(commitments.state, filter.state));
      if (filter.ownerMemberId !== undefined) {
        conditions.push(eq(commitments.ownerMemberId, filter.ownerMemberId));
      }
      if (filter.organizationId !== undefined) {
        conditions.push(eq(commitments.organizationId, filter.organizationId));
      }
      const rows = db
        .select()
        .from(commitments)
        .where(and(...conditions))
        .orderBy(commitments.id)
        .all();
      const links = objectivesOf(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, objectiveIds: links.get(r.id) ?? [] }));
    },
    activeCountsByObjective(partnershipId) {
      const rows = db
        .select({ objectiveId: commitmentObjectives.objectiveId, n: count() })
        .from(commitmentObjectives)
        .innerJoin(commitments, eq(commitments.id, commitmentObjectives.commitmentId))
        .where(and(eq(commitments.partnershipId, partnershipId), eq(commitments.state, "active")))
        .groupBy(commitmentObjectives.objectiveId)
        .all();
      return new Map(rows.map((r) => [r.objectiveId, r.n]));
    },
  };
}
