/**
 * Keeps App Home tabs current: subscribes to the services' change feed and republishes the Home
 * of every user a change affects.
 *
 * A change names users; each is published once per change (duplicates dropped). Publishing is
 * asynchronous and the feed is synchronous, so a burst of changes (an import, a settings save
 * right after a commitment) could queue many publishes of the same Home: while one is waiting or
 * in flight for a user, further changes only mark it stale, and one more publish follows with the
 * data as it is then. Failures are logged, never thrown: a Home that failed to publish is
 * rebuilt on the next change or when the user opens it.
 *
 * Homes are built one at a time, one per turn of the event loop, from a queue: building one reads
 * the database synchronously (a coordinator's reads the whole partnership's health), and one
 * check-in names every member of its partnership, so building them all at once would hold up every
 * request waiting behind them, acks included (Slack gives an ack 3 seconds). Between two builds,
 * waiting requests are served; a few publishes stay in flight while the next Home is built.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.js";
import type { Services } from "../services/index.js";
import { homeView } from "./views/home.js";

/** Builds and publishes one user's Home at the services' current time. */
export async function publishHome(
  client: WebClient,
  services: Services,
  teamId: string,
  userId: string,
): Promise<void> {
  const data = services.home.forUser(teamId, userId, services.clock());
  await client.views.publish({ user_id: userId, view: homeView(data) });
}

/** How many views.publish calls may be in flight while the next Home is built. */
export const HOME_PUBLISHES_IN_FLIGHT = 4;

/** Subscribes to the change feed; returns the unsubscribe function. */
export function startHomePublisher(
  client: WebClient,
  services: Services,
  logger: Logger,
): () => void {
  /** Users waiting for a publish, in order; a user is queued at most once. */
  const queue: { key: string; teamId: string; userId: string }[] = [];
  const queued = new Set<string>();
  /** Per team and user with a publish in flight: whether another must follow it. */
  const inFlight = new Map<string, { stale: boolean }>();
  let workers = 0;
  let stopped = false;

  /** Out of the emitter's call stack and after the I/O already waiting (requests, answers). */
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  const enqueue = (teamId: string, userId: string, key: string) => {
    queued.add(key);
    queue.push({ key, teamId, userId });
  };

  const publishOne = async (key: string, teamId: string, userId: string): Promise<void> => {
    const entry = { stale: false };
    inFlight.set(key, entry);
    try {
      await publishHome(client, services, teamId, userId);
    } catch (error) {
      logger.warn(`App Home of ${userId} not published:`, error);
    } finally {
      inFlight.delete(key);
      // Changed while in flight: publish once more, with the data as it is now.
      if (entry.stale && !stopped && !queued.has(key)) enqueue(teamId, userId, key);
    }
  };

  /** Builds one Home per turn of the event loop; leaves its publish in flight and goes on. */
  const work = async (): Promise<void> => {
    const pending = new Set<Promise<void>>();
    try {
      for (;;) {
        await nextTurn();
        if (stopped) return;
        const next = queue.shift();
        if (next === undefined) {
          if (pending.size === 0) return;
          await Promise.race(pending);
          continue;
        }
        queued.delete(next.key);
        if (inFlight.has(next.key)) {
          const running = inFlight.get(next.key);
          if (running) running.stale = true;
          continue;
        }
        const publish = publishOne(next.key, next.teamId, next.userId);
        pending.add(publish);
        void publish.finally(() => pending.delete(publish));
        if (pending.size >= HOME_PUBLISHES_IN_FLIGHT) await Promise.race(pending);
      }
    } finally {
      await Promise.allSettled(pending);
      workers -= 1;
      if (queue.length > 0 && !stopped) start();
    }
  };

  const start = () => {
    if (workers > 0) return;
    workers += 1;
    work().catch((error: unknown) => logger.warn("App Home publishing stopped:", error));
  };

  const unsubscribe = services.changes.subscribe((change) => {
    for (const userId of new Set(change.userIds)) {
      const key = `${change.teamId}:${userId}`;
      const running = inFlight.get(key);
      if (running) {
        running.stale = true;
        continue;
      }
      if (!queued.has(key)) enqueue(change.teamId, userId, key);
    }
    if (queue.length > 0) start();
  });

  return () => {
    stopped = true;
    queue.length = 0;
    queued.clear();
    unsubscribe();
  };
}
