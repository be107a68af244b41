import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { type NewObjective, type Objective, objectives } from "../schema.js";

export type ObjectivePatch = Partial<
  Pick<
    Objective,
    "title" | "indicator" | "unit" | "baseline" | "target" | "targetDate" | "state" | "updatedAt"
  >
>;

export interface ObjectivesRepository {
  create(values: NewObjective): Objective;
  update(partnershipId: number, id: number, patch: ObjectivePatch): Objective | undefined;
  findById(partnershipId: number, id: number): Objective | undefined;
  /** Active first, then retired when `includeRetired`. */
  list(partnershipId: number, options?: { includeRetired?: boolean }): Objective[];
}

export function createObjectivesRepository(db: Db): ObjectivesRepository {
  const byId = db
    .select()
    .from(objectives)
    .where(
      and(
        eq(objectives.partnershipId, sql.placeholder("partnershipId")),
        eq(objectives.id, sql.placeholder("id")),
      ),
    )
    .prepare();
  return {
    create(values) {
      return db.insert(objectives).values(values).returning().get();
    },
    update(partnershipId, id, patch) {
      return db
        .update(objectives)
        .set(patch)
        .where(and(eq(objectives.partnershipId, partnershipId), eq(objectives.id, id)))
        .returning()
        .get();
    },
    findById(partnershipId, id) {
      return byId.get({ partnershipId, id });
    },
    list(partnershipId, options = {}) {
      const scope = options.includeRetired
        ? eq(objectives.partnershipId, partnershipId)
        : and(eq(objectives.partnershipId, partnershipId), eq(objectives.state, "active"));
      return db.select().from(objectives).where(scope).orderBy(objectives.id).all();
    },
  };
}
