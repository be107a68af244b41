/**
 * The rows a weekly digest is computed from (`buildDigest` in src/domain/digest.ts). Read-only,
 * one statement per table, every one scoped by partnership id, all in one read transaction so
 * the rows agree with each other even while the app writes.
 *
 * Bounded by time where the table grows with it:
 * - check-ins: those created from the start of the first history week on, plus each
 *   commitment's newest one before that (its status when the history begins), in one statement
 *   (the newest per commitment through the (commitment, created) index), in no particular order;
 * - prompts: those due in the digest's window;
 * - blockers: open ones and those resolved in the window; their helpers are the `blocker.help`
 *   audit entries of exactly those blockers;
 * - decisions: open ones.
 * Organizations, members, objectives, commitments and their objective links are read whole: a
 * closed commitment still counts in the history and the week's changes.
 *
 * Silent owners reuse `silentOwners` of the overview repository with the partnership's own
 * threshold, so the digest, `/poc status`, the agenda and the App Home agree on who is silent.
 */
import type BetterSqlite3 from "better-sqlite3";
import type {
  DigestBlockerRow,
  DigestCheckInRow,
  DigestCommitmentRow,
  DigestDecisionRow,
  DigestHelperRow,
  DigestInput,
  DigestLinkRow,
  DigestMemberRow,
  DigestObjectiveRow,
  DigestOrganizationRow,
  DigestPartnershipRow,
  DigestPromptRow,
  DigestWindow,
} from "../../domain/digest.js";
import { type Db, perConnection } from "../index.js";
import { silentOwners } from "./overview.js";

/** The part of a digest window the gathering needs (a `DigestWindow` is one). */
export type GatherWindow = Pick<DigestWindow, "start" | "end" | "weeks">;

/**
 * The statements, prepared once per connection: a digest is built for every partnership every
 * week and on every `/poc digest`, and preparing (plus drizzle's query building) cost more than
 * some of the reads.
 */
