import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { type Member, members, type NewMember } from "../schema.js";

export type MemberPatch = Partial<
  Pick<
    Member,
    | "organizationId"
    | "role"
    | "displayName"
    | "timeZone"
    | "timeZoneFetchedAt"
    | "isExternal"
    | "awayUntil"
    | "dmChannelId"
    | "removedAt"
  >
>;

export interface MembersRepository {
  /** Adds the member, or brings back a removed one with the new values (same row, same id). */
  upsert(values: NewMember): Member;
  update(partnershipId: number, id: number, patch: MemberPatch): Member | undefined;
  /** Active members only. */
  findByUser(partnershipId: number, slackUserId: string): Member | undefined;
  /** Active or removed: says "was removed" rather than "never was a member". */
  findAnyByUser(partnershipId: number, slackUserId: string): Member | undefined;
  findById(partnershipId: number, id: number): Member | undefined;
  list(partnershipId: number): Member[];
  /** Each active member's Slack id and name, by id (`list`, two columns: the pickers' options). */
  people(partnershipId: number): { slackUserId: string; displayName: string | null }[];
  /** The active coordinators, by id (what `list` has with the coordinator role). */
  coordinatorsOf(partnershipId: number): Member[];
  /** Every active membership of a Slack user, in any partnership (Slack user ids are global). */
  activeMembershipsOf(slackUserId: string): Member[];
}

export function createMembersRepository(db: Db): MembersRepository {
  // The reads every request makes (who is this, in which partnership), prepared once.
  const partnershipId = sql.placeholder("partnershipId");
  const slackUserId = sql.placeholder("slackUserId");
  const byUser = db
    .select()
    .from(members)
    .where(
      and(
        eq(members.partnershipId, partnershipId),
        eq(members.slackUserId, slackUserId),
        isNull(members.removedAt),
      ),
    )
    .prepare();
  const anyByUser = db
    .select()
    .from(members)
    .where(and(eq(members.partnershipId, partnershipId), eq(members.slackUserId, slackUserId)))
    .prepare();
  const byId = db
    .select()
    .from(members)
    .where(and(eq(members.partnershipId, partnershipId), eq(members.id, sql.placeholder("id"))))
    .prepare();
  const listed = db
    .select()
    .from(members)
    .where(and(eq(members.partnershipId, partnershipId), isNull(members.removedAt)))
    .orderBy(members.id)
    .prepare();
  // Plain rows, no column mapping: a big partnership's picker lists a hundred people.
  const peopleOf = db.$client.prepare(`
    SELECT slack_user_id AS slackUserId, display_name AS displayName FROM members
    WHERE partnership_id = ? AND removed_at IS NULL ORDER BY id`);
  const coordinators = db
    .select()
    .from(members)
    .where(
      and(
        eq(members.partnershipId, partnershipId),
        eq(members.role, "coordinator"),
        isNull(members.removedAt),
      ),
    )
    .orderBy(members.id)
    .prepare();
  const membershipsOf = db
    .select()
    .from(members)
    .where(and(eq(members.slackUserId, slackUserId), isNull(members.removedAt)))
    .orderBy(members.partnershipId)
    .prepare();

  return {
    upsert(values) {
      return db
        .insert(members)
        .values(values)
        .onConflictDoUpdate({
          target: [members.partnershipId, members.slackUserId],
          set: {
            organizationId: values.organizationId ?? null,
            role: values.role,
            displayName: values.displayName ?? null,
            timeZone: values.timeZone ?? null,
            timeZoneFetchedAt: values.timeZoneFetchedAt ?? null,
            isExternal: values.isExternal ?? false,
            removedAt: null,
          },
        })
        .returning()
        .get();
    },
    update(partnershipId, id, patch) {
      return db
        .update(members)
        .set(patch)
        .where(and(eq(members.partnershipId, partnershipId), eq(members.id, id)))
        .returning()
        .get();
    },
    findByUser(partnershipId, slackUserId) {
      return byUser.get({ partnershipId, slackUserId });
    },
    findAnyByUser(partnershipId, slackUserId) {
      return anyByUser.get({ partnershipId, slackUserId });
    },
    findById(partnershipId, id) {
      return byId.get({ partnershipId, id });
    },
    list(partnershipId) {
      return listed.all({ partnershipId });
    },
    people(partnershipId) {
      return peopleOf.all(partnershipId) as { slackUserId: string; displayName: string | null }[];
    },
    coordinatorsOf(partnershipId) {
      return coordinators.all({ partnershipId });
    },
    activeMembershipsOf(slackUserId) {
      return membershipsOf.all({ slackUserId });
    },
  };
}
