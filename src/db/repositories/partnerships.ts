import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { type NewPartnership, type Partnership, partnerships } from "../schema.js";

export type PartnershipPatch = Partial<
  Pick<
    Partnership,
    | "name"
    | "purpose"
    | "timeZone"
    | "digestWeekday"
    | "digestTime"
    | "reminderDelayMinutes"
    | "maxReminders"
    | "silentPeriodsBeforeEscalation"
    | "blockerEscalationDays"
  >
>;

export interface PartnershipsRepository {
  create(values: NewPartnership): Partnership;
  update(id: number, patch: PartnershipPatch, now: number): Partnership;
  findByChannel(workspaceId: number, channelId: string): Partnership | undefined;
  /**
   * A Slack Connect channel is shared by several workspaces under one channel id, and external
   * members write from their own team: the partnership is found by the channel alone.
   */
  findByChannelInAnyWorkspace(channelId: string): Partnership | undefined;
  findByIdUnscoped(id: number): Partnership | undefined;
  /** Scoped by workspace: an id from another workspace is not found. */
  findById(workspaceId: number, id: number): Partnership | undefined;
  listActive(workspaceId: number): Partnership[];
}

export function createPartnershipsRepository(db: Db): PartnershipsRepository {
  // Every request finds its partnership first: prepared once.
  const workspaceId = sql.placeholder("workspaceId");
  const channelId = sql.placeholder("channelId");
  const id = sql.placeholder("id");
  const byChannel = db
    .select()
    .from(partnerships)
    .where(
      and(
        eq(partnerships.workspaceId, workspaceId),
        eq(partnerships.channelId, channelId),
        isNull(partnerships.archivedAt),
      ),
    )
    .prepare();
  const byChannelAnywhere = db
    .select()
    .from(partnerships)
    .where(and(eq(partnerships.channelId, channelId), isNull(partnerships.archivedAt)))
    .orderBy(partnerships.id)
    .prepare();
  const byIdUnscoped = db.select().from(partnerships).where(eq(partnerships.id, id)).prepare();
  const byId = db
    .select()
    .from(partnerships)
    .where(and(eq(partnerships.workspaceId, workspaceId), eq(partnerships.id, id)))
    .prepare();

  return {
    create(values) {
      return db.insert(partnerships).values(values).returning().get();
    },
    update(id, patch, now) {
      return db
        .update(partnerships)
        .set({ ...patch, updatedAt: now })
        .where(eq(partnerships.id, id))
        .returning()
        .get();
    },
    findByChannel(workspaceId, channelId) {
      return byChannel.get({ workspaceId, channelId });
    },
    findByChannelInAnyWorkspace(channelId) {
      return byChannelAnywhere.get({ channelId });
    },
    findByIdUnscoped(id) {
      return byIdUnscoped.get({ id });
    },
    findById(workspaceId, id) {
      return byId.get({ workspaceId, id });
    },
    listActive(workspaceId) {
      return db
        .select()
        .from(partnerships)
        .where(and(eq(partnerships.workspaceId, workspaceId), isNull(partnerships.archivedAt)))
        .orderBy(partnerships.id)
        .all();
    },
  };
}
