/**
 * Decisions (the review meeting's log), the agenda's reads and the export's rows. Every query is
 * scoped by partnership id. Until this repository is registered on its own in
 * `createRepositories`, its methods reach services through `kit.repos.overview` (overview.ts
 * spreads them in).
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import type { Decision, NewDecision } from "../schema.js";
import { decisions } from "../schema.js";

/** A decision with its owner's Slack id (null: no owner). */
export interface DecisionView {
  readonly id: number;
  readonly partnershipId: number;
  readonly text: string;
  readonly ownerMemberId: number | null;
  readonly ownerSlackUserId: string | null;
  readonly dueDate: string | null;
  readonly state: Decision["state"];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly doneAt: number | null;
}

/** An active commitment with its latest status, for the agenda. */
export interface AgendaCommitment {
  readonly id: number;
  readonly title: string;
  readonly status: "on_track" | "at_risk" | "off_track" | "done";
  readonly organizationName: string;
  readonly ownerSlackUserId: string;
}

export interface AgendaBlocker {
  readonly id: number;
  readonly text: string;
  readonly createdAt: number;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly raisedBySlackUserId: string | null;
}

export interface AgendaLearning {
  readonly checkInId: number;
  readonly learning: string;
  readonly createdAt: number;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly authorSlackUserId: string | null;
}

/** One exported table: a header and rows of plain values. */
export interface ExportTable {
  readonly name:
    | "organizations"
    | "members"
    | "objectives"
    | "commitments"
    | "check_ins"
    | "blockers"
    | "decisions";
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string | number | null>[];
}

export interface DecisionsRepository {
  insertDecision(values: NewDecision): Decision;
  /** Any partnership's decision by id; the service checks the partnership. */
  findDecision(id: number): Decision | undefined;
  markDecisionDone(id: number, now: number): Decision | undefined;
  /** Decisions of a partnership in one state, by due date (undated last), then id. */
  decisionsOf(partnershipId: number, state: Decision["state"]): DecisionView[];
  /** Open decisions due on or before `date` ("YYYY-MM-DD"). */
  decisionsDue(partnershipId: number, date: string): DecisionView[];
  /** Active commitments whose latest status is one of `statuses` (off track first). */
  commitmentsWithStatus(
    partnershipId: number,
    statuses: readonly AgendaCommitment["status"][],
  ): AgendaCommitment[];
  /** Open blockers raised at or before `before`, oldest first. */
  openBlockersSince(partnershipId: number, before: number): AgendaBlocker[];
  /** Check-ins with a learning created at or after `since`, newest first. */
  learningsSince(partnershipId: number, since: number): AgendaLearning[];
  /** The export tables of a partnership, rows by id; ids in one table name rows of another. */
  exportTables(partnershipId: number): ExportTable[];
}

const DECISION_VIEW = sql.raw(`d.id AS id, d.partnership_id AS partnershipId, d.text AS text,
  d.owner_member_id AS ownerMemberId, m.slack_user_id AS ownerSlackUserId, d.due_date AS dueDate,
  d.state AS state, d.created_by AS createdBy, d.created_at AS createdAt, d.done_at AS doneAt`);

