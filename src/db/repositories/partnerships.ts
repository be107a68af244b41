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
  /** Every partnership of every workspace, archived too, by id, with its counts (`poc partnerships`). */
  listAllWithCounts(): PartnershipListing[];
}

/** One line of `poc partnerships`. */
export interface PartnershipListing {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
  readonly teamId: string;
  readonly archived: boolean;
  /** Current organizations and members (removed ones not counted). */
  readonly organizations: number;
  readonly members: number;
  readonly activeCommitments: number;
  readonly openBlockers: number;
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
    listAllWithCounts() {
      const rows = db.all<Omit<PartnershipListing, "archived"> & { archived: number }>(sql`
        SELECT p.id AS id, p.name AS name, p.channel_id AS channelId, w.team_id AS teamId,
          p.archived_at IS NOT NULL AS archived,
          (SELECT COUNT(*) FROM organizations o
            WHERE o.partnership_id = p.id AND o.removed_at IS NULL) AS organizations,
          (SELECT COUNT(*) FROM members m
            WHERE m.partnership_id = p.id AND m.removed_at IS NULL) AS members,
          (SELECT COUNT(*) FROM commitments c
            WHERE c.partnership_id = p.id AND c.state = 'active') AS activeCommitments,
          (SELECT COUNT(*) FROM blockers b JOIN commitments c ON c.id = b.commitment_id
            WHERE c.partnership_id = p.id AND b.state = 'open') AS openBlockers
        FROM partnerships p JOIN workspaces w ON w.id = p.workspace_id
        ORDER BY p.id`);
      return rows.map((row) => ({ ...row, archived: row.archived === 1 }));
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
