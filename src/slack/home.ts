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

/** Subscribes to the change feed; returns the unsubscribe function. */
export function startHomePublisher(
  client: WebClient,
  services: Services,
  logger: Logger,
): () => void {
  /** Per team and user: whether another publish must follow the one in flight. */
  const inFlight = new Map<string, { stale: boolean }>();
  let stopped = false;

  const run = async (teamId: string, userId: string, key: string): Promise<void> => {
    const entry = inFlight.get(key) ?? { stale: false };
    inFlight.set(key, entry);
    try {
      do {
        entry.stale = false;
        // Out of the emitter's call stack: a service announces inside a request (and maybe a
        // transaction); the Home is read after that work is done and committed.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) return;
        try {
          await publishHome(client, services, teamId, userId);
        } catch (error) {
          logger.warn(`App Home of ${userId} not published:`, error);
        }
      } while (entry.stale && !stopped);
    } finally {
      inFlight.delete(key);
    }
  };

  const unsubscribe = services.changes.subscribe((change) => {
    for (const userId of new Set(change.userIds)) {
      const key = `${change.teamId}:${userId}`;
      const running = inFlight.get(key);
      if (running) {
        running.stale = true;
        continue;
      }
      run(change.teamId, userId, key).catch((error: unknown) =>
        logger.warn(`App Home of ${userId} not published:`, error),
      );
    }
  });

  return () => {
    stopped = true;
    unsubscribe();
  };
}
