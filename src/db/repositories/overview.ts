/**
 * Read-only queries across tables for `/poc mine`, `/poc status` and the App Home. Nothing here
 * writes. Every query is scoped by partnership id (the caller's scope was resolved by workspace
 * and channel before), and the partnership-wide ones aggregate in SQL so a big partnership costs
 * a handful of rows, not one row per commitment.
 *
 * "Last check-in" is the newest row of `check_ins` for the commitment (by `created_at`, then
 * id); when a commitment has none, the commitment's own `current_status` / `progress` /
 * `last_check_in_at` columns are used (an import may set them without check-in rows).
 */
import { sql } from "drizzle-orm";
import type { Cadence, CommitmentState, Sector, Status } from "../../domain/types.js";
import { type Db, perConnection } from "../index.js";
import { createDecisionsRepository, type DecisionsRepository } from "./decisions.js";

/** One commitment as people read it: with its organization, owner, objectives, last check-in. */
export interface CommitmentOverview {
  readonly id: number;
  readonly partnershipId: number;
  readonly title: string;
  readonly state: CommitmentState;
  /** "YYYY-MM-DD" or null. */
  readonly dueDate: string | null;
  readonly cadence: Cadence;
  readonly checkInWeekday: number;
  readonly checkInTime: string;
  readonly startedAt: number;
  readonly organizationId: number;
  readonly organizationName: string;
  readonly organizationSector: Sector;
  readonly ownerMemberId: number;
  readonly ownerSlackUserId: string;
  readonly ownerTimeZone: string | null;
  readonly ownerAwayUntil: string | null;
  /** Linked objectives, by id (retired ones included: the link is history). */
  readonly objectives: readonly { readonly id: number; readonly title: string }[];
  /** null: no check-in yet. */
  readonly lastStatus: Status | null;
  readonly lastProgress: number | null;
  readonly lastCheckInAt: number | null;
}

/** Active commitments of one organization with one last status (null: no check-in yet). */
export interface StatusCount {
  readonly organizationId: number;
  readonly status: Status | null;
  readonly count: number;
}

export interface OrganizationLoad {
  readonly id: number;
  readonly name: string;
  readonly sector: Sector;
  /** Its active commitments. */
  readonly activeCommitments: number;
}

export interface ObjectiveRef {
  readonly id: number;
  readonly title: string;
}

/** A page of a longer list: the first `items` and how many there are in all. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

export interface SilentOwner {
  readonly memberId: number;
  readonly slackUserId: string;
  readonly displayName: string | null;
  readonly organizationName: string | null;
  /** The longest run of latest unanswered periods among the owner's active commitments. */
  readonly silentPeriods: number;
  /** How many of the owner's active commitments have that many or more. */
  readonly silentCommitments: number;
}

/** Also carries the decisions/agenda/export reads until those are registered on their own. */
export interface OverviewRepository extends DecisionsRepository {
  /** Active commitments owned by a member, oldest first. */
  activeCommitmentsOf(partnershipId: number, ownerMemberId: number): CommitmentOverview[];
  /** Active commitments of the partnership grouped by organization and last status. */
  statusCounts(partnershipId: number): StatusCount[];
  /** Active organizations (by name) with their number of active commitments. */
  organizationLoads(partnershipId: number): OrganizationLoad[];
  /** Active objectives that no active commitment serves: the alignment gaps, oldest first. */
  objectivesWithoutCommitments(partnershipId: number, limit: number): Page<ObjectiveRef>;
  /**
   * Owners (active members) with an active commitment whose latest `periods` or more prompts
   * went unanswered in a row: a prompt counts as unanswered when its state is `sent` or `failed`
   * and `answered_at` is null; an `answered` prompt (or one with `answered_at`) ends the run.
   * Pending, sending and skipped prompts (not yet due, in flight, owner away) are not periods
   * the owner could answer, so they neither count nor break the run. Longest silence first.
   */
  silentOwners(partnershipId: number, periods: number): SilentOwner[];
}

interface CommitmentRow {
  id: number;
  partnershipId: number;
  title: string;
  state: CommitmentState;
  dueDate: string | null;
  cadence: Cadence;
  checkInWeekday: number;
  checkInTime: string;
  startedAt: number;
  organizationId: number;
  organizationName: string;
  organizationSector: Sector;
  ownerMemberId: number;
  ownerSlackUserId: string;
  ownerTimeZone: string | null;
  ownerAwayUntil: string | null;
  lastStatus: Status | null;
  lastProgress: number | null;
  lastCheckInAt: number | null;
}

/** The id of a commitment's newest check-in (correlated on `c.id`). */
const LATEST_CHECK_IN = sql.raw(
  "(SELECT x.id FROM check_ins x WHERE x.commitment_id = c.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1)",
);