function prepare(sqlite: BetterSqlite3.Database) {
  const blockerWanted = `(b.state = 'open' OR (b.resolved_at >= @start AND b.resolved_at < @end))`;
  return {
    partnership: sqlite.prepare(`
      SELECT id, name, channel_id AS channelId, time_zone AS timeZone, created_at AS createdAt,
        silent_periods_before_escalation AS silentThreshold
      FROM partnerships WHERE id = @pid`),
    organizations: sqlite.prepare(`
      SELECT id, name, sector, removed_at AS removedAt
      FROM organizations WHERE partnership_id = @pid ORDER BY id`),
    members: sqlite.prepare(`
      SELECT id, slack_user_id AS slackUserId, display_name AS displayName,
        organization_id AS organizationId, removed_at AS removedAt
      FROM members WHERE partnership_id = @pid ORDER BY id`),
    objectives: sqlite.prepare(`
      SELECT id, title, indicator, unit, baseline, target, target_date AS targetDate, state
      FROM objectives WHERE partnership_id = @pid ORDER BY id`),
    commitments: sqlite.prepare(`
      SELECT id, title, organization_id AS organizationId, owner_member_id AS ownerMemberId,
        state, due_date AS dueDate, current_status AS currentStatus, progress,
        last_check_in_at AS lastCheckInAt, created_at AS createdAt, closed_at AS closedAt
      FROM commitments WHERE partnership_id = @pid ORDER BY id`),
    links: sqlite.prepare(`
      SELECT co.commitment_id AS commitmentId, co.objective_id AS objectiveId
      FROM commitment_objectives co JOIN commitments c ON c.id = co.commitment_id
      WHERE c.partnership_id = @pid
      ORDER BY co.commitment_id, co.objective_id`),
    // periodStart: when the period the check-in answers began (its prompt's slot), so a late
    // answer counts in the week it answers for; null when no prompt was planned for it.
    // Unordered: `buildDigest` puts check-ins in its own orders (the week they count for; when
    // given), and sorting some 2,500 rows here cost a millisecond on a 500-commitment partnership.
    checkIns: sqlite.prepare(`
      SELECT ci.id AS id, ci.commitment_id AS commitmentId,
        ci.author_member_id AS authorMemberId, ci.status AS status, ci.progress AS progress,
        ci.learning AS learning, ci.created_at AS createdAt,
        (SELECT p.due_at FROM prompts p
         WHERE p.commitment_id = ci.commitment_id AND p.period_key = ci.period_key) AS periodStart
      FROM commitments c
      JOIN check_ins ci ON ci.id = (
        SELECT x.id FROM check_ins x
        WHERE x.commitment_id = c.id AND x.created_at < @historyStart
        ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
      WHERE c.partnership_id = @pid
      UNION ALL
      SELECT ci.id, ci.commitment_id, ci.author_member_id, ci.status, ci.progress, ci.learning,
        ci.created_at,
        (SELECT p.due_at FROM prompts p
         WHERE p.commitment_id = ci.commitment_id AND p.period_key = ci.period_key)
      FROM check_ins ci JOIN commitments c ON c.id = ci.commitment_id
      WHERE c.partnership_id = @pid AND ci.created_at >= @historyStart`),
    prompts: sqlite.prepare(`
      SELECT p.commitment_id AS commitmentId, p.state AS state, p.due_at AS dueAt,
        p.answered_at AS answeredAt
      FROM prompts p JOIN commitments c ON c.id = p.commitment_id
      WHERE c.partnership_id = @pid AND p.due_at >= @start AND p.due_at < @end
      ORDER BY p.due_at, p.id`),
    blockers: sqlite.prepare(`
      SELECT b.id AS id, b.commitment_id AS commitmentId, b.text AS text,
        b.raised_by_member_id AS raisedByMemberId, b.could_help_user_id AS couldHelpUserId,
        b.could_help_organization_id AS couldHelpOrganizationId,
        b.helper_member_id AS helperMemberId, b.state AS state,
        b.escalation_level AS escalationLevel, b.last_escalated_at AS lastEscalatedAt,
        b.resolved_by_member_id AS resolvedByMemberId, b.resolved_at AS resolvedAt,
        b.resolution AS resolution, b.created_at AS createdAt
      FROM blockers b JOIN commitments c ON c.id = b.commitment_id
      WHERE c.partnership_id = @pid AND ${blockerWanted}
      ORDER BY b.created_at, b.id`),
    // Each wanted blocker's help entries through audit_log_blocker_help_idx (its condition word
    // for word), not a walk over every audit entry of the partnership.
    helpers: sqlite.prepare(`
      SELECT a.entity_id AS blockerId, a.actor_user_id AS userId
      FROM commitments c
      CROSS JOIN blockers b ON b.commitment_id = c.id
      CROSS JOIN audit_log a ON a.entity_id = b.id
        AND a.action = 'blocker.help' AND a.entity = 'blocker'
      WHERE c.partnership_id = @pid AND a.partnership_id = @pid AND ${blockerWanted}
      ORDER BY a.id`),
    decisions: sqlite.prepare(`
      SELECT id, text, owner_member_id AS ownerMemberId, due_date AS dueDate, state,
        created_at AS createdAt
      FROM decisions WHERE partnership_id = @pid AND state = 'open' ORDER BY id`),
  };
}

const statementsFor = perConnection(prepare);

/**
 * Everything `buildDigest` needs for one partnership and one week, as plain rows. Throws when the
 * partnership does not exist.
 */
export function gatherDigestInput(
  db: Db,
  partnershipId: number,
  window: GatherWindow,
  now: number,
): DigestInput {
  const historyStart = Math.min(window.start, window.weeks[0]?.start ?? window.start);
  const q = statementsFor(db);
  const pid = { pid: partnershipId };
  const inWindow = { pid: partnershipId, start: window.start, end: window.end };
  return db.$client.transaction(() => {
    const partnership = q.partnership.get(pid) as DigestPartnershipRow | undefined;
    if (partnership === undefined) throw new Error(`partnership ${partnershipId} not found`);
    const silent = silentOwners(db, partnershipId, partnership.silentThreshold, now).map((s) => ({
      memberId: s.memberId,
      silentPeriods: s.silentPeriods,
      silentCommitments: s.silentCommitments,
    }));
    return {
      now,
      partnership,
      organizations: q.organizations.all(pid) as DigestOrganizationRow[],
      members: q.members.all(pid) as DigestMemberRow[],
      objectives: q.objectives.all(pid) as DigestObjectiveRow[],
      commitments: q.commitments.all(pid) as DigestCommitmentRow[],
      links: q.links.all(pid) as DigestLinkRow[],
      checkIns: q.checkIns.all({ pid: partnershipId, historyStart }) as DigestCheckInRow[],
      prompts: q.prompts.all(inWindow) as DigestPromptRow[],
      silentOwners: silent,
      blockers: q.blockers.all(inWindow) as DigestBlockerRow[],
      helpers: q.helpers.all(inWindow) as DigestHelperRow[],
      decisions: q.decisions.all(pid) as DigestDecisionRow[],
    };
  })();
}
