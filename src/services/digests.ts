/**
 * The weekly digest: previewed by any member (`/poc digest`), posted by coordinators on demand
 * (`/poc digest post`), and posted by the tick at each partnership's weekday and local time.
 *
 * Once a slot, whoever posts it: the `digests` row of (partnership, slot date) is unique, and a
 * post first inserts it (ON CONFLICT DO NOTHING) then claims it (`pending` -> `posting`, one
 * winner). Each window starts where the last settled digest's ended (`digestWindow`), so a digest
 * day or time edited between two digests neither loses nor repeats days, and a slot whose days
 * the last digest already covered posts nothing. Only the latest slot counts: after downtime the
 * tick posts the latest missed slot once, covering the days since the last digest when that
 * ended at most a week before the slot's seven days, else those seven days only. A retryable
 * failure puts the row back to `pending` for a later tick; a permanent one marks it `failed`. A row left in `posting` by a process that died mid-post is
 * marked `failed` rather than retried: Slack may have the message, and a digest is never posted
 * twice.
 */

import {
  buildDigest,
  type Digest,
  type DigestWindow,
  digestSpecOf,
  digestWindow,
  type PreviousDigest,
  previewWindow,
  previousDigestOf,
  windowLabel,
} from "../domain/digest.js";
import { DomainError } from "../domain/errors.js";
import { type DigestSpec, digestSlot, localDate, nextDigestSlot } from "../domain/schedule.js";
import { say } from "../domain/wording.js";
import type { Logger } from "../logger.js";
import type { Caller } from "./context.js";
import { audit, type ServiceKit } from "./kit.js";
import { isUncertain } from "./outbox/common.js";
import { DeliveryError, isWorkspaceWide, type Messenger } from "./ports.js";
import { workspaceFailureText } from "./workspaceFailure.js";

/** A retryable failure waits this long before the next attempt. */
export const DIGEST_RETRY_MS = 5 * 60_000;
/** A row in `posting` older than this was left by a dead process. */
export const DIGEST_STALE_MS = 10 * 60_000;

export interface DigestsService {
  /** The next digest's week so far, for the caller's partnership (members only); posts nothing. */
  preview(caller: Caller, now: number): Digest;
  /** Posts the digest due at the last digest slot now (coordinators); it counts as that week's. */
  postNow(
    caller: Caller,
    now: number,
  ): Promise<{ ts: string; chartOmitted: boolean; window: DigestWindow }>;
  /**
   * The tick's step: posts every due digest. `deferred`: digests left due for a later tick. It
   * stops at a failure of Slack as a whole, leaving that digest and the rest due. `via`: the
   * tick's own logger and its gated messenger (which stops every send once Slack failed as a
   * whole).
   */
  postDue(
    now: number,
    via?: { readonly logger?: Logger; readonly messenger?: Messenger },
  ): Promise<{ posted: number; deferred: number }>;
}

type Outcome =
  | { readonly kind: "posted"; readonly ts: string; readonly chartOmitted: boolean }
  | { readonly kind: "taken" }
  | {
      readonly kind: "failed";
      readonly error: DeliveryError;
      /** Nothing reached Slack: the row is `pending` again for a later tick. */
      readonly leftDue: boolean;
    };

