/**
 * Blockers: raised from a check-in or on their own, posted in the partnership channel, helped,
 * resolved with a note. `detail` joins what a blocker message and the `/poc blockers` list show
 * (commitment, organization, owner, who could help, helpers) in one query per blocker, or one
 * query for a partnership's open ones.
 *
 * Helpers: the first person who offers help is `helper_member_id`; everyone who offered (the
 * first included) is an audit entry `blocker.help` on the blocker, which `helpers` reads back in
 * order, so a blocker can show several helpers without a table of its own. Those entries are
 * read through their own partial index (`audit_log_blocker_help_idx`, migration 0008): one seek
 * per blocker, whatever else the partnership's audit log holds.
 */
import { and, eq, sql } from "drizzle-orm";
import { type Db, perConnection } from "../index.js";
import { type Blocker, blockers, commitments, type NewBlocker } from "../schema.js";

export type BlockerPatch = Partial<
  Pick<
    Blocker,
    | "text"
    | "couldHelpUserId"
    | "couldHelpOrganizationId"
    | "helperMemberId"
    | "state"
    | "channelId"
    | "messageTs"
    | "resolvedByMemberId"
    | "resolvedAt"
    | "resolution"
  >
>;

/** A blocker with what people read about it. */
export interface BlockerDetail extends Blocker {
  readonly partnershipId: number;
  readonly partnershipName: string;
  /** The partnership's channel, where the blocker is posted. */
  readonly partnershipChannelId: string;
  readonly commitmentTitle: string;
  readonly commitmentState: string;
  readonly organizationName: string;
  readonly ownerMemberId: number;
  readonly ownerUserId: string;
  readonly ownerName: string | null;
  readonly raisedByUserId: string;
  readonly couldHelpOrganizationName: string | null;
  readonly helperUserId: string | null;
  readonly resolvedByUserId: string | null;
}

export interface BlockersRepository {
  create(values: NewBlocker): Blocker;
  update(id: number, patch: BlockerPatch): Blocker | undefined;
  /** The partnership of a blocker, found by id alone (ids arrive from buttons: re-check it). */
  partnershipOf(blockerId: number): number | undefined;
  detail(partnershipId: number, blockerId: number): BlockerDetail | undefined;
  /** Open blockers of a partnership, oldest first. */
  listOpen(partnershipId: number): BlockerDetail[];
  /** The open blocker a check-in raised, if any. */
  openOfCheckIn(checkInId: number): Blocker | undefined;
  /** Slack user ids of everyone who offered help, first offer first. */
  helpers(partnershipId: number, blockerId: number): string[];
  /** `helpers` of every open blocker of a partnership that has any, in one read. */
  openHelpers(partnershipId: number): Map<number, string[]>;
}

/**
 * The helper reads, prepared once per connection. The audit conditions are
 * `audit_log_blocker_help_idx`'s, word for word (test/db/blockers.test.ts reads the plans).
 */
const helperStatements = perConnection((sqlite) => ({
  // partnership_id is checked, not searched: the blocker id comes from a button.
  helpers: sqlite.prepare(`
    SELECT actor_user_id AS userId FROM audit_log
    WHERE entity_id = @blockerId AND action = 'blocker.help' AND entity = 'blocker'
      AND partnership_id = @partnershipId
    ORDER BY id`),
  // The partnership's commitments, their open blockers, each one's help entries by index.
  openHelpers: sqlite.prepare(`
    SELECT a.entity_id AS blockerId, a.actor_user_id AS userId
    FROM commitments c
    CROSS JOIN blockers b ON b.commitment_id = c.id AND b.state = 'open'
    CROSS JOIN audit_log a ON a.entity_id = b.id
      AND a.action = 'blocker.help' AND a.entity = 'blocker'
    WHERE c.partnership_id = @partnershipId AND a.partnership_id = @partnershipId
    ORDER BY a.id`),
}));

