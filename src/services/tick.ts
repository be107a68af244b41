/**
 * The tick: all time-driven work in one idempotent call (docs/outbox.md). node-cron calls it
 * every minute; `poc tick --now <ISO>` calls it once. In order: reconcile prompts a dead process
 * left in flight, plan, send, remind, escalate silence, escalate blockers, post the weekly digests, refresh time zones.
 * Each step is its own try: one failing step is logged and the others still run.
 *
 * Slack as a whole failing (a refused token, a missing scope, no connection: `isWorkspaceWide`)
 * closes the run's gate to Slack (./outbox/gate.ts): the steps stop calling Slack, everything
 * not sent stays due, and the summary's `halted` says why. `exitCodeOf` turns a summary into
 * `poc tick`'s exit code.
 *
 * One ticker per database: the `tick` lease row (5 minutes, renewed every 30 seconds while a
 * long tick runs). A second process finding it held skips the minute (`ran: false`); so does a
 * second call in this process while one is running.
 */
import { performance } from "node:perf_hooks";
import type { Logger } from "../logger.js";
import type { DigestsService } from "./digests.js";
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
import { createSlackGate } from "./outbox/gate.js";
import { plan } from "./outbox/planner.js";
import type { DeliveryError, DeliveryKind } from "./ports.js";
import { workspaceFailureText } from "./workspaceFailure.js";

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
  /**
   * Prompts due and still not sent when the tick ended: retrying after a failure, or left due
   * because Slack as a whole failed (see `halted`). 0 after a tick that did all its work.
   */
  readonly promptsLeftDue?: number;
  /** Digests left due for a later tick (Slack failed; nothing was posted). */
  readonly digestsDeferred?: number;
  /** Reminders, escalations and blocker posts left for a later tick. */
  readonly followUpsDeferred?: number;
  /**
   * Set when Slack as a whole failed and the tick stopped calling it: `unauthorized` (the token,
   * a scope: an operator must act) or `unavailable` (no connection, rate limits: check the
   * network, or wait).
   */
  readonly halted?: {
    readonly kind: Extract<DeliveryKind, "unauthorized" | "unavailable">;
    readonly code: string;
    readonly needed?: string;
    /** What is wrong and how to fix it, for the operator, in one sentence. */
    readonly message: string;
  };
  /** Calls Slack answered in this tick (a resumed link shows here). */
  readonly slackAnswered?: number;
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

/**
 * `poc tick`'s exit code for a summary: 3 another process holds the tick lease (nothing ran, or
 * this run lost it midway to that process); 1 Slack failed as a whole (a refused token, a
 * missing scope, no connection, rate limits that outlasted their waits: `halted`); 4 some work
 * was left for a retry (a 5xx on some items); 0 all due work done.
 */
export function exitCodeOf(summary: TickSummary): 0 | 1 | 3 | 4 {
  if (!summary.ran || summary.stopped !== undefined) return 3;
  if (summary.halted !== undefined) return 1;
  const left =
    (summary.promptsLeftDue ?? 0) +
    (summary.digestsDeferred ?? 0) +
    (summary.followUpsDeferred ?? 0);
  return left > 0 ? 4 : 0;
}

function summarize(
  now: number,
  c: OutboxCounters,
  digests: { posted: number; deferred: number },
  tookMs: number,
  stepsMs: Record<string, number>,
  lost: boolean,
  gate: { closedBy: DeliveryError | undefined; answered: number },
  leftDue: number,
): TickSummary {
  const halt = gate.closedBy;
  return {
    now,
    ran: true,
    promptsPlanned: c.planned,
    promptsSent: c.sent,
    digestsPosted: digests.posted,
    promptsSkipped: c.skipped,
    promptsRetrying: c.retrying,
    promptsFellBack: c.fellBack,
    promptsFailed: c.failed,
    promptsReconciled: c.reconciled,
    promptsLeftDue: leftDue,
    digestsDeferred: digests.deferred,
    followUpsDeferred: c.followUpsDeferred,
    remindersSent: c.reminded,
    silenceEscalations: c.silenceEscalations,
    blockerEscalations: c.blockerEscalations,
    zonesRefreshed: c.zonesRefreshed,
    tookMs: Math.round(tookMs),
    stepsMs,
    slackAnswered: gate.answered,
    ...(halt !== undefined && (halt.kind === "unauthorized" || halt.kind === "unavailable")
      ? {
          halted: {
            kind: halt.kind,
            code: halt.code,
            ...(halt.needed !== undefined ? { needed: halt.needed } : {}),
            message: workspaceFailureText(halt, "operator"),
          },
        }
      : {}),
    ...(lost ? { stopped: "lease lost" } : {}),
  };
}

export function createTickService(
  kit: ServiceKit,
  options: { holder: string; logger: Logger; digests: DigestsService },
): TickService {
  const { holder, logger, digests } = options;
  const leases = kit.repos.leases;
  // The steps reach Slack only through the gate.
  const gate = createSlackGate(kit.messenger, kit.directory);
  const tickKit: ServiceKit = { ...kit, messenger: gate.messenger, directory: gate.directory };
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
      gate.open();
      const run: OutboxRun = {
        kit: tickKit,
        logger,
        now,
        counters,
        keepGoing: () => !lost && gate.closedBy === undefined,
      };
      const stepsMs: Record<string, number> = {};
      /** `slack`: the step calls Slack, so a closed gate skips it (its work stays due). */
      const step = async (name: string, work: () => void | Promise<void>, slack = true) => {
        if (lost || (slack && gate.closedBy !== undefined)) return;
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
        await step("plan", () => plan(run), false);
        await step("send", () => send(run));
        await step("remind", () => remind(run));
        await step("silence", () => escalateSilence(run));
        await step("unposted blockers", () => postUnpostedBlockers(run));
        await step("blockers", () => escalateBlockers(run));
        let digested = { posted: 0, deferred: 0 };
        await step("digests", async () => {
          digested = await digests.postDue(now, { logger, messenger: gate.messenger });
        });
        await step("zones", () => refreshZones(run));
        return summarize(
          now,
          counters,
          digested,
          performance.now() - started,
          stepsMs,
          lost,
          gate,
          kit.repos.prompts.countUnsentDue(now),
        );
      } finally {
        clearInterval(timer);
        if (!lost) leases.release(TICK_LEASE, holder);
        running = false;
      }
    },
  };
}
