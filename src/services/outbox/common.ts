/**
 * What the outbox steps share: the run's context and counters, zones and away dates, the retry
 * backoff, failure classification, bounded concurrency, and notices to coordinators.
 */
import { isValidTimeZone, localDate } from "../../domain/schedule.js";
import type { Logger } from "../../logger.js";
import { coordinatorsOf, type ServiceKit } from "../kit.js";
import { DeliveryError, isWorkspaceWide, type Notice } from "../ports.js";

/** Counters of one tick, reported in its summary. */
export interface OutboxCounters {
  planned: number;
  sent: number;
  skipped: number;
  retrying: number;
  fellBack: number;
  failed: number;
  reconciled: number;
  reminded: number;
  /** Reminders, escalations and blocker posts put back for a later tick. */
  followUpsDeferred: number;
  silenceEscalations: number;
  blockerEscalations: number;
  zonesRefreshed: number;
}

export function emptyCounters(): OutboxCounters {
  return {
    planned: 0,
    sent: 0,
    skipped: 0,
    retrying: 0,
    fellBack: 0,
    failed: 0,
    reconciled: 0,
    reminded: 0,
    followUpsDeferred: 0,
    silenceEscalations: 0,
    blockerEscalations: 0,
    zonesRefreshed: 0,
  };
}

/** One tick's view of the world: the kit, the instant it runs at, and where it counts. */
export interface OutboxRun {
  readonly kit: ServiceKit;
  readonly logger: Logger;
  readonly now: number;
  readonly counters: OutboxCounters;
  /**
   * False once the tick lease was lost or a workspace-wide failure closed the gate to Slack
   * (./gate.ts): claim nothing more, call Slack no more, leave the rest due.
   */
  readonly keepGoing: () => boolean;
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** Prompts in flight at once: enough to keep the Web API client's queue busy. */
export const SEND_CONCURRENCY = 8;

/** Retry delays after a retryable failure, by attempt: 1, 2, 5, 10, then every 30 minutes. */
export const BACKOFF_MINUTES = [1, 2, 5, 10, 30] as const;

export function backoff(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1;
  return (BACKOFF_MINUTES[index] ?? 30) * MINUTE;
}

/** The owner's zone when Slack gave a valid one, else the partnership's. */
export function zoneOf(ownerZone: string | null, partnershipZone: string): string {
  return ownerZone !== null && isValidTimeZone(ownerZone) ? ownerZone : partnershipZone;
}

/** True when an owner away until `awayUntil` (inclusive) is away on the local date of `at`. */
export function isAway(awayUntil: string | null, at: number, zone: string): boolean {
  return awayUntil !== null && awayUntil >= localDate(zone, at);
}

/**
 * Any failure as a DeliveryError; anything that is not one (a bug, a database error) counts as
 * retryable, so it is tried again later instead of being lost. (Rate limits arrive already named
 * `ratelimited`, after the messenger has retried them as often as Slack allowed.)
 */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // A DomainError an adapter raised for a failed Slack call carries it as its cause.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof DeliveryError) return cause;
  return new DeliveryError("retryable", "internal", (error as Error)?.message ?? String(error));
}

/** Failures that mean the request never reached Slack: nothing can have been posted. */
const NOT_SENT = new Set([
  "ratelimited",
  "offline",
  "not_implemented",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/**
 * True when a failed post may still have reached Slack (a 5xx, a timeout, a dropped connection):
 * the next attempt reads the history first. A platform answer (`ok: false` with an error code),
 * a 429 and "no connection" mean Slack did not post it.
 */
export function isUncertain(error: DeliveryError): boolean {
  // "internal" (our own failure, e.g. the database after a successful post) is uncertain too: the
  // next attempt reads the history before posting again.
  if (NOT_SENT.has(error.code)) return false;
  if (error.code.startsWith("http_")) return true;
  return !/^[a-z_]+$/.test(error.code);
}

/**
 * Runs `work` over the items with at most `limit` in flight; never rejects, and returns only
 * when no work is in flight. If `next` throws (say, the database is locked), nothing more is
 * handed out: the items already started finish first.
 */
export async function inPool<T>(
  next: () => T | undefined,
  limit: number,
  work: (item: T) => Promise<void>,
  logger: Logger,
): Promise<void> {
  let stopped = false;
  const take = (): T | undefined => {
    if (stopped) return undefined;
    try {
      return next();
    } catch (error) {
      stopped = true;
      logger.error("outbox step stopped handing out work:", error);
      return undefined;
    }
  };
  const worker = async () => {
    for (let item = take(); item !== undefined; item = take()) {
      try {
        await work(item);
      } catch (error) {
        logger.error("outbox step failed for one item:", error);
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Hands out the items of an array one by one (for inPool). */
export function each<T>(items: readonly T[]): () => T | undefined {
  let i = 0;
  return () => items[i++];
}

export interface Told {
  readonly recipients: number;
  readonly told: number;
  /**
   * True when nobody was told and every failure was retryable, or Slack as a whole failed:
   * worth trying again later.
   */
  readonly retryLater: boolean;
}

/** DMs a notice to every active coordinator of the partnership (but `exceptUserId`). */
export async function tellCoordinators(
  run: OutboxRun,
  partnershipId: number,
  notice: Notice,
  exceptUserId?: string,
): Promise<Told> {
  const recipients = coordinatorsOf(run.kit, partnershipId).filter(
    (m) => m.slackUserId !== exceptUserId,
  );
  let told = 0;
  let permanent = false;
  let stopped = false;
  for (const coordinator of recipients) {
    try {
      await run.kit.messenger.notify(coordinator.slackUserId, notice);
      told += 1;
    } catch (error) {
      const failure = asDeliveryError(error);
      if (isWorkspaceWide(failure)) {
        stopped = true;
        break;
      }
      if (failure.kind === "permanent") permanent = true;
      run.logger.warn(
        `could not tell coordinator ${coordinator.slackUserId} (${notice.kind}): ${failure.code}`,
      );
    }
  }
  return {
    recipients: recipients.length,
    told,
    retryLater: recipients.length > 0 && told === 0 && (stopped || !permanent),
  };
}
