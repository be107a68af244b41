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

/**
 * The shortest time between two publishes of one person's Home. A busy partnership changes a
 * coordinator's Home with every check-in, and each rebuild reads the partnership's health: within
 * this interval the changes fold into one publish, made when it ends, with the data as it is then.
 */
export const HOME_MIN_INTERVAL_MS = 2_000;

export interface HomePublisherOptions {
  /** Default HOME_MIN_INTERVAL_MS; tests and the demo pass 0 to see each change at once. */
  readonly minIntervalMs?: number;
}

export interface HomePublisher {
  /**
   * Resolves once every publish the changes so far asked for is made (none queued, waiting for its
   * interval or in flight): checked each turn of the event loop while Homes are being built or
   * published, every 10 ms while one only waits for its interval. At once after `stop`, which
   * drops what is queued. The demo waits for it after each step, so each Home is logged with the
   * step that changed it.
   */
  idle(): Promise<void>;
  /** Unsubscribes from the change feed and drops what is queued. */
  stop(): void;
}

/** Subscribes to the change feed. */
export function startHomePublisher(
  client: WebClient,
  services: Services,
  logger: Logger,
  options: HomePublisherOptions = {},
): HomePublisher {
  const minIntervalMs = options.minIntervalMs ?? HOME_MIN_INTERVAL_MS;
  /** When each person's last publish started (monotonic ms), while it is within the interval. */
  const lastStarted = new Map<string, number>();
  /** People whose next publish waits for the interval to end (a timer each). */
  const deferred = new Map<string, NodeJS.Timeout>();
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

  /** Queues a publish now, or when the person's interval ends; never twice. */
  const request = (teamId: string, userId: string, key: string) => {
    if (stopped || queued.has(key) || deferred.has(key)) return;
    const since = performance.now() - (lastStarted.get(key) ?? Number.NEGATIVE_INFINITY);
    if (since >= minIntervalMs) {
      enqueue(teamId, userId, key);
      start();
      return;
    }
    const timer = setTimeout(() => {
      deferred.delete(key);
      if (stopped) return;
      if (inFlight.has(key)) {
        const running = inFlight.get(key);
        if (running) running.stale = true;
        return;
      }
      if (!queued.has(key)) enqueue(teamId, userId, key);
      start();
    }, minIntervalMs - since);
    timer.unref();
    deferred.set(key, timer);
  };

  const publishOne = async (key: string, teamId: string, userId: string): Promise<void> => {
    const entry = { stale: false };
    inFlight.set(key, entry);
    if (minIntervalMs > 0) {
      const now = performance.now();
      lastStarted.set(key, now);
      // Forget people whose interval is over, so the map stays as small as the recent ones.
      if (lastStarted.size > 1_000) {
        for (const [k, at] of lastStarted) if (now - at >= minIntervalMs) lastStarted.delete(k);
      }
    }
    try {
      await publishHome(client, services, teamId, userId);
    } catch (error) {
      logger.warn(`App Home of ${userId} not published:`, error);
    } finally {
      inFlight.delete(key);
      // Changed while in flight: publish once more, with the data as it is then.
      if (entry.stale && !stopped) request(teamId, userId, key);
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
      request(change.teamId, userId, key);
    }
  });

  const working = () => workers > 0 || queue.length > 0 || inFlight.size > 0;
  const waitingOnly = () => !working() && deferred.size > 0;

  return {
    async idle() {
      while (!stopped && (working() || deferred.size > 0)) {
        if (waitingOnly()) await new Promise((resolve) => setTimeout(resolve, 10));
        else await nextTurn();
      }
    },
    stop() {
      stopped = true;
      queue.length = 0;
      queued.clear();
      for (const timer of deferred.values()) clearTimeout(timer);
      deferred.clear();
      unsubscribe();
    },
  };
}
