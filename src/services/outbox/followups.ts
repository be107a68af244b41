/**
 * After sending: reminders, silence escalation, blocker escalation, and time zones. Each claims
 * in the database before it sends (one guarded UPDATE), so a restart or a second process can
 * never send it twice; a claim is released only when nothing reached Slack.
 */

import { SILENCE_HORIZON_MS } from "../../db/repositories/outbox.js";
import { isValidTimeZone } from "../../domain/schedule.js";
import { blockerMessage, buildPromptMessage } from "../messages.js";
import { isWorkspaceWide } from "../ports.js";
import {
  asDeliveryError,
  DAY,
  each,
  inPool,
  isAway,
  isUncertain,
  MINUTE,
  type OutboxRun,
  SEND_CONCURRENCY,
  tellCoordinators,
  zoneOf,
} from "./common.js";

/** A reminder that could not be posted is tried again after this long. */
export const REMINDER_RETRY_MS = 5 * MINUTE;
/** Owners whose zone is refreshed per tick (users.info), oldest first. */
export const ZONES_PER_TICK = 20;

/**
 * One reply in the prompt's thread (the DM, or the channel post for an owner who cannot be
 * DMed) once the delay has passed, or once a snooze ends. The claim (remindersSent + 1) comes
 * first; it is undone when Slack refused the post or answered with an error, and kept when the
 * post may have gone out (a timeout): at most two bot messages per commitment per period.
 */
export async function remind(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  const rows = repo.reminderCandidates(now);
  await inPool(
    each(rows),
    SEND_CONCURRENCY,
    async (row) => {
      if (!run.keepGoing()) return;
      if (isAway(row.awayUntil, now, zoneOf(row.ownerZone, row.partnershipZone))) return;
      if (!repo.claimReminder(row.promptId, row.remindersSent, now)) return;
      const message = buildPromptMessage(kit, row.promptId);
      const inDm = row.dmChannelId !== null && row.messageTs !== null;
      const channel = inDm ? row.dmChannelId : row.channelId;
      const thread = inDm ? row.messageTs : row.channelFallbackTs;
      if (message === undefined || channel === null || thread === null) return;
      try {
        const kind = row.snoozedUntil !== null ? "snoozed" : "reminder";
        await kit.messenger.postReminder(channel, thread, message, kind);
        run.counters.reminded += 1;
      } catch (error) {
        const failure = asDeliveryError(error);
        if (failure.kind === "permanent") {
          repo.setLastError(row.promptId, `reminder:${failure.code}`, now);
        } else if (!isUncertain(failure)) {
          // Only when Slack surely did not post it (a 429, no connection, a refused token): a
          // 5xx or a timeout may have posted it, and a second reminder would be a third message
          // in the period, so an uncertain reminder is kept as sent (at most once). After a
          // workspace-wide failure it is due again at once: the next tick is the retry.
          const wide = isWorkspaceWide(failure);
          repo.releaseReminder(
            row.promptId,
            row.lastReminderAt,
            wide ? now : now + REMINDER_RETRY_MS,
            `reminder:${failure.code}`,
            now,
          );
          run.counters.followUpsDeferred += 1;
          if (wide) return;
        }
        run.logger.warn(`reminder for prompt ${row.promptId} failed: ${failure.code}`);
      }
    },
    run.logger,
  );
}

/**
 * The silent-owner rule of `overview.silentOwners` (docs/definitions.md, "Unanswered period"),
 * per commitment: its closed, unanswered (sent or failed) periods in a row since the last
 * answered one; pending, sending and skipped (away) prompts neither count nor break the run, and
 * a period still open never counts (its owner can still answer). When the run reaches the
 * partnership's threshold, every coordinator gets one DM and the newest prompt of the run is
 * marked (`escalatedAt`); a run with a marked prompt is never escalated again.
 */
export async function escalateSilence(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  repo.retireSilenceCandidates(now - SILENCE_HORIZON_MS, now);
  repo.deferSilence(now - SILENCE_HORIZON_MS, now);
  // Runs found below the threshold, marked in one transaction at the end (a crash before that
  // only means they are looked at again).
  const checked: { id: number; threshold: number }[] = [];
  try {
    await escalateSilentRuns(run, checked);
  } finally {
    repo.markSilenceChecked(checked);
  }
}

async function escalateSilentRuns(
  run: OutboxRun,
  checked: { id: number; threshold: number }[],
): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  for (const candidate of repo.silenceCandidates(now)) {
    if (!run.keepGoing()) return;
    let streak = 0;
    let marked = false;
    for (const prompt of repo.consideredPrompts(candidate.commitmentId, candidate.dueAt)) {
      if (!prompt.unanswered) break;
      streak += 1;
      if (prompt.escalatedAt !== null) marked = true;
    }
    if (marked || streak < candidate.threshold) {
      // Looked at: this run stays below the threshold until a newer prompt extends it (that
      // prompt is a new candidate) or the partnership lowers its threshold (a trigger clears it).
      checked.push({ id: candidate.promptId, threshold: candidate.threshold });
      continue;
    }
    if (!repo.claimEscalation(candidate.promptId, now)) continue;
    const told = await tellCoordinators(
      run,
      candidate.partnershipId,
      {
        kind: "silence",
        partnershipName: candidate.partnershipName,
        channelId: candidate.channelId,
        ownerUserId: candidate.ownerUserId,
        commitmentId: candidate.commitmentId,
        commitmentTitle: candidate.commitmentTitle,
        silentPeriods: streak,
      },
      candidate.ownerUserId,
    );
    if (told.retryLater) {
      repo.releaseEscalation(candidate.promptId);
      run.counters.followUpsDeferred += 1;
    } else {
      run.counters.silenceEscalations += 1;
    }
  }
}