const LATEST_STATUS = sql.raw(`COALESCE((SELECT x.status FROM check_ins x
  WHERE x.commitment_id = c.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1), c.current_status)`);

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function createDecisionsRepository(db: Db): DecisionsRepository {
  const table = (
    name: ExportTable["name"],
    query: SQL,
    instants: readonly string[],
  ): ExportTable => {
    const raw = db.all<Record<string, string | number | null>>(query);
    const rows = raw.map((row) => {
      const out: Record<string, string | number | null> = { ...row };
      for (const key of instants) out[key] = iso(row[key] as number | null);
      return out;
    });
    return { name, columns: COLUMNS[name], rows };
  };

  return {
    insertDecision(values) {
      return db.insert(decisions).values(values).returning().get();
    },

    findDecision(id) {
      return db.select().from(decisions).where(eq(decisions.id, id)).get();
    },

    markDecisionDone(id, now) {
      return db
        .update(decisions)
        .set({ state: "done", doneAt: now })
        .where(and(eq(decisions.id, id), eq(decisions.state, "open")))
        .returning()
        .get();
    },

    decisionsOf(partnershipId, state) {
      return db.all<DecisionView>(sql`
        SELECT ${DECISION_VIEW} FROM decisions d LEFT JOIN members m ON m.id = d.owner_member_id
        WHERE d.partnership_id = ${partnershipId} AND d.state = ${state}
        ORDER BY d.due_date IS NULL, d.due_date, d.id`);
    },

    decisionsDue(partnershipId, date) {
      return db.all<DecisionView>(sql`
        SELECT ${DECISION_VIEW} FROM decisions d LEFT JOIN members m ON m.id = d.owner_member_id
        WHERE d.partnership_id = ${partnershipId} AND d.state = 'open'
          AND d.due_date IS NOT NULL AND d.due_date <= ${date}
        ORDER BY d.due_date, d.id`);
    },

    commitmentsWithStatus(partnershipId, statuses) {
      if (statuses.length === 0) return [];
      const list = sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      );
      return db.all<AgendaCommitment>(sql`
        SELECT * FROM (
          SELECT c.id AS id, c.title AS title, ${LATEST_STATUS} AS status,
            o.name AS organizationName, m.slack_user_id AS ownerSlackUserId
          FROM commitments c
          JOIN organizations o ON o.id = c.organization_id
          JOIN members m ON m.id = c.owner_member_id
          WHERE c.partnership_id = ${partnershipId} AND c.state = 'active'
        ) WHERE status IN (${list})
        ORDER BY CASE status WHEN 'off_track' THEN 0 WHEN 'at_risk' THEN 1 ELSE 2 END, id`);
    },

    openBlockersSince(partnershipId, before) {
      return db.all<AgendaBlocker>(sql`
        SELECT b.id AS id, b.text AS text, b.created_at AS createdAt,
          c.id AS commitmentId, c.title AS commitmentTitle, m.slack_user_id AS raisedBySlackUserId
        FROM blockers b
        JOIN commitments c ON c.id = b.commitment_id
        LEFT JOIN members m ON m.id = b.raised_by_member_id
        WHERE c.partnership_id = ${partnershipId} AND b.state = 'open' AND b.created_at <= ${before}
        ORDER BY b.created_at, b.id`);
    },

    learningsSince(partnershipId, since) {
      return db.all<AgendaLearning>(sql`
        SELECT ci.id AS checkInId, ci.learning AS learning, ci.created_at AS createdAt,
          c.id AS commitmentId, c.title AS commitmentTitle, m.slack_user_id AS authorSlackUserId
        FROM check_ins ci
        JOIN commitments c ON c.id = ci.commitment_id
        LEFT JOIN members m ON m.id = ci.author_member_id
        WHERE c.partnership_id = ${partnershipId} AND ci.created_at >= ${since}
          AND ci.learning IS NOT NULL AND TRIM(ci.learning) <> ''
        ORDER BY ci.created_at DESC, ci.id DESC`);
    },

    exportTables(partnershipId) {
      return [
        table(
          "organizations",
          sql`SELECT o.id AS id, o.name AS name, o.sector AS sector, o.created_at AS created_at,
              o.removed_at AS removed_at
            FROM organizations o WHERE o.partnership_id = ${partnershipId} ORDER BY o.id`,
          ["created_at", "removed_at"],
        ),
        table(
          "members",
          sql`SELECT m.id AS id, m.slack_user_id AS slack_user_id, m.display_name AS display_name,
              m.organization_id AS organization_id, o.name AS organization, m.role AS role,
              m.time_zone AS time_zone, m.is_external AS is_external, m.away_until AS away_until,
              m.created_at AS created_at, m.removed_at AS removed_at
            FROM members m LEFT JOIN organizations o ON o.id = m.organization_id
            WHERE m.partnership_id = ${partnershipId} ORDER BY m.id`,
          ["created_at", "removed_at"],
        ),
        table(
          "objectives",
          sql`SELECT ob.id AS id, ob.title AS title, ob.indicator AS indicator, ob.unit AS unit,
              ob.baseline AS baseline, ob.target AS target, ob.target_date AS target_date,
              ob.state AS state, ob.created_at AS created_at, ob.updated_at AS updated_at
            FROM objectives ob WHERE ob.partnership_id = ${partnershipId} ORDER BY ob.id`,
          ["created_at", "updated_at"],
        ),
        table(
          "commitments",
          sql`SELECT c.id AS id, c.title AS title, c.organization_id AS organization_id,
              o.name AS organization,
              m.slack_user_id AS owner, c.state AS state, ${LATEST_STATUS} AS status,
              c.progress AS progress, c.due_date AS due_date, c.cadence AS cadence,
              (SELECT GROUP_CONCAT(co.objective_id, ' ') FROM commitment_objectives co
                WHERE co.commitment_id = c.id) AS objective_ids,
              c.started_at AS started_at, c.closed_at AS closed_at, c.created_at AS created_at
            FROM commitments c
            JOIN organizations o ON o.id = c.organization_id
            JOIN members m ON m.id = c.owner_member_id
            WHERE c.partnership_id = ${partnershipId} ORDER BY c.id`,
          ["started_at", "closed_at", "created_at"],
        ),
        table(
          "check_ins",
          sql`SELECT ci.id AS id, ci.commitment_id AS commitment_id, ci.period_key AS period,
              m.slack_user_id AS author, ci.status AS status, ci.progress AS progress,
              ci.what_moved AS what_moved, ci.next_step AS next_step, ci.learning AS learning,
              ci.created_at AS created_at, ci.edited_at AS edited_at
            FROM check_ins ci
            JOIN commitments c ON c.id = ci.commitment_id
            LEFT JOIN members m ON m.id = ci.author_member_id
            WHERE c.partnership_id = ${partnershipId} ORDER BY ci.id`,
          ["created_at", "edited_at"],
        ),
        table(
          "blockers",
          sql`SELECT b.id AS id, b.commitment_id AS commitment_id, b.text AS text,
              m.slack_user_id AS raised_by, b.state AS state, b.could_help_user_id AS could_help,
              b.could_help_organization_id AS could_help_organization_id,
              ho.name AS could_help_organization, h.slack_user_id AS helper, b.escalation_level AS escalation_level,
              b.created_at AS created_at, b.resolved_at AS resolved_at, b.resolution AS resolution
            FROM blockers b
            JOIN commitments c ON c.id = b.commitment_id
            LEFT JOIN members m ON m.id = b.raised_by_member_id
            LEFT JOIN members h ON h.id = b.helper_member_id
            LEFT JOIN organizations ho ON ho.id = b.could_help_organization_id
            WHERE c.partnership_id = ${partnershipId} ORDER BY b.id`,
          ["created_at", "resolved_at"],
        ),
        table(
          "decisions",
          sql`SELECT d.id AS id, d.text AS text, m.slack_user_id AS owner, d.due_date AS due_date,
              d.state AS state, d.created_by AS created_by, d.created_at AS created_at,
              d.done_at AS done_at
            FROM decisions d LEFT JOIN members m ON m.id = d.owner_member_id
            WHERE d.partnership_id = ${partnershipId} ORDER BY d.id`,
          ["created_at", "done_at"],
        ),
      ];
    },
  };
}