export function createDigestsService(kit: ServiceKit): DigestsService {
  const rows = () => kit.repos.digests;

  /** Where a window starts: the newest posted or failed digest (before the slot `beforeKey`). */
  const previousOf = (
    partnershipId: number,
    spec: DigestSpec,
    beforeKey?: string,
  ): PreviousDigest | null => {
    const last = rows().lastSettled(partnershipId, beforeKey);
    return last === undefined ? null : previousDigestOf(spec, last);
  };

  /**
   * The window of the digest due at the latest slot, from the digest before that slot, and
   * whether it is `covered`: its own digest is settled, or a later slot's digest (the day was
   * moved earlier in the week after it) already covered its days.
   */
  const dueWindow = (
    partnershipId: number,
    spec: DigestSpec,
    now: number,
  ): { window: DigestWindow; covered: boolean } => {
    const slot = digestSlot(spec, now);
    const newest = rows().lastSettled(partnershipId);
    const covered = newest !== undefined && newest.periodKey >= slot.periodKey;
    const previous = covered
      ? previousOf(partnershipId, spec, slot.periodKey)
      : newest && previousDigestOf(spec, newest);
    return { window: digestWindow(spec, now, previous ?? null), covered };
  };

  const compute = (partnershipId: number, window: DigestWindow, now: number): Digest =>
    buildDigest(rows().gather(partnershipId, window, now), window);

  /** Insert, claim, post, settle: the one way a digest goes out. */
  const post = async (
    partnershipId: number,
    channelId: string,
    window: DigestWindow,
    now: number,
    logger: Logger,
    messenger: Messenger = kit.messenger,
  ): Promise<Outcome> => {
    const repo = rows();
    const slot = { periodKey: window.periodKey, windowEnd: window.end, asOf: window.asOf };
    repo.insert(partnershipId, slot, now);
    const claimed = repo.claim(partnershipId, slot, now);
    if (claimed === undefined) return { kind: "taken" };
    try {
      const digest = compute(partnershipId, window, now);
      const { ts, chartOmitted } = await messenger.postDigest(channelId, digest);
      repo.markPosted(claimed.id, channelId, ts, chartOmitted, now);
      if (chartOmitted) {
        logger.warn(
          `digest ${window.periodKey} of partnership ${partnershipId}: Slack rejected the chart (invalid_blocks), posted without it`,
        );
      }
      return { kind: "posted", ts, chartOmitted };
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError("permanent", "render_failed", String(error));
      const uncertain = isUncertain(failure);
      if (uncertain) {
        // A 5xx or a timeout: Slack may have posted the digest. A second copy would flood the
        // channel, so the week's digest is not retried (at most once); the log says so.
        repo.markFailed(claimed.id, `uncertain:${failure.code}`, now);
      } else if (failure.kind === "permanent") {
        repo.markFailed(claimed.id, `permanent:${failure.code}`, now);
      } else {
        // Nothing reached Slack. A failure of Slack as a whole (a refused token, no connection)
        // leaves it due for the next tick; another waits DIGEST_RETRY_MS.
        const wide = isWorkspaceWide(failure);
        repo.markRetry(
          claimed.id,
          wide ? now : now + DIGEST_RETRY_MS,
          `retryable:${failure.code}`,
          now,
        );
      }
      // A failure of Slack as a whole is said once, by the tick; one tried again is a warning.
      if (!isWorkspaceWide(failure)) {
        const line = `digest ${window.periodKey} of partnership ${partnershipId} not posted (${failure.kind}: ${failure.code})`;
        if (failure.kind === "retryable" && !uncertain) logger.warn(line);
        else logger.error(line);
      }
      return {
        kind: "failed",
        error: failure,
        leftDue: !uncertain && failure.kind !== "permanent",
      };
    }
  };

  /**
   * The tick's memo, per partnership: this week's digest is settled (posted or failed) under this
   * schedule until the next slot, so a tick in between reads nothing and does no zone maths.
   */
  const settled = new Map<number, { key: string; until: number }>();

  return {
    preview(caller, now) {
      const scope = kit.context.require(caller, "partnership.read", now);
      const spec = digestSpecOf(scope.partnership);
      const window = previewWindow(spec, now, previousOf(scope.partnership.id, spec));
      return compute(scope.partnership.id, window, now);
    },

    async postNow(caller, now) {
      const scope = kit.context.require(caller, "digest.post", now);
      const p = scope.partnership;
      const spec = digestSpecOf(p);
      const { window, covered } = dueWindow(p.id, spec, now);
      const nextSlot = nextDigestSlot(spec, now);
      const next = `${localDate(p.timeZone, nextSlot.at)} at ${p.digestTime}`;
      if (p.createdAt >= window.end) {
        const first = digestWindow(spec, nextSlot.at);
        throw new DomainError(
          "conflict",
          `There is no digest to post yet: this partnership was set up after the ${windowLabel(window, { inSentence: true })} ended. Its first digest covers the ${windowLabel(first, { inSentence: true })} and is posted on ${next}.`,
        );
      }
      const existing = kit.repos.digests.find(p.id, window.periodKey);
      const what = `The digest of the ${windowLabel(window, { inSentence: true })}`;
      if (existing?.state === "posted" || existing?.state === "posting") {
        throw new DomainError(
          "conflict",
          `${what} was already posted; the next one comes on ${next}.`,
        );
      }
      if (existing?.state === "failed") {
        throw new DomainError(
          "conflict",
          `${what} was not posted by the scheduler: ${
            existing.error?.startsWith("uncertain:")
              ? "Slack did not confirm it, so it may be in the channel already"
              : `Slack refused it (${existing.error?.replace(/^permanent:/, "") ?? "no reason given"})`
          }. It is not posted again, so that the channel never gets it twice; the next one comes on ${next} and covers the days since.`,
        );
      }
      if (covered) {
        throw new DomainError(
          "conflict",
          `The last digest already covers these days; the next one comes on ${next} and covers the days since.`,
        );
      }
      const outcome = await post(p.id, p.channelId, window, now, kit.logger);
      if (outcome.kind === "posted") {
        audit(kit, scope, "digest.post", null, { periodKey: window.periodKey }, now);
        return { ts: outcome.ts, chartOmitted: outcome.chartOmitted, window };
      }
      if (outcome.kind === "taken") {
        throw new DomainError(
          "conflict",
          "This week's digest is already being posted or was posted. Try again in a minute if it does not appear.",
        );
      }
      const failure = outcome.error;
      throw new DomainError(
        "conflict",
        isUncertain(failure)
          ? `Slack did not confirm the digest (${failure.code}): it may be in the channel already, so it is not posted again.`
          : isWorkspaceWide(failure)
            ? say`The digest was not posted: ${workspaceFailureText(failure, "member")}. It stays due; the scheduler posts it once Slack accepts it.`
            : failure.kind === "retryable"
              ? "Slack did not take the digest just now; the scheduler will try again in a few minutes."
              : `Slack refused the digest (${failure.code}). Check that the app is in this channel.`,
      );
    },

    async postDue(now, via = {}) {
      const logger = via.logger ?? kit.logger;
      const repo = rows();
      for (const stale of repo.listStale(now - DIGEST_STALE_MS)) {
        repo.markFailed(stale.id, "uncertain:interrupted", now);
        logger.warn(
          `digest ${stale.periodKey} of partnership ${stale.partnershipId} was interrupted mid-post: not posted again`,
        );
      }
      let posted = 0;
      let deferred = 0;
      for (const s of repo.liveSchedules()) {
        try {
          const spec = digestSpecOf(s);
          const key = `${spec.weekday}|${spec.localTime}|${spec.zone}`;
          const known = settled.get(s.partnershipId);
          if (known !== undefined && known.key === key && now < known.until) continue;
          // Only the latest slot counts. Settled, or nothing to report: its digest is posted or
          // failed, a later slot's digest covered its days (the day moved from Wednesday to
          // Monday after Wednesday's digest), or the partnership was set up on the digest day
          // and has no week behind it.
          const { window, covered } = dueWindow(s.partnershipId, spec, now);
          if (covered || s.createdAt >= window.end) {
            settled.set(s.partnershipId, { key, until: nextDigestSlot(spec, now).at });
            continue;
          }
          const existing = repo.find(s.partnershipId, window.periodKey);
          if (existing !== undefined && existing.state !== "pending") continue;
          const outcome = await post(
            s.partnershipId,
            s.channelId,
            window,
            now,
            logger,
            via.messenger,
          );
          if (outcome.kind === "posted") posted++;
          if (outcome.kind === "failed") {
            if (outcome.leftDue) deferred++;
            // Slack as a whole failed: every other digest would fail the same way.
            if (isWorkspaceWide(outcome.error)) break;
          }
        } catch (error) {
          logger.error(`digest of partnership ${s.partnershipId} failed:`, error);
        }
      }
      return { posted, deferred };
    },
  };
}