/** Prepared once per connection: the App Home, `/poc status` and every digest ask it. */
const silentOwnersStatement = perConnection((sqlite) =>
  sqlite.prepare(`
        WITH last_answered AS MATERIALIZED (
          -- Per active commitment, its newest answered prompt: the index on
          -- (commitment_id, due_at) read backwards, stopping at the first answered one.
          -- MATERIALIZED: inlined, SQLite would run these subqueries once per use.
          SELECT c.id AS commitmentId,
            (SELECT p.due_at FROM prompts p
             WHERE p.commitment_id = c.id
               AND (p.state = 'answered' OR p.answered_at IS NOT NULL)
             ORDER BY p.due_at DESC LIMIT 1) AS at
          FROM commitments c
          WHERE c.partnership_id = @partnershipId AND c.state = 'active'
        ),
        streaks AS MATERIALIZED (
          -- The unanswered (sent or failed) prompts after it: the run, not the history.
          SELECT la.commitmentId AS commitmentId,
            (SELECT COUNT(*) FROM prompts p
             WHERE p.commitment_id = la.commitmentId
               AND p.due_at > COALESCE(la.at, -1)
               AND p.state IN ('sent', 'failed') AND p.answered_at IS NULL) AS streak
          FROM last_answered la
        )
        SELECT m.id AS memberId, m.slack_user_id AS slackUserId, m.display_name AS displayName,
          org.name AS organizationName, MAX(s.streak) AS silentPeriods,
          COUNT(*) AS silentCommitments
        FROM streaks s
        JOIN commitments c ON c.id = s.commitmentId
        JOIN members m ON m.id = c.owner_member_id
        LEFT JOIN organizations org ON org.id = m.organization_id
        WHERE s.streak >= @periods AND m.removed_at IS NULL
        GROUP BY m.id
        ORDER BY silentPeriods DESC, m.id`),
);

export function createOverviewRepository(db: Db): OverviewRepository {
  const objectivesOf = (commitmentIds: readonly number[]): Map<number, ObjectiveRef[]> => {
    const map = new Map<number, ObjectiveRef[]>(commitmentIds.map((id) => [id, []]));
    if (commitmentIds.length === 0) return map;
    const ids = sql.join(
      commitmentIds.map((id) => sql`${id}`),
      sql`, `,
    );
    const rows = db.all<{ commitmentId: number; id: number; title: string }>(sql`
      SELECT co.commitment_id AS commitmentId, o.id AS id, o.title AS title
      FROM commitment_objectives co JOIN objectives o ON o.id = co.objective_id
      WHERE co.commitment_id IN (${ids})
      ORDER BY co.commitment_id, o.id`);
    for (const row of rows) map.get(row.commitmentId)?.push({ id: row.id, title: row.title });
    return map;
  };

  return {
    ...createDecisionsRepository(db),

    activeCommitmentsOf(partnershipId, ownerMemberId) {
      const rows = db.all<CommitmentRow>(sql`
        SELECT c.id AS id, c.partnership_id AS partnershipId, c.title AS title, c.state AS state,
          c.due_date AS dueDate, c.cadence AS cadence, c.check_in_weekday AS checkInWeekday,
          c.check_in_time AS checkInTime, c.started_at AS startedAt,
          c.organization_id AS organizationId, o.name AS organizationName,
          o.sector AS organizationSector,
          c.owner_member_id AS ownerMemberId, m.slack_user_id AS ownerSlackUserId,
          m.time_zone AS ownerTimeZone, m.away_until AS ownerAwayUntil,
          CASE WHEN ci.id IS NULL THEN c.current_status ELSE ci.status END AS lastStatus,
          CASE WHEN ci.id IS NULL THEN c.progress ELSE ci.progress END AS lastProgress,
          CASE WHEN ci.id IS NULL THEN c.last_check_in_at
               ELSE COALESCE(ci.edited_at, ci.created_at) END AS lastCheckInAt
        FROM commitments c
        JOIN organizations o ON o.id = c.organization_id
        JOIN members m ON m.id = c.owner_member_id
        LEFT JOIN check_ins ci ON ci.id = ${LATEST_CHECK_IN}
        WHERE c.partnership_id = ${partnershipId} AND c.owner_member_id = ${ownerMemberId}
          AND c.state = 'active'
        ORDER BY c.id`);
      const objectives = objectivesOf(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, objectives: objectives.get(r.id) ?? [] }));
    },

    statusCounts(partnershipId) {
      return db.all<StatusCount>(sql`
        SELECT c.organization_id AS organizationId,
          CASE WHEN ci.id IS NULL THEN c.current_status ELSE ci.status END AS status,
          COUNT(*) AS count
        FROM commitments c
        LEFT JOIN check_ins ci ON ci.id = ${LATEST_CHECK_IN}
        WHERE c.partnership_id = ${partnershipId} AND c.state = 'active'
        GROUP BY 1, 2
        ORDER BY 1, 2`);
    },

    organizationLoads(partnershipId) {
      return db.all<OrganizationLoad>(sql`
        SELECT o.id AS id, o.name AS name, o.sector AS sector,
          (SELECT COUNT(*) FROM commitments c
            WHERE c.organization_id = o.id AND c.partnership_id = o.partnership_id
              AND c.state = 'active') AS activeCommitments
        FROM organizations o
        WHERE o.partnership_id = ${partnershipId} AND o.removed_at IS NULL
        ORDER BY o.name, o.id`);
    },

    objectivesWithoutCommitments(partnershipId, limit) {
      const gap = sql`o.partnership_id = ${partnershipId} AND o.state = 'active'
        AND NOT EXISTS (
          SELECT 1 FROM commitment_objectives co
          JOIN commitments c ON c.id = co.commitment_id
          WHERE co.objective_id = o.id AND c.state = 'active'
        )`;
      const items = db.all<ObjectiveRef>(sql`
        SELECT o.id AS id, o.title AS title FROM objectives o WHERE ${gap}
        ORDER BY o.id LIMIT ${Math.max(0, Math.floor(limit))}`);
      const total =
        db.get<{ total: number }>(sql`SELECT COUNT(*) AS total FROM objectives o WHERE ${gap}`)
          ?.total ?? 0;
      return { items, total };
    },

    silentOwners(partnershipId, periods) {
      return silentOwnersStatement(db).all({
        partnershipId,
        periods: Math.max(1, Math.floor(periods)),
      }) as SilentOwner[];
    },
  };
}