/** Column order of each export table (the header row). */
const COLUMNS: Record<ExportTable["name"], readonly string[]> = {
  organizations: ["id", "name", "sector", "created_at", "removed_at"],
  members: [
    "id",
    "slack_user_id",
    "display_name",
    "organization_id",
    "organization",
    "role",
    "time_zone",
    "is_external",
    "away_until",
    "created_at",
    "removed_at",
  ],
  objectives: [
    "id",
    "title",
    "indicator",
    "unit",
    "baseline",
    "target",
    "target_date",
    "state",
    "created_at",
    "updated_at",
  ],
  commitments: [
    "id",
    "title",
    "organization_id",
    "organization",
    "owner",
    "state",
    "status",
    "progress",
    "due_date",
    "cadence",
    "objective_ids",
    "started_at",
    "closed_at",
    "created_at",
  ],
  check_ins: [
    "id",
    "commitment_id",
    "period",
    "author",
    "status",
    "progress",
    "what_moved",
    "next_step",
    "learning",
    "created_at",
    "edited_at",
  ],
  blockers: [
    "id",
    "commitment_id",
    "text",
    "raised_by",
    "state",
    "could_help",
    "could_help_organization_id",
    "could_help_organization",
    "helper",
    "escalation_level",
    "created_at",
    "resolved_at",
    "resolution",
  ],
  decisions: ["id", "text", "owner", "due_date", "state", "created_by", "created_at", "done_at"],
};