const DETAIL_COLUMNS = sql`
  SELECT b.id AS id, b.commitment_id AS commitmentId, b.check_in_id AS checkInId, b.text AS text,
    b.raised_by_member_id AS raisedByMemberId, b.could_help_user_id AS couldHelpUserId,
    b.could_help_organization_id AS couldHelpOrganizationId,
    b.helper_member_id AS helperMemberId, b.state AS state,
    b.escalation_level AS escalationLevel, b.last_escalated_at AS lastEscalatedAt,
    b.channel_id AS channelId, b.message_ts AS messageTs,
    b.resolved_by_member_id AS resolvedByMemberId, b.resolved_at AS resolvedAt,
    b.resolution AS resolution, b.created_at AS createdAt,
    c.partnership_id AS partnershipId, p.name AS partnershipName,
    p.channel_id AS partnershipChannelId, c.title AS commitmentTitle, c.state AS commitmentState,
    o.name AS organizationName, c.owner_member_id AS ownerMemberId,
    owner.slack_user_id AS ownerUserId, owner.display_name AS ownerName,
    raiser.slack_user_id AS raisedByUserId, help_org.name AS couldHelpOrganizationName,
    helper.slack_user_id AS helperUserId, resolver.slack_user_id AS resolvedByUserId`;

/** What a blocker's detail reads besides the blocker (b) and its commitment (c). */
const DETAIL_JOINS = sql`
  JOIN partnerships p ON p.id = c.partnership_id
  JOIN organizations o ON o.id = c.organization_id
  JOIN members owner ON owner.id = c.owner_member_id
  JOIN members raiser ON raiser.id = b.raised_by_member_id
  LEFT JOIN organizations help_org ON help_org.id = b.could_help_organization_id
  LEFT JOIN members helper ON helper.id = b.helper_member_id
  LEFT JOIN members resolver ON resolver.id = b.resolved_by_member_id`;

const DETAIL = sql`${DETAIL_COLUMNS}
  FROM blockers b
  JOIN commitments c ON c.id = b.commitment_id
  ${DETAIL_JOINS}`;

export function createBlockersRepository(db: Db): BlockersRepository {
  return {
    create(values) {
      return db.insert(blockers).values(values).returning().get();
    },
    update(id, patch) {
      return db.update(blockers).set(patch).where(eq(blockers.id, id)).returning().get();
    },
    partnershipOf(blockerId) {
      return db
        .select({ partnershipId: commitments.partnershipId })
        .from(blockers)
        .innerJoin(commitments, eq(commitments.id, blockers.commitmentId))
        .where(eq(blockers.id, blockerId))
        .get()?.partnershipId;
    },
    detail(partnershipId, blockerId) {
      return db.get<BlockerDetail>(
        sql`${DETAIL} WHERE b.id = ${blockerId} AND c.partnership_id = ${partnershipId}`,
      );
    },
    listOpen(partnershipId) {
      // The partnership's commitments first, then each one's open blockers by index: left to
      // itself SQLite walked every open blocker of the workspace (0.6-1 ms on the large bench
      // data set, 0.04-0.14 ms this way).
      return db.all<BlockerDetail>(sql`${DETAIL_COLUMNS}
        FROM commitments c
        CROSS JOIN blockers b ON b.commitment_id = c.id AND b.state = 'open'
        ${DETAIL_JOINS}
        WHERE c.partnership_id = ${partnershipId}
        ORDER BY b.created_at, b.id`);
    },
    openOfCheckIn(checkInId) {
      return db
        .select()
        .from(blockers)
        .where(and(eq(blockers.checkInId, checkInId), eq(blockers.state, "open")))
        .orderBy(blockers.id)
        .get();
    },
    helpers(partnershipId, blockerId) {
      const rows = helperStatements(db).helpers.all({ partnershipId, blockerId }) as {
        userId: string;
      }[];
      return rows.map((r) => r.userId);
    },
    openHelpers(partnershipId) {
      const rows = helperStatements(db).openHelpers.all({ partnershipId }) as {
        blockerId: number;
        userId: string;
      }[];
      const helpers = new Map<number, string[]>();
      for (const { blockerId, userId } of rows) {
        const list = helpers.get(blockerId);
        if (list === undefined) helpers.set(blockerId, [userId]);
        else list.push(userId);
      }
      return helpers;
    },
  };
}
