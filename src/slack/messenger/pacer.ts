/**
 * Keeps chat.postMessage inside Slack's workspace-wide posting cap once Slack has shown where it
 * is. Slack publishes no number for that cap ("a workspace-wide limit" next to about 1 a second per
 * channel), and its 429 carries a Retry-After in whole seconds, counted from the refusal. A
 * client that posts as fast as it can runs into the cap, waits a whole second from there and
 * does it again: every second's worth of posts costs a second plus the time it took to send them
 * (at 100 a second on the bench machine, about 1.2 s). Pacing avoids that once the cap is known:
 *
 * - unpaced, posts go out as fast as the senders ask;
 * - 429s on posts (reported by the client as they arrive) teach the cap when at least
 *   MIN_REFUSALS come within SETTLE_MS (running into the cap refuses every post in flight; a
 *   lone 429 is Slack saying no for another reason), none of them to a channel that had a
 *   successful post in the second before (that is the per-channel limit), and n, the successful
 *   posts started in the second before the first, is near the most seen in one second in this
 *   busy spell (at least PEAK_SHARE of it: a 429 in a lull, say just after a pause, is not the
 *   cap). The cap is then n;
 * - paced, a post needs one of n - 1 tokens (the spare absorbs timing noise in n), and a token
 *   comes back a second (plus a margin) after the answer to the post that held it. Slack received
 *   that post before answering it, and the next post with the token leaves after that, so each
 *   token accounts for at most one post in any second as Slack counts, whatever the network or
 *   the client's own queue did meanwhile;
 * - while the client's queue is paused for a Retry-After, posts asked for wait here (and then
 *   start under the pace known by then), not inside the paused queue;
 * - while paced, 429s teach nothing (they would only ratchet the pace down); the pace is
 *   forgotten PACE_TTL_MS after it was learned, so a wrong one costs at most that long and a
 *   higher cap is found again. A cap lowered by more than a tenth in the middle of a busy spell
 *   is obeyed 429 by 429 (as without pacing) until the spell ends (IDLE_MS).
 *
 * Waiting is one timer per returned token and a queue of waiting posts; never a polling loop.
 * Retrying the refused post is not the pacer's business (`deliver`, ./errors.ts).
 */
import {
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  type WebClient,
  WebClientEvent,
} from "@slack/web-api";

/** The cap's window, as Slack counts it (posts per rolling second). */
export const WINDOW_MS = 1000;
/** Added to every token's rest: clocks and timers are not exact. */
export const MARGIN_MS = 5;
/**
 * A 429 is weighed this long after it arrived: the answers to posts Slack took just before it
 * are in by then (the client's queue is paused for Retry-After, at least a second, meanwhile).
 */
export const SETTLE_MS = 100;
/**
 * Refusals within SETTLE_MS of each other that show the cap. Running into the cap
 * refuses every post in flight at once; a lone 429 is Slack saying no for some other reason.
 */
export const MIN_REFUSALS = 2;
/** How long a learned pace holds before posts go unpaced again. */
export const PACE_TTL_MS = 30_000;
/** A 429 teaches the cap only when the second before it saw at least this share of the peak. */
export const PEAK_SHARE = 0.9;
/** After this long without a successful post, a new busy spell starts (the peak is forgotten). */
export const IDLE_MS = 60_000;

export interface PacerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `run` after `ms` milliseconds. */
  later(ms: number, run: () => void): void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  later: (ms, run) => {
    setTimeout(run, ms);
  },
};

/** One post's turn: say how it went, then end it (always, success or not). */
export interface Turn {
  succeeded(channel: string): void;
  end(): void;
}

export interface PostPacer {
  /** Resolves when a post may start: at once while unpaced, else when a token is free. */
  acquire(): Promise<Turn>;
  /**
   * Slack answered a post to `channel` with a 429 (called as the answer arrives). The client
   * sends nothing for `retryAfterS` seconds from now; posts asked for meanwhile are held, then
   * start under the pace that holds by then.
   */
  limited(channel: string, retryAfterS: number): void;
  /** Posts allowed per rolling second, or undefined while unpaced (for logs and tests). */
  pace(): number | undefined;
}

