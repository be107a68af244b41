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
import type { GapRows, GapSilentOwnerRow } from "../../domain/gaps.js";
import type {
  Cadence,
  CommitmentState,
  ObjectiveState,
  Sector,
  Status,
} from "../../domain/types.js";
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
  /** The local date of the slot that opened the current period (null: none): docs/time.md. */
  readonly periodOpenedOn: string | null;
  readonly organizationId: number;
  readonly organizationName: string;
  readonly organizationSector: Sector;
  readonly ownerMemberId: number;
  readonly ownerSlackUserId: string;
  readonly ownerTimeZone: string | null;
  readonly ownerAwayUntil: string | null;
  /** Linked objectives, by id (retired ones included: the link is history). */
  readonly objectives: readonly LinkedObjective[];
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

/** An objective a commitment serves, with what its progress may be measured by. */
export interface LinkedObjective extends ObjectiveRef {
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
  readonly state: ObjectiveState;
}

/** A page of a longer list: the first `items` and how many there are in all. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/** An owner the silence rule finds silent: the shape the gaps model takes. */
export type SilentOwner = GapSilentOwnerRow;

/** A commitment its owner no longer has open: closed (done) or dropped. */
export interface EndedCommitment {
  readonly id: number;
  readonly title: string;
  /** When it was closed or dropped; null for a row imported without the date. */
  readonly endedAt: number | null;
}

/** An owner's ended commitments, per way they ended: the most recent ones and how many. */
export interface EndedCommitments {
  readonly closed: Page<EndedCommitment>;
  readonly dropped: Page<EndedCommitment>;
}

