/**
 * The tick: all time-driven work in one idempotent call (see docs/architecture.md). node-cron
 * calls it every minute; `poc tick --now <ISO>` calls it once. A lease row keeps two processes
 * from ticking the same database at once.
 */
import type { Database } from "../db/index.js";
import { createLeasesRepository } from "../db/repositories/leases.js";
import type { Logger } from "../logger.js";

export const TICK_LEASE = "tick";
/** Long enough for a slow tick, short enough that a crashed holder blocks at most this long. */
export const TICK_LEASE_MS = 5 * 60_000;

export interface TickSummary {
  readonly now: number;
  /** False when another process holds the tick lease. */
  readonly ran: boolean;
  readonly promptsPlanned: number;
  readonly promptsSent: number;
  readonly digestsPosted: number;
}

export interface TickService {
  run(now: number): Promise<TickSummary>;
}

export function createTickService(deps: {
  database: Database;
  logger: Logger;
  holder: string;
}): TickService {
  const leases = createLeasesRepository(deps.database.db);
  return {
    async run(now) {
      if (!leases.tryAcquire(TICK_LEASE, deps.holder, now, TICK_LEASE_MS)) {
        deps.logger.info("tick skipped: another process holds the tick lease");
        return { now, ran: false, promptsPlanned: 0, promptsSent: 0, digestsPosted: 0 };
      }
      try {
        // Planning, sending, reminders and digests arrive with the check-ins and digest issues.
        return { now, ran: true, promptsPlanned: 0, promptsSent: 0, digestsPosted: 0 };
      } finally {
        leases.release(TICK_LEASE, deps.holder);
      }
    },
  };
}
