/**
 * The tick: all time-driven work in one idempotent call (docs/outbox.md). node-cron calls it
 * every minute; `poc tick --now <ISO>` calls it once. In order: reconcile prompts a dead process
 * left in flight, plan, send, remind, escalate silence, escalate blockers, post the weekly digests, refresh time zones.
 * Each step is its own try: one failing step is logged and the others still run.
 *
 * One ticker per database: the `tick` lease row (5 minutes, renewed every 30 seconds while a
 * long tick runs). A second process finding it held skips the minute (`ran: false`); so does a
 * second call in this process while one is running.
 */
import { performance } from "node:perf_hooks";
import type { Logger } from "../logger.js";
import { createDigestsService } from "./digests.js";
import type { ServiceKit } from "./kit.js";
import { emptyCounters, type OutboxCounters, type OutboxRun } from "./outbox/common.js";
import { reconcile, send } from "./outbox/dispatcher.js";
import {
  escalateBlockers,
  escalateSilence,
  postUnpostedBlockers,
  refreshZones,
  remind,
} from "./outbox/followups.js";
import { plan } from "./outbox/planner.js";

export const TICK_LEASE = "tick";
/** Long enough for a slow tick, short enough that a crashed holder blocks at most this long. */
export const TICK_LEASE_MS = 5 * 60_000;
/** How often a running tick renews its lease (real time). */
export const LEASE_RENEW_MS = 30_000;

export interface TickSummary {
  readonly now: number;
  /** False when another process (or another call in this one) holds the tick. */
  readonly ran: boolean;
  /** New prompt rows (pending, or skipped at once because the owner is away). */
  readonly promptsPlanned: number;
  /** Prompts posted in the owner's DM (reconciled ones included). */
  readonly promptsSent: number;
  readonly digestsPosted: number;
  /** Not sent: owner away or removed, commitment closed, period over, workspace gone. */
  readonly promptsSkipped?: number;
  /** Back to pending after a retryable failure, with a next attempt time. */
  readonly promptsRetrying?: number;
  /** Posted in the partnership channel as a mention (the DM was impossible). */
  readonly promptsFellBack?: number;
  /** Neither the DM nor the channel worked. */
  readonly promptsFailed?: number;
  /** Found in `sending` at the start (a process died mid-send) and settled. */
  readonly promptsReconciled?: number;
  readonly remindersSent?: number;
  readonly silenceEscalations?: number;
  readonly blockerEscalations?: number;
  readonly zonesRefreshed?: number;
  /** Wall time the tick took, in milliseconds. */
  readonly tookMs?: number;
  /** Wall time of each step (reconcile, plan, send, ...), in milliseconds. */
  readonly stepsMs?: Readonly<Record<string, number>>;
  /** Set when the tick stopped early (the lease was lost). */
  readonly stopped?: string;
}

export interface TickService {
  run(now: number): Promise<TickSummary>;
}

function skipped(now: number): TickSummary {
  return { now, ran: false, promptsPlanned: 0, promptsSent: 0, digestsPosted: 0 };
}

function summarize(
  now: number,
  c: OutboxCounters,
  digestsPosted: number,
  tookMs: number,
  stepsMs: Record<string, number>,
  lost: boolean,
): TickSummary {
  return {
    now,
    ran: true,
    promptsPlanned: c.planned,
    promptsSent: c.sent,
    digestsPosted,
    promptsSkipped: c.skipped,
    promptsRetrying: c.retrying,
    promptsFellBack: c.fellBack,
    promptsFailed: c.failed,
    promptsReconciled: c.reconciled,
    remindersSent: c.reminded,
    silenceEscalations: c.silenceEscalations,
    blockerEscalations: c.blockerEscalations,
    zonesRefreshed: c.zonesRefreshed,
    tookMs: Math.round(tookMs),
    stepsMs,
    ...(lost ? { stopped: "lease lost" } : {}),
  };
}

export function createTickService(
  kit: ServiceKit,
  options: { holder: string; logger: Logger },
): TickService {
  const { holder, logger } = options;
  const leases = kit.repos.leases;
  const digests = createDigestsService(kit);
  let running = false;

  return {
    async run(now) {
      if (running || !leases.tryAcquire(TICK_LEASE, holder, now, TICK_LEASE_MS)) {
        logger.info("tick skipped: another tick holds the tick lease");
        return skipped(now);
      }
      running = true;
      const started = performance.now();
      let lost = false;
      // The lease's clock is the tick's `now` moved on by the real time spent since.
      const renew = () => {
        if (lost) return;
        const at = now + (performance.now() - started);
        if (!leases.tryAcquire(TICK_LEASE, holder, at, TICK_LEASE_MS)) {
          lost = true;
          logger.error("tick lease lost to another process: stopping this tick");
        }
      };
      const timer = setInterval(renew, LEASE_RENEW_MS);
      timer.unref();
      const counters = emptyCounters();
      const run: OutboxRun = {
        kit,
        logger,
        now,
        counters,
        keepGoing: () => !lost,
      };
      const stepsMs: Record<string, number> = {};
      const step = async (name: string, work: () => void | Promise<void>) => {
        if (lost) return;
        const stepStarted = performance.now();
        try {
          await work();
        } catch (error) {
          logger.error(`tick step ${name} failed:`, error);
        } finally {
          stepsMs[name] = Math.round((performance.now() - stepStarted) * 1000) / 1000;
        }
      };
      try {
        await step("reconcile", () => reconcile(run));
        await step("plan", () => plan(run));
        await step("send", () => send(run));
        await step("remind", () => remind(run));
        await step("silence", () => escalateSilence(run));
        await step("unposted blockers", () => postUnpostedBlockers(run));
        await step("blockers", () => escalateBlockers(run));
        let digestsPosted = 0;
        await step("digests", async () => {
          digestsPosted = await digests.postDue(now, logger);
        });
        await step("zones", () => refreshZones(run));
        return summarize(now, counters, digestsPosted, performance.now() - started, stepsMs, lost);
      } finally {
        clearInterval(timer);
        if (!lost) leases.release(TICK_LEASE, holder);
        running = false;
      }
    },
  };
}
