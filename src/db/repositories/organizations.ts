import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { type NewOrganization, type Organization, organizations } from "../schema.js";

export interface OrganizationsRepository {
  /** Adds it, or brings back a removed organization of the same normalized name. */
  upsert(values: NewOrganization): Organization;
  update(
    partnershipId: number,
    id: number,
    patch: Partial<Pick<Organization, "name" | "normalizedName" | "sector" | "removedAt">>,
  ): Organization | undefined;
  /** Active organizations only. */
  findByNormalizedName(partnershipId: number, normalizedName: string): Organization | undefined;
  /** Including removed ones (a removed organization's name is still taken until re-added). */
  findAnyByNormalizedName(partnershipId: number, normalizedName: string): Organization | undefined;
  findById(partnershipId: number, id: number): Organization | undefined;
  list(partnershipId: number): Organization[];
}

export function createOrganizationsRepository(db: Db): OrganizationsRepository {
  const partnershipId = sql.placeholder("partnershipId");
  const byId = db
    .select()
    .from(organizations)
    .where(
      and(
        eq(organizations.partnershipId, partnershipId),
        eq(organizations.id, sql.placeholder("id")),
      ),
    )
    .prepare();
  const listed = db
    .select()
    .from(organizations)
    .where(and(eq(organizations.partnershipId, partnershipId), isNull(organizations.removedAt)))
    .orderBy(organizations.name)
    .prepare();
  return {
    upsert(values) {
      return db
        .insert(organizations)
        .values(values)
        .onConflictDoUpdate({
          target: [organizations.partnershipId, organizations.normalizedName],
          set: { name: values.name, sector: values.sector, removedAt: null },
        })
        .returning()
        .get();
    },
    update(partnershipId, id, patch) {
      return db
        .update(organizations)
        .set(patch)
        .where(and(eq(organizations.partnershipId, partnershipId), eq(organizations.id, id)))
        .returning()
        .get();
    },
    findByNormalizedName(partnershipId, normalizedName) {
      return db
        .select()
        .from(organizations)
        .where(
          and(
            eq(organizations.partnershipId, partnershipId),
            eq(organizations.normalizedName, normalizedName),
            isNull(organizations.removedAt),
          ),
        )
        .get();
    },
    findAnyByNormalizedName(partnershipId, normalizedName) {
      return db
        .select()
        .from(organizations)
        .where(
          and(
            eq(organizations.partnershipId, partnershipId),
            eq(organizations.normalizedName, normalizedName),
          ),
        )
        .get();
    },
    findById(partnershipId, id) {
      return byId.get({ partnershipId, id });
    },
    list(partnershipId) {
      return listed.all({ partnershipId });
    },
  };
}
