/**
 * The weekly digest: previewed by any member (`/poc digest`), posted by coordinators on demand
 * (`/poc digest post`), and posted by the tick at each partnership's weekday and local time.
 *
 * Once a slot, whoever posts it: the `digests` row of (partnership, slot date) is unique, and a
 * post first inserts it (ON CONFLICT DO NOTHING) then claims it (`pending` -> `posting`, one
 * winner). Each window starts where the last settled digest's ended (`digestWindow`), so a digest
 * day or time edited between two digests neither loses nor repeats days, and a slot whose days
 * the last digest already covered posts nothing. Only the latest slot counts: after downtime the
 * tick posts the latest missed slot once and never the older ones. A retryable failure puts the row back to `pending` for a later tick;
 * a permanent one marks it `failed`. A row left in `posting` by a process that died mid-post is
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
import { type DigestSpec, digestSlot, localDateIn, nextDigestSlot } from "../domain/schedule.js";
import type { Logger } from "../logger.js";
import type { Caller } from "./context.js";
import { audit, type ServiceKit } from "./kit.js";
import { isUncertain } from "./outbox/common.js";
import { DeliveryError } from "./ports.js";

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
  /** The tick's step: posts every due digest. Returns how many were posted. */
  postDue(now: number, logger?: Logger): Promise<number>;
}

const settledState = (row: { readonly state: string } | undefined): boolean =>
  row?.state === "posted" || row?.state === "failed";

type Outcome =
  | { readonly kind: "posted"; readonly ts: string; readonly chartOmitted: boolean }
  | { readonly kind: "taken" }
  | { readonly kind: "failed"; readonly error: DeliveryError };

export function createDigestsService(kit: ServiceKit): DigestsService {
  const rows = () => kit.repos.digests;

  /** Where the next window starts: the newest posted or failed digest of the partnership. */
  const previousOf = (partnershipId: number, spec: DigestSpec): PreviousDigest | null => {
    const last = rows().lastSettled(partnershipId);
    return last === undefined ? null : previousDigestOf(spec, last);
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
  ): Promise<Outcome> => {
    const repo = rows();
    repo.insert(
      partnershipId,
      { periodKey: window.periodKey, windowEnd: window.end, asOf: window.asOf },
      now,
    );
    const claimed = repo.claim(partnershipId, window.periodKey, now);
    if (claimed === undefined) return { kind: "taken" };
    try {
      const digest = compute(partnershipId, window, now);
      const { ts, chartOmitted } = await kit.messenger.postDigest(channelId, digest);
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
      if (failure.kind === "retryable" && isUncertain(failure)) {
        // A 5xx or a timeout: Slack may have posted the digest. A second copy would flood the
        // channel, so the week's digest is not retried (at most once); the log says so.
        repo.markFailed(claimed.id, `uncertain:${failure.code}`, now);
      } else if (failure.kind === "retryable") {
        repo.markRetry(claimed.id, now + DIGEST_RETRY_MS, `retryable:${failure.code}`, now);
      } else {
        repo.markFailed(claimed.id, `permanent:${failure.code}`, now);
      }
      logger.error(
        `digest ${window.periodKey} of partnership ${partnershipId} not posted (${failure.kind}: ${failure.code})`,
      );
      return { kind: "failed", error: failure };
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
      const window = digestWindow(spec, now, previousOf(p.id, spec));
      if (p.createdAt >= window.end) {
        const firstSlot = nextDigestSlot(spec, now);
        const first = digestWindow(spec, firstSlot.at);
        throw new DomainError(
          "conflict",
          `There is no digest to post yet: this partnership was set up after the ${windowLabel(window, { inSentence: true })} ended. Its first digest covers the ${windowLabel(first, { inSentence: true })} and is posted on ${localDateIn(p.timeZone, firstSlot.at)} at ${p.digestTime}.`,
        );
      }
      const existing = kit.repos.digests.find(p.id, window.periodKey);
      if (existing?.state === "posted" || existing?.state === "posting") {
        throw new DomainError(
          "conflict",
          `The digest of the ${windowLabel(window, { inSentence: true })} was already posted; the next one comes at the next digest time.`,
        );
      }
      if (window.start >= window.end) {
        throw new DomainError(
          "conflict",
          `The last digest already covers these days; the next one comes on ${localDateIn(p.timeZone, nextDigestSlot(spec, now).at)} at ${p.digestTime} and covers the days since.`,
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
      throw new DomainError(
        "conflict",
        outcome.error.kind === "retryable"
          ? "Slack did not take the digest just now; the scheduler will try again in a few minutes."
          : `Slack refused the digest (${outcome.error.code}). Check that the app is in this channel.`,
      );
    },

    async postDue(now, logger = kit.logger) {
      const repo = rows();
      for (const stale of repo.listStale(now - DIGEST_STALE_MS)) {
        repo.markFailed(stale.id, "uncertain:interrupted", now);
        logger.warn(
          `digest ${stale.periodKey} of partnership ${stale.partnershipId} was interrupted mid-post: not posted again`,
        );
      }
      let posted = 0;
      for (const s of repo.liveSchedules()) {
        try {
          const spec = digestSpecOf(s);
          const key = `${spec.weekday}|${spec.localTime}|${spec.zone}`;
          const known = settled.get(s.partnershipId);
          if (known !== undefined && known.key === key && now < known.until) continue;
          // Only the latest slot counts.
          const slot = digestSlot(spec, now);
          const existing = repo.find(s.partnershipId, slot.periodKey);
          // Settled for this slot, or nothing to report: a partnership set up on the digest day
          // has no week behind it, and a slot whose days the last digest covered (the digest day
          // moved from Wednesday to Monday after Wednesday's digest) has none either.
          const window = settledState(existing)
            ? null
            : digestWindow(spec, now, previousOf(s.partnershipId, spec));
          if (window === null || s.createdAt >= window.end || window.start >= window.end) {
            settled.set(s.partnershipId, { key, until: nextDigestSlot(spec, now).at });
            continue;
          }
          if (existing !== undefined && existing.state !== "pending") continue;
          const outcome = await post(s.partnershipId, s.channelId, window, now, logger);
          if (outcome.kind === "posted") posted++;
        } catch (error) {
          logger.error(`digest of partnership ${s.partnershipId} failed:`, error);
        }
      }
      return posted;
    },
  };
}
