/**
 * The rows a weekly digest is computed from (`buildDigest` in src/domain/digest.ts). Read-only,
 * one statement per table, every one scoped by partnership id, all in one read transaction so
 * the rows agree with each other even while the app writes.
 *
 * Bounded by time where the table grows with it:
 * - check-ins: those created from the start of the first history week on, plus each
 *   commitment's newest one before that (its status when the history begins), in one statement
 *   (a window function picks the newest per commitment);
 * - prompts: those due in the digest's window;
 * - blockers: open ones and those resolved in the window; their helpers are the `blocker.help`
 *   audit entries of exactly those blockers;
 * - decisions: open ones.
 * Organizations, members, objectives, commitments and their objective links are read whole: a
 * closed commitment still counts in the history and the week's changes.
 *
 * Silent owners reuse `silentOwners` of the overview repository, so the digest and the App Home
 * agree on who is silent.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type {
  DigestCheckInRow,
  DigestHelperRow,
  DigestInput,
  DigestWindow,
} from "../../domain/digest.js";
import { SILENT_PERIODS } from "../../domain/digest.js";
import type { Db } from "../index.js";
import {
  blockers,
  commitmentObjectives,
  commitments,
  decisions,
  members,
  objectives,
  organizations,
  partnerships,
  prompts,
} from "../schema.js";
import { createOverviewRepository } from "./overview.js";

/** The part of a digest window the gathering needs (a `DigestWindow` is one). */
export type GatherWindow = Pick<DigestWindow, "start" | "end" | "weeks">;

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
  const overview = createOverviewRepository(db);
  return db.transaction(() => {
    const partnership = db
      .select({
        id: partnerships.id,
        name: partnerships.name,
        channelId: partnerships.channelId,
        timeZone: partnerships.timeZone,
      })
      .from(partnerships)
      .where(eq(partnerships.id, partnershipId))
      .get();
    if (partnership === undefined) throw new Error(`partnership ${partnershipId} not found`);

    const organizationRows = db
      .select({
        id: organizations.id,
        name: organizations.name,
        sector: organizations.sector,
        removedAt: organizations.removedAt,
      })
      .from(organizations)
      .where(eq(organizations.partnershipId, partnershipId))
      .orderBy(asc(organizations.id))
      .all();

    const memberRows = db
      .select({
        id: members.id,
        slackUserId: members.slackUserId,
        displayName: members.displayName,
        organizationId: members.organizationId,
        removedAt: members.removedAt,
      })
      .from(members)
      .where(eq(members.partnershipId, partnershipId))
      .orderBy(asc(members.id))
      .all();

    const objectiveRows = db
      .select({
        id: objectives.id,
        title: objectives.title,
        indicator: objectives.indicator,
        unit: objectives.unit,
        baseline: objectives.baseline,
        target: objectives.target,
        targetDate: objectives.targetDate,
        state: objectives.state,
      })
      .from(objectives)
      .where(eq(objectives.partnershipId, partnershipId))
      .orderBy(asc(objectives.id))
      .all();

    const commitmentRows = db
      .select({
        id: commitments.id,
        title: commitments.title,
        organizationId: commitments.organizationId,
        ownerMemberId: commitments.ownerMemberId,
        state: commitments.state,
        dueDate: commitments.dueDate,
        currentStatus: commitments.currentStatus,
        progress: commitments.progress,
        lastCheckInAt: commitments.lastCheckInAt,
        createdAt: commitments.createdAt,
        closedAt: commitments.closedAt,
      })
      .from(commitments)
      .where(eq(commitments.partnershipId, partnershipId))
      .orderBy(asc(commitments.id))
      .all();

    const links = db
      .select({
        commitmentId: commitmentObjectives.commitmentId,
        objectiveId: commitmentObjectives.objectiveId,
      })
      .from(commitmentObjectives)
      .innerJoin(commitments, eq(commitments.id, commitmentObjectives.commitmentId))
      .where(eq(commitments.partnershipId, partnershipId))
      .orderBy(asc(commitmentObjectives.commitmentId), asc(commitmentObjectives.objectiveId))
      .all();

    const checkInRows = db.all<DigestCheckInRow>(sql`
      SELECT ci.id AS id, ci.commitment_id AS commitmentId,
        ci.author_member_id AS authorMemberId, ci.status AS status, ci.progress AS progress,
        ci.learning AS learning, ci.created_at AS createdAt
      FROM commitments c
      JOIN check_ins ci ON ci.id = (
        SELECT x.id FROM check_ins x
        WHERE x.commitment_id = c.id AND x.created_at < ${historyStart}
        ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
      WHERE c.partnership_id = ${partnershipId}
      UNION ALL
      SELECT ci.id, ci.commitment_id, ci.author_member_id, ci.status, ci.progress, ci.learning,
        ci.created_at
      FROM check_ins ci JOIN commitments c ON c.id = ci.commitment_id
      WHERE c.partnership_id = ${partnershipId} AND ci.created_at >= ${historyStart}
      ORDER BY createdAt, id`);

    const promptRows = db
      .select({
        commitmentId: prompts.commitmentId,
        state: prompts.state,
        dueAt: prompts.dueAt,
        answeredAt: prompts.answeredAt,
      })
      .from(prompts)
      .innerJoin(commitments, eq(commitments.id, prompts.commitmentId))
      .where(
        and(
          eq(commitments.partnershipId, partnershipId),
          sql`${prompts.dueAt} >= ${window.start}`,
          sql`${prompts.dueAt} < ${window.end}`,
        ),
      )
      .orderBy(asc(prompts.dueAt), asc(prompts.id))
      .all();

    const silentOwners = overview.silentOwners(partnershipId, SILENT_PERIODS).map((s) => ({
      memberId: s.memberId,
      silentPeriods: s.silentPeriods,
      silentCommitments: s.silentCommitments,
    }));

    const wanted = sql`(${blockers.state} = 'open' OR (${blockers.resolvedAt} >= ${window.start}
      AND ${blockers.resolvedAt} < ${window.end}))`;
    const blockerRows = db
      .select({
        id: blockers.id,
        commitmentId: blockers.commitmentId,
        text: blockers.text,
        raisedByMemberId: blockers.raisedByMemberId,
        couldHelpUserId: blockers.couldHelpUserId,
        couldHelpOrganizationId: blockers.couldHelpOrganizationId,
        helperMemberId: blockers.helperMemberId,
        state: blockers.state,
        escalationLevel: blockers.escalationLevel,
        lastEscalatedAt: blockers.lastEscalatedAt,
        resolvedByMemberId: blockers.resolvedByMemberId,
        resolvedAt: blockers.resolvedAt,
        resolution: blockers.resolution,
        createdAt: blockers.createdAt,
      })
      .from(blockers)
      .innerJoin(commitments, eq(commitments.id, blockers.commitmentId))
      .where(and(eq(commitments.partnershipId, partnershipId), wanted))
      .orderBy(asc(blockers.createdAt), asc(blockers.id))
      .all();

    // partnership_id first: the audit log's index is (partnership_id, at).
    const helpers = db.all<DigestHelperRow>(sql`
      SELECT a.entity_id AS blockerId, a.actor_user_id AS userId FROM audit_log a
      WHERE a.partnership_id = ${partnershipId} AND a.action = 'blocker.help'
        AND a.entity = 'blocker'
        AND a.entity_id IN (
          SELECT b.id FROM blockers b JOIN commitments c ON c.id = b.commitment_id
          WHERE c.partnership_id = ${partnershipId}
            AND (b.state = 'open'
              OR (b.resolved_at >= ${window.start} AND b.resolved_at < ${window.end})))
      ORDER BY a.id`);

    const decisionRows = db
      .select({
        id: decisions.id,
        text: decisions.text,
        ownerMemberId: decisions.ownerMemberId,
        dueDate: decisions.dueDate,
        state: decisions.state,
        createdAt: decisions.createdAt,
      })
      .from(decisions)
      .where(and(eq(decisions.partnershipId, partnershipId), eq(decisions.state, "open")))
      .orderBy(asc(decisions.id))
      .all();

    return {
      now,
      partnership,
      organizations: organizationRows,
      members: memberRows,
      objectives: objectiveRows,
      commitments: commitmentRows,
      links,
      checkIns: checkInRows,
      prompts: promptRows,
      silentOwners,
      blockers: blockerRows,
      helpers,
      decisions: decisionRows,
    };
  });
}
