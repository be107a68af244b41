/**
 * node-cron wiring only: one job, every minute, that calls the tick service with the current time,
 * and says once when Slack as a whole stopped answering (and when it answers again).
 * `noOverlap` keeps a slow tick from starting a second one in this process (the lease row covers
 * other processes). stop() waits for a tick in flight so the database can be closed after it.
 */
import { createTask, type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.js";
import type { Clock } from "../services/ports.js";
import type { TickService, TickSummary } from "../services/tick.js";

export const EVERY_MINUTE = "* * * * *";

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the tick in flight (if any) has finished. */
  idle(): Promise<void>;
}

export function createScheduler(deps: {
  tick: TickService;
  clock: Clock;
  logger: Logger;
  expression?: string;
}): Scheduler {
  let inFlight: Promise<void> = Promise.resolve();
  /**
   * The Slack failure last logged: said once, until Slack answers again. Network failures count
   * as one (a flapping link changes its code), refusals by their code.
   */
  let reported: string | undefined;
  const report = (summary: TickSummary) => {
    const halt = summary.halted;
    if (halt !== undefined) {
      const key = halt.kind === "unavailable" ? "unavailable" : halt.code;
      if (reported !== key) {
        deps.logger.error(
          `Slack calls stopped: ${halt.message}. Every prompt and digest not sent stays due; each tick tries again.`,
        );
      }
      reported = key;
    } else if (reported !== undefined && (summary.slackAnswered ?? 0) > 0) {
      deps.logger.info(`Slack answers again (after ${reported}): sending resumed`);
      reported = undefined;
    }
  };
  const task: ScheduledTask = createTask(
    deps.expression ?? EVERY_MINUTE,
    () => {
      const run = deps.tick.run(deps.clock()).then(
        (summary) => {
          if (summary.ran) deps.logger.debug("tick", summary);
          report(summary);
        },
        (error: unknown) => {
          // A failing tick must never take the process down; the next minute tries again.
          deps.logger.error("tick failed:", error);
        },
      );
      inFlight = run;
      return run;
    },
    { name: "poc-tick", noOverlap: true },
  );
  return {
    start() {
      void task.start();
    },
    async stop() {
      await task.stop();
      await task.destroy();
      await inFlight;
    },
    idle: () => inFlight,
  };
}