/** Also carries the decisions/agenda/export reads until those are registered on their own. */
export interface OverviewRepository extends DecisionsRepository {
  /** Active commitments owned by a member, oldest first. */
  activeCommitmentsOf(partnershipId: number, ownerMemberId: number): CommitmentOverview[];
  /** A member's closed and dropped commitments: per state, the `limit` latest ended and the count. */
  endedCommitmentsOf(partnershipId: number, ownerMemberId: number, limit: number): EndedCommitments;
  /** Active commitments of the partnership grouped by organization and last status. */
  statusCounts(partnershipId: number): StatusCount[];
  /** Active organizations (by name) with their number of active commitments. */
  organizationLoads(partnershipId: number): OrganizationLoad[];
  /**
   * The rows `alignmentGaps` (src/domain/gaps.ts) needs, narrowed in SQL to the candidates so a
   * big partnership costs its gaps, not its commitments: active objectives no active commitment
   * serves, organizations (not removed) with no active commitment, active commitments linked to
   * no active objective. No links: none of these rows serves another. Silent owners come from
   * `silentOwners`.
   */
  gapRows(partnershipId: number): Omit<GapRows, "silentOwners">;
  /**
   * Owners (active members) with an active commitment whose latest `periods` or more closed
   * periods went unanswered in a row at `now` (docs/definitions.md, "Unanswered period"): a
   * period is closed once the next one began at least the reminder delay ago; it is unanswered
   * when its prompt is `sent` or `failed` with no `answered_at`. An answer, in a closed period or
   * in the one still open, ends the run. Pending, sending and skipped prompts (not yet due, in
   * flight, owner away) neither count nor break the run. Longest silence first.
   */
  silentOwners(partnershipId: number, periods: number, now: number): SilentOwner[];
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
  periodOpenedOn: string | null;
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
const LATEST_CHECK_IN =
  "(SELECT x.id FROM check_ins x WHERE x.commitment_id = c.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1)";

/**
 * The reads of `/poc mine`, `/poc status` and the App Home, prepared once per connection: each
 * runs on many requests, and building its SQL text per call cost more than some of the reads.
 */
const statementsFor = perConnection((sqlite) => ({
  activeCommitmentsOf: sqlite.prepare(`
    SELECT c.id AS id, c.partnership_id AS partnershipId, c.title AS title, c.state AS state,
      c.due_date AS dueDate, c.cadence AS cadence, c.check_in_weekday AS checkInWeekday,
      c.check_in_time AS checkInTime, c.started_at AS startedAt,
      c.period_opened_on AS periodOpenedOn,
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
    WHERE c.partnership_id = @partnershipId AND c.owner_member_id = @ownerMemberId
      AND c.state = 'active'
    ORDER BY c.id`),
  // The objectives of the same commitments (the same filter), by commitment then objective.
  activeCommitmentObjectivesOf: sqlite.prepare(`
    SELECT co.commitment_id AS commitmentId, o.id AS id, o.title AS title,
      o.indicator AS indicator, o.unit AS unit, o.baseline AS baseline, o.target AS target,
      o.state AS state
    FROM commitments c
    JOIN commitment_objectives co ON co.commitment_id = c.id
    JOIN objectives o ON o.id = co.objective_id
    WHERE c.partnership_id = @partnershipId AND c.owner_member_id = @ownerMemberId
      AND c.state = 'active'
    ORDER BY co.commitment_id, o.id`),
  // One pass over the owner's rows (commitments_owner_idx): a window counts each state and ranks
  // its rows, latest ended first, so the list and the count come back together.
  endedCommitmentsOf: sqlite.prepare(`
    SELECT id, title, endedAt, state, total FROM (
      SELECT c.id AS id, c.title AS title, c.closed_at AS endedAt, c.state AS state,
        COUNT(*) OVER (PARTITION BY c.state) AS total,
        ROW_NUMBER() OVER (
          PARTITION BY c.state ORDER BY c.closed_at IS NULL, c.closed_at DESC, c.id DESC
        ) AS rank
      FROM commitments c
      WHERE c.partnership_id = @partnershipId AND c.owner_member_id = @ownerMemberId
        AND c.state IN ('closed', 'dropped')
    )
    WHERE rank <= @limit
    ORDER BY state, rank`),
  statusCounts: sqlite.prepare(`
    SELECT c.organization_id AS organizationId,
      CASE WHEN ci.id IS NULL THEN c.current_status ELSE ci.status END AS status,
      COUNT(*) AS count
    FROM commitments c
    LEFT JOIN check_ins ci ON ci.id = ${LATEST_CHECK_IN}
    WHERE c.partnership_id = @partnershipId AND c.state = 'active'
    GROUP BY 1, 2
    ORDER BY 1, 2`),
  organizationLoads: sqlite.prepare(`
    SELECT o.id AS id, o.name AS name, o.sector AS sector,
      (SELECT COUNT(*) FROM commitments c
        WHERE c.organization_id = o.id AND c.partnership_id = o.partnership_id
          AND c.state = 'active') AS activeCommitments
    FROM organizations o
    WHERE o.partnership_id = @partnershipId AND o.removed_at IS NULL
    ORDER BY o.name, o.id`),
  gapObjectives: sqlite.prepare(`
    SELECT o.id AS id, o.title AS title, o.state AS state
    FROM objectives o
    WHERE o.partnership_id = @partnershipId AND o.state = 'active'
      AND NOT EXISTS (
        SELECT 1 FROM commitment_objectives co
        JOIN commitments c ON c.id = co.commitment_id
        WHERE co.objective_id = o.id AND c.partnership_id = o.partnership_id
          AND c.state = 'active')
    ORDER BY o.id`),
  gapOrganizations: sqlite.prepare(`
    SELECT o.id AS id, o.name AS name, o.sector AS sector, o.removed_at AS removedAt
    FROM organizations o
    WHERE o.partnership_id = @partnershipId AND o.removed_at IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM commitments c
        WHERE c.organization_id = o.id AND c.partnership_id = o.partnership_id
          AND c.state = 'active')
    ORDER BY o.name, o.id`),
  gapCommitments: sqlite.prepare(`
    SELECT c.id AS id, c.title AS title, c.state AS state,
      c.organization_id AS organizationId, org.name AS organizationName
    FROM commitments c
    JOIN organizations org ON org.id = c.organization_id
    WHERE c.partnership_id = @partnershipId AND c.state = 'active'
      AND NOT EXISTS (
        SELECT 1 FROM commitment_objectives co
        JOIN objectives o ON o.id = co.objective_id
        WHERE co.commitment_id = c.id AND o.partnership_id = c.partnership_id
          AND o.state = 'active')
    ORDER BY c.id`),
}));

/**
 * Prepared once per connection: the App Home, `/poc status`, the agenda and every digest ask it.
 * The rule is `docs/definitions.md`'s "unanswered period": a prompt's period is closed once a
 * newer prompt of the commitment was due at least the partnership's reminder delay ago; only
 * closed periods can be unanswered, so a period still open (its owner can still answer) never
 * makes anyone silent.
 */
const silentOwnersStatement = perConnection((sqlite) =>
  sqlite.prepare(`
        WITH bounds AS MATERIALIZED (
          -- Per active commitment, through the index on (commitment_id, due_at) read backwards:
          -- its newest answered prompt, and the newest prompt whose period began at least the
          -- reminder delay ago (every prompt older than that one is a closed period).
          -- MATERIALIZED: inlined, SQLite would run these subqueries once per use. The answered
          -- condition is prompts_answered_due_idx's, word for word (test/db/overview.test.ts).
          SELECT c.id AS commitmentId,
            (SELECT p.due_at FROM prompts p
             WHERE p.commitment_id = c.id
               AND (p.state = 'answered' OR p.answered_at IS NOT NULL)
             ORDER BY p.due_at DESC LIMIT 1) AS answeredAt,
            (SELECT p.due_at FROM prompts p
             WHERE p.commitment_id = c.id
               AND p.due_at <= @now - pa.reminder_delay_minutes * 60000
             ORDER BY p.due_at DESC LIMIT 1) AS closedBefore
          FROM commitments c
          JOIN partnerships pa ON pa.id = c.partnership_id
          WHERE c.partnership_id = @partnershipId AND c.state = 'active'
        ),
        streaks AS MATERIALIZED (
          -- The closed, unanswered (sent or failed) periods after the last answer: the run, not
          -- the history. An answer in a period still open ends the run too.
          SELECT b.commitmentId AS commitmentId,
            (SELECT COUNT(*) FROM prompts p
             WHERE p.commitment_id = b.commitmentId
               AND p.due_at > COALESCE(b.answeredAt, -1)
               AND p.due_at < b.closedBefore
               AND p.state IN ('sent', 'failed') AND p.answered_at IS NULL) AS streak
          FROM bounds b
          WHERE b.closedBefore IS NOT NULL
            AND (b.answeredAt IS NULL OR b.answeredAt < b.closedBefore)
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

/** The owners silent for at least `periods` periods in a row: the digest's and `/poc status`'s. */
export function silentOwners(
  db: Db,
  partnershipId: number,
  periods: number,
  now: number,
): SilentOwner[] {
  return silentOwnersStatement(db).all({
    partnershipId,
    periods: Math.max(1, Math.floor(periods)),
    now,
  }) as SilentOwner[];
}

export function createOverviewRepository(db: Db): OverviewRepository {
  return {
    ...createDecisionsRepository(db),

    activeCommitmentsOf(partnershipId, ownerMemberId) {
      const q = statementsFor(db);
      const params = { partnershipId, ownerMemberId };
      const rows = q.activeCommitmentsOf.all(params) as CommitmentRow[];
      const objectives = new Map<number, LinkedObjective[]>(rows.map((r) => [r.id, []]));
      for (const { commitmentId, ...objective } of q.activeCommitmentObjectivesOf.all(
        params,
      ) as (LinkedObjective & { commitmentId: number })[]) {
        objectives.get(commitmentId)?.push(objective);
      }
      return rows.map((r) => ({ ...r, objectives: objectives.get(r.id) ?? [] }));
    },

    endedCommitmentsOf(partnershipId, ownerMemberId, limit) {
      const rows = statementsFor(db).endedCommitmentsOf.all({
        partnershipId,
        ownerMemberId,
        limit: Math.max(1, Math.floor(limit)),
      }) as (EndedCommitment & { state: "closed" | "dropped"; total: number })[];
      const page = (state: "closed" | "dropped"): Page<EndedCommitment> => {
        const items = rows.filter((r) => r.state === state);
        return {
          items: items.map(({ id, title, endedAt }) => ({ id, title, endedAt })),
          total: items[0]?.total ?? 0,
        };
      };
      return { closed: page("closed"), dropped: page("dropped") };
    },

    statusCounts(partnershipId) {
      return statementsFor(db).statusCounts.all({ partnershipId }) as StatusCount[];
    },

    organizationLoads(partnershipId) {
      return statementsFor(db).organizationLoads.all({ partnershipId }) as OrganizationLoad[];
    },

    gapRows(partnershipId) {
      const q = statementsFor(db);
      const params = { partnershipId };
      return {
        objectives: q.gapObjectives.all(params) as GapRows["objectives"][number][],
        organizations: q.gapOrganizations.all(params) as GapRows["organizations"][number][],
        commitments: q.gapCommitments.all(params) as GapRows["commitments"][number][],
        links: [],
      };
    },

    silentOwners: (partnershipId, periods, now) => silentOwners(db, partnershipId, periods, now),
  };
}