export function createPostPacer(clock: PacerClock = realClock): PostPacer {
  let limit: number | undefined;
  let learnedAt = 0;
  /** Bumped whenever the pace changes: tokens of an older pace are not given back. */
  let generation = 0;
  let tokens = 0;
  const waiting: Array<(turn: Turn) => void> = [];
  /** Start times of the posts that succeeded in the last two seconds, ascending from `head`. */
  let starts: number[] = [];
  let head = 0;
  /** The most successful posts started in one second in this busy spell. */
  let peak = 0;
  let lastSuccessAt = Number.NEGATIVE_INFINITY;
  /** Start of the last successful post per channel (tells the per-channel limit apart). */
  const lastByChannel = new Map<string, number>();
  /**
   * While the client's queue is paused (Retry-After), posts wait here, not in it; the hold ends
   * when the timer of the 429 that set the latest end fires (a sequence, not a clock reading:
   * a timer may fire a fraction of a millisecond before `now()` says it is due).
   */
  let holding = false;
  let holdUntil = Number.NEGATIVE_INFINITY;
  let holdSeq = 0;

  const setPace = (pace: number | undefined, now: number) => {
    limit = pace;
    learnedAt = now;
    generation += 1;
    tokens = pace ?? 0;
    // Posts waiting for a token of the old pace start now (unpaced) or under the new one.
    for (const wake of waiting.splice(0)) give(wake);
  };

  const paced = (now: number): boolean => {
    if (limit !== undefined && now - learnedAt >= PACE_TTL_MS) setPace(undefined, now);
    return limit !== undefined;
  };

  /** Successful posts started in (from, to]. */
  const startedIn = (from: number, to: number): number => {
    let n = 0;
    for (let i = starts.length - 1; i >= head; i -= 1) {
      const at = starts[i] as number;
      if (at <= from) break;
      if (at <= to) n += 1;
    }
    return n;
  };

  const record = (channel: string, startedAt: number) => {
    const now = clock.now();
    if (now - lastSuccessAt > IDLE_MS) peak = 0;
    lastSuccessAt = now;
    lastByChannel.set(channel, startedAt);
    if (lastByChannel.size > 10_000) {
      for (const [key, at] of lastByChannel) if (at <= now - WINDOW_MS) lastByChannel.delete(key);
    }
    while (head < starts.length && (starts[head] as number) <= now - 2 * WINDOW_MS) head += 1;
    if (head > 1024 && head * 2 > starts.length) {
      starts = starts.slice(head);
      head = 0;
    }
    // Answers come back nearly in order: insert from the end.
    let i = starts.length;
    while (i > head && (starts[i - 1] as number) > startedAt) i -= 1;
    starts.splice(i, 0, startedAt);
    peak = Math.max(peak, startedIn(now - WINDOW_MS, now));
  };

  /** Hands a post its turn (with a token when paced), or queues it. */
  const give = (wake: (turn: Turn) => void) => {
    if (holding || (limit !== undefined && tokens === 0)) {
      waiting.push(wake);
      return;
    }
    const mine = limit === undefined ? undefined : generation;
    if (mine !== undefined) tokens -= 1;
    const startedAt = clock.now();
    let ended = false;
    wake({
      succeeded: (channel) => record(channel, startedAt),
      end() {
        if (ended || mine === undefined) return;
        ended = true;
        clock.later(WINDOW_MS + MARGIN_MS, () => {
          if (mine !== generation) return;
          tokens += 1;
          const next = waiting.shift();
          if (next !== undefined) give(next);
        });
      },
    });
  };

  /** Refusals that may be the cap (not the per-channel limit), while unpaced; recent ones. */
  let refusals: number[] = [];
  let weighing = false;

  const weigh = (at: number) => {
    weighing = false;
    const together = refusals.filter((t) => t >= at && t <= at + SETTLE_MS).length;
    refusals = refusals.filter((t) => t > at + SETTLE_MS);
    if (paced(clock.now()) || together < MIN_REFUSALS) return;
    const n = startedIn(at - WINDOW_MS, at);
    if (n < 1 || n < PEAK_SHARE * peak) return;
    setPace(Math.max(1, n - 1), clock.now());
  };

  return {
    acquire() {
      paced(clock.now());
      return new Promise(give);
    },

    limited(channel, retryAfterS) {
      const at = clock.now();
      const until = at + retryAfterS * 1000;
      if (until > holdUntil) {
        holding = true;
        holdUntil = until;
        holdSeq += 1;
        const mine = holdSeq;
        clock.later(until - at, () => {
          if (mine !== holdSeq) return; // a later 429 holds longer: its timer ends the hold
          holding = false;
          for (const wake of waiting.splice(0)) give(wake);
        });
      }
      if (paced(at)) return;
      if ((lastByChannel.get(channel) ?? Number.NEGATIVE_INFINITY) > at - WINDOW_MS) return;
      refusals.push(at);
      if (!weighing) {
        weighing = true;
        clock.later(SETTLE_MS, () => weigh(at));
      }
    },

    pace: () => (paced(clock.now()) ? limit : undefined),
  };
}

export type PostMessage = (args: ChatPostMessageArguments) => Promise<ChatPostMessageResponse>;

/**
 * chat.postMessage through the pacer. The client reports each 429 as it arrives (its
 * `rate_limited` event, before it waits Retry-After), which is when the last second's successes
 * show the cap.
 */
export function pacedPoster(client: WebClient, pacer: PostPacer = createPostPacer()): PostMessage {
  client.on(
    WebClientEvent.RATE_LIMITED,
    (retryAfter: number, request: { url?: string; body?: unknown }) => {
      if (!request?.url?.endsWith("/chat.postMessage")) return;
      const channel = (request.body as { channel?: unknown } | undefined)?.channel;
      pacer.limited(typeof channel === "string" ? channel : "", retryAfter);
    },
  );
  return async (args) => {
    const turn = await pacer.acquire();
    try {
      const answer = await client.chat.postMessage(args);
      turn.succeeded(args.channel);
      return answer;
    } finally {
      turn.end();
    }
  };
}
