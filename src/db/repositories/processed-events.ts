import { lt, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { processedEvents } from "../schema.js";

export interface ProcessedEventsRepository {
  /** Records a Slack event id: true the first time, false when it was already processed. */
  markProcessed(eventId: string, teamId: string, at: number): boolean;
  /** Forgets events received before `at` (Slack retries within minutes); returns how many. */
  deleteReceivedBefore(at: number): number;
}

export function createProcessedEventsRepository(db: Db): ProcessedEventsRepository {
  const insert = db
    .insert(processedEvents)
    .values({
      eventId: sql.placeholder("eventId"),
      teamId: sql.placeholder("teamId"),
      receivedAt: sql.placeholder("at"),
    })
    .onConflictDoNothing()
    .prepare();

  const prune = db
    .delete(processedEvents)
    .where(lt(processedEvents.receivedAt, sql.placeholder("at")))
    .prepare();

  return {
    markProcessed(eventId, teamId, at) {
      return insert.run({ eventId, teamId, at }).changes === 1;
    },
    deleteReceivedBefore(at) {
      return prune.run({ at }).changes;
    },
  };
}