/**
 * Open blockers at least `blockerEscalationDays × (level + 1)` days old go to the coordinators,
 * once per level: the level is raised first (to the one the age has reached, so a blocker found
 * three periods late is reported once, not three times), then the DMs go out.
 */
export async function escalateBlockers(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  for (const blocker of repo.blockersDue(now)) {
    if (!run.keepGoing()) return;
    const days = Math.max(1, blocker.escalationDays);
    const age = now - blocker.createdAt;
    const level = Math.max(blocker.level + 1, Math.floor(age / (days * DAY)));
    if (!repo.claimBlockerLevel(blocker.blockerId, blocker.level, level, now)) continue;
    const told = await tellCoordinators(run, blocker.partnershipId, {
      kind: "blocker_escalated",
      partnershipName: blocker.partnershipName,
      channelId: blocker.channelId,
      blockerId: blocker.blockerId,
      blockerText: blocker.text,
      commitmentTitle: blocker.commitmentTitle,
      ownerUserId: blocker.ownerUserId,
      ageDays: Math.floor(age / DAY),
      level,
      messageTs: blocker.messageTs,
    });
    if (told.retryLater) {
      repo.releaseBlockerLevel(blocker.blockerId, blocker.level, level, blocker.lastEscalatedAt);
      run.counters.followUpsDeferred += 1;
    } else {
      run.counters.blockerEscalations += 1;
    }
  }
}

/**
 * Refreshes the cached zone of up to ZONES_PER_TICK owners whose zone is older than a day
 * (users.info). Slack giving no zone stores null (the partnership's zone is used). Stops at the
 * first lookup Slack does not answer: it is likely down, and the tick must stay short.
 */
export async function refreshZones(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  const stale = kit.repos.prompts.staleZones(now - DAY, ZONES_PER_TICK);
  const byUser = new Map<string, typeof stale>();
  for (const row of stale) {
    const key = `${row.teamId}|${row.slackUserId}`;
    byUser.set(key, [...(byUser.get(key) ?? []), row]);
  }
  for (const rows of byUser.values()) {
    const first = rows[0];
    if (first === undefined || !run.keepGoing()) return;
    let user: Awaited<ReturnType<typeof kit.directory.user>>;
    try {
      user = await kit.directory.user(first.teamId, first.slackUserId);
    } catch (error) {
      // Slack as a whole failed: the person stays first in the queue for the next tick.
      if (isWorkspaceWide(asDeliveryError(error))) return;
      // Stop for this tick (Slack may be down), but move this person back in the queue: asked
      // again in an hour, so one member whose lookup keeps failing cannot block everyone else's.
      for (const row of rows) {
        kit.repos.members.update(row.partnershipId, row.memberId, {
          timeZoneFetchedAt: now - DAY + 60 * 60_000,
        });
      }
      run.logger.warn(`zone refresh stopped: ${(error as Error).message}`);
      return;
    }
    for (const row of rows) {
      const tz = user?.tz;
      kit.repos.members.update(
        row.partnershipId,
        row.memberId,
        user === null
          ? { timeZoneFetchedAt: now }
          : {
              timeZone: tz !== undefined && isValidTimeZone(tz) ? tz : null,
              timeZoneFetchedAt: now,
            },
      );
    }
    run.counters.zonesRefreshed += 1;
  }
}

/** A blocker is posted right after its check-in; one older than this without a post failed. */
export const BLOCKER_POST_GRACE_MS = 60_000;

/**
 * Posts open blockers whose channel message never went out (Slack failed when the check-in was
 * submitted, or the process stopped right after): nobody can offer help on a blocker nobody sees.
 */
export async function postUnpostedBlockers(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  for (const row of kit.repos.prompts.unpostedBlockers(now - BLOCKER_POST_GRACE_MS)) {
    if (!run.keepGoing()) {
      run.counters.followUpsDeferred += 1;
      continue;
    }
    const found = blockerMessage(kit, row.partnershipId, row.id);
    if (found === undefined) continue;
    const channelId = found.detail.partnershipChannelId;
    try {
      const ts = await kit.messenger.postBlocker(channelId, found.message);
      kit.repos.blockers.update(row.id, { channelId, messageTs: ts });
    } catch (error) {
      const failure = asDeliveryError(error);
      if (failure.kind !== "permanent") run.counters.followUpsDeferred += 1;
      run.logger.warn(`blocker ${row.id} still not posted: ${failure.code}`);
    }
  }
}
