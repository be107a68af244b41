/**
 * Send: reconcile what a crashed process left in flight, then claim due prompts in small batches
 * and deliver them with bounded concurrency. See docs/outbox.md for the states.
 *
 * Exactly once, given that Slack has no idempotency key:
 * - a prompt is `sending` (claimed, with its DM channel stored) before any post, and every post
 *   carries message metadata naming the prompt;
 * - a prompt found `sending` at the start of a tick belongs to a dead process (the tick lease
 *   says so): its DM history since the claim is read; found -> `sent` with that ts, not found ->
 *   `pending` again; when Slack cannot be asked, it stays `sending` until it can;
 * - a post that failed in a way Slack may still have processed (5xx, timeout) is `uncertain`:
 *   the next attempt reads the history before posting;
 * - a failure of Slack as a whole (the token, a scope, no connection: `isWorkspaceWide`) is no
 *   fact about the prompt: it goes back to `pending`, due, and the run claims nothing more.
 */

import { performance } from "node:perf_hooks";
import type { PromptRow, SendContext } from "../../db/repositories/outbox.js";
import type { SentPrompt } from "../../db/repositories/prompts.js";
import type { Prompt } from "../../db/schema.js";
import { buildPromptMessage, promptMessagesOf } from "../messages.js";
import { type DeliveryError, isWorkspaceWide, type PromptMessage } from "../ports.js";
import {
  asDeliveryError,
  backoff,
  inPool,
  isAway,
  isUncertain,
  MINUTE,
  type OutboxRun,
  SEND_CONCURRENCY,
  tellCoordinators,
  zoneOf,
} from "./common.js";

/** How far before the claim a reconciled prompt's message may be (clock skew, slow clients). */
export const RECONCILE_SLACK_MS = MINUTE;
/** Claimed per round trip to the database; a few more than are in flight. */
const CLAIM_BATCH = SEND_CONCURRENCY * 2;

const PERMANENT = "permanent:";
const UNCERTAIN = "uncertain:";

/** Prompts left `sending` by a process that died: found in Slack -> sent, else pending again. */
export async function reconcile(run: OutboxRun): Promise<void> {
  const { kit } = run;
  const stuck = kit.repos.prompts.listSending();
  for (const prompt of stuck) {
    if (!run.keepGoing()) break;
    try {
      await reconcileOne(run, prompt);
      run.counters.reconciled += 1;
    } catch (error) {
      const failure = asDeliveryError(error);
      if (failure.kind === "permanent") {
        // Slack will never answer this question about this channel: waiting would strand the
        // prompt forever, so send it again and say so. (A missing scope is workspace-wide: the
        // prompt waits, and the operator is told.)
        run.logger.warn(
          `prompt ${prompt.id}: cannot read history to reconcile (${failure.code}); sending again`,
        );
        kit.repos.prompts.markRetry(prompt.id, null, `unreconciled:${failure.code}`, run.now);
        continue;
      }
      // Slack could not be asked: leave it `sending` (never resend blind); next tick asks again.
      if (!isWorkspaceWide(failure)) {
        run.logger.warn(`prompt ${prompt.id} left in sending: ${failure.code}`);
      }
    }
  }
  if (run.counters.reconciled > 0) {
    run.logger.info(`reconciled ${run.counters.reconciled} prompt(s) left in sending`);
  }
}

async function reconcileOne(run: OutboxRun, prompt: Prompt): Promise<void> {
  const { kit, now } = run;
  const since = (prompt.claimedAt ?? prompt.dueAt) - RECONCILE_SLACK_MS;
  if (prompt.lastError?.startsWith(PERMANENT)) {
    // The DM was impossible; the channel mention may have been in flight.
    const context = kit.repos.prompts.sendContext(prompt.id);
    if (context === undefined) return kit.repos.prompts.markSkipped(prompt.id, "gone", now);
    const ts = await findInChannel(run, context.channelId, prompt.id, since);
    if (ts !== undefined) {
      await finishFallback(run, prompt, context, ts, prompt.lastError);
      return;
    }
    kit.repos.prompts.markRetry(prompt.id, null, prompt.lastError, now);
    return;
  }
  if (prompt.dmChannelId === null) {
    // Nothing is ever posted before the DM channel is stored: it cannot have gone out.
    kit.repos.prompts.markRetry(prompt.id, null, prompt.lastError, now);
    return;
  }
  const from = prompt.lastError?.startsWith(UNCERTAIN) ? prompt.dueAt - RECONCILE_SLACK_MS : since;
  const ts = await kit.messenger.findPrompt(prompt.dmChannelId, prompt.id, from);
  if (ts !== undefined) {
    kit.repos.prompts.markSent(prompt.id, prompt.dmChannelId, ts, now);
    run.counters.sent += 1;
  } else {
    kit.repos.prompts.markRetry(prompt.id, null, prompt.lastError, now);
  }
}

/** What sending a prompt needs to know about its earlier attempts (a `Prompt` row has it). */
type Attempted = Pick<Prompt, "id" | "dueAt" | "dmChannelId" | "lastError" | "attempts">;

/** A claimed prompt with what its send needs, read for its whole batch at once. */
interface Claimed {
  readonly prompt: Attempted;
  /** undefined: the prompt or its commitment is gone. */
  readonly context: SendContext | undefined;
  readonly message: PromptMessage | undefined;
}

/**
 * Claims are sized to take about this long to hand out: a claim is a write transaction, so a
 * fast sender (Slack answering at once) claims up to MAX_CLAIM at a time, while at Slack's pace a
 * claim holds about a quarter of a second of posts. That bounds what a crash leaves `sending`
 * (each such prompt costs a history read to reconcile) to about as many as go out in that time.
 */
export const CLAIM_TARGET_MS = 250;
export const MIN_CLAIM = CLAIM_BATCH;
export const MAX_CLAIM = 512;

/** The next claim's size from how long the last one of `size` took to hand out. */
export function nextClaimSize(size: number, tookMs: number): number {
  if (tookMs < CLAIM_TARGET_MS / 2) return Math.min(size * 2, MAX_CLAIM);
  if (tookMs > CLAIM_TARGET_MS * 2) return Math.max(Math.floor(size / 2), MIN_CLAIM);
  return size;
}

/**
 * Claims and sends every due prompt, SEND_CONCURRENCY in flight. Pending prompts whose period is
 * already over are skipped first: a person gets the latest one only.
 *
 * Per claimed batch (docs/outbox.md, "Batches"): one statement claims it, one read builds its
 * messages, and the prompts posted meanwhile are written `sent` together (SentRecorder). A crash
 * before that write leaves them `sending`: the next tick's reconcile finds each one's post in
 * the DM's history and records it then.
 */
export async function send(run: OutboxRun): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  run.counters.skipped += repo.skipSuperseded(now);
  // An owner who checked in before the prompt went out (`/poc checkin`, or in the minute between
  // the slot and the tick) has answered this period: never prompt, remind or count them silent.
  repo.answerFromCheckIns(now);
  const posted = sentRecorder(run);
  let batch: Claimed[] = [];
  let handedOut = 0;
  let size = MIN_CLAIM;
  let claimedAt = 0;
  let exhausted = false;
  const next = (): Claimed | undefined => {
    // Once the run must stop (lease lost, gate closed), nothing more is handed out: what is
    // still claimed goes back below.
    if (!run.keepGoing()) return undefined;
    if (handedOut === batch.length && !exhausted) {
      if (batch.length > 0) size = nextClaimSize(size, performance.now() - claimedAt);
      posted.record();
      batch = [];
      handedOut = 0;
      const ids = repo.claimDue(now, size);
      claimedAt = performance.now();
      exhausted = ids.length === 0;
      batch = prepare(run, ids);
    }
    const item = batch[handedOut];
    if (item !== undefined) handedOut += 1;
    return item;
  };
  try {
    await inPool(next, SEND_CONCURRENCY, (item) => sendOne(run, item, posted), run.logger);
  } finally {
    // Claimed but never started: the run stopped (the lease was lost or the gate closed).
    repo.putBack(
      batch.slice(handedOut).map(({ prompt }) => ({ id: prompt.id, lastError: prompt.lastError })),
      now,
    );
    posted.close();
  }
}

/** A posted prompt is written `sent` at most this long after its post (or with the next claim). */
export const RECORD_WITHIN_MS = 200;

/**
 * The prompts posted and not yet written `sent`. Written in one statement with the next claim,
 * or RECORD_WITHIN_MS after the first of them was posted (so an owner who clicks at once finds
 * the prompt `sent` even while Slack holds the sender back), and at `close`. A write that fails
 * leaves them `sending`: the next tick's reconcile finds their posts in the DMs.
 */
interface SentRecorder {
  add(row: SentPrompt): void;
  record(): void;
  close(): void;
}

function sentRecorder(run: OutboxRun): SentRecorder {
  let rows: SentPrompt[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const record = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const written = rows;
    rows = [];
    run.kit.repos.prompts.markSentAll(written, run.now);
  };
  return {
    add(row) {
      rows.push(row);
      if (timer === undefined) {
        timer = setTimeout(() => {
          try {
            record();
          } catch (error) {
            run.logger.error(
              "could not record posted prompts (the next tick reconciles them):",
              error,
            );
          }
        }, RECORD_WITHIN_MS);
      }
    },
    record,
    close: record,
  };
}

/**
 * A claimed batch with each prompt's context and message, read in one go. If that read fails
 * (a row it cannot turn into JSON, say), each prompt is read on its own, so one bad row holds
 * back only its own prompt: it goes back to `pending` until after the backoff, and the others
 * go out.
 */
function prepare(run: OutboxRun, claimed: readonly number[]): Claimed[] {
  if (claimed.length === 0) return [];
  const repo = run.kit.repos.prompts;
  let ids = claimed;
  let rows: PromptRow[];
  try {
    rows = repo.promptRows(ids);
  } catch (error) {
    run.logger.error(`reading ${ids.length} claimed prompt(s) at once failed; one by one:`, error);
    rows = [];
    const unread = new Set<number>();
    for (const id of ids) {
      try {
        rows.push(...repo.promptRows([id]));
      } catch (failure) {
        run.logger.error(`prompt ${id} cannot be read:`, failure);
        repo.markRetry(id, run.now + backoff(1), "retryable:internal", run.now);
        run.counters.retrying += 1;
        unread.add(id);
      }
    }
    ids = ids.filter((id) => !unread.has(id));
  }
  const byId = new Map(rows.map((row) => [row.promptId, row]));
  const messages = promptMessagesOf(rows);
  return ids.map((id) => {
    const row = byId.get(id);
    return {
      prompt:
        row === undefined
          ? { id, dueAt: 0, dmChannelId: null, lastError: null, attempts: 1 }
          : {
              id,
              dueAt: row.dueAt,
              dmChannelId: row.dmChannelId,
              lastError: row.lastError,
              attempts: row.attempts,
            },
      context: row,
      message: messages.get(id),
    };
  });
}

/**
 * A workspace-wide failure on this prompt's call: due again, its earlier state kept (a DM found
 * impossible, a post that may be in Slack), plus `uncertain` when this very post may have reached
 * Slack (a connection reset mid-post), so the next attempt reads the history first.
 */
function putBackAfter(run: OutboxRun, prompt: Attempted, failure: DeliveryError, posting: boolean) {
  const marked = prompt.lastError?.startsWith(PERMANENT) || prompt.lastError?.startsWith(UNCERTAIN);
  const lastError =
    !marked && posting && isUncertain(failure) ? `${UNCERTAIN}${failure.code}` : prompt.lastError;
  run.kit.repos.prompts.putBack([{ id: prompt.id, lastError }], run.now);
}

function skipReason(context: SendContext, prompt: Attempted): string | undefined {
  if (context.uninstalled) return "uninstalled";
  if (context.archived) return "archived";
  if (context.commitmentState !== "active") return `commitment_${context.commitmentState}`;
  if (context.ownerRemoved) return "owner_removed";
  const zone = zoneOf(context.ownerZone, context.partnershipZone);
  if (isAway(context.awayUntil, prompt.dueAt, zone)) return "away";
  return undefined;
}

async function sendOne(run: OutboxRun, item: Claimed, posted: SentRecorder): Promise<void> {
  const { kit, now } = run;
  const { prompt, context, message } = item;
  const repo = kit.repos.prompts;
  try {
    const reason = context === undefined ? "gone" : skipReason(context, prompt);
    if (context === undefined || reason !== undefined) {
      repo.markSkipped(prompt.id, reason ?? "gone", now);
      run.counters.skipped += 1;
      return;
    }
    if (message === undefined) {
      repo.markSkipped(prompt.id, "gone", now);
      run.counters.skipped += 1;
      return;
    }
    if (prompt.lastError?.startsWith(PERMANENT)) {
      // An earlier attempt found the DM impossible and its channel post failed retryably.
      await fallback(run, prompt, context, message, prompt.lastError, true);
      return;
    }
    await deliverDm(run, prompt, context, message, posted);
  } catch (error) {
    // A bug or a database error on one prompt: back to pending, the rest of the tick goes on.
    const failure = asDeliveryError(error);
    run.logger.error(`prompt ${prompt.id} failed unexpectedly:`, error);
    repo.markRetry(prompt.id, now + backoff(prompt.attempts), `retryable:${failure.code}`, now);
    run.counters.retrying += 1;
  }
}

async function deliverDm(
  run: OutboxRun,
  prompt: Attempted,
  context: SendContext,
  message: PromptMessage,
  posted: SentRecorder,
): Promise<void> {
  const { kit, now } = run;
  const repo = kit.repos.prompts;
  let channel = prompt.dmChannelId;
  /** Set once the DM channel is known: a permanent failure after it means the cache is stale. */
  let opened = false;
  let posting = false;
  try {
    if (channel === null) {
      channel = await kit.messenger.openDm(context.ownerUserId);
      // Stored before the post, so a crash after it is reconciled against this DM.
      repo.storeDmChannel(prompt.id, context.ownerMemberId, channel, now);
    }
    opened = true;
    if (prompt.lastError?.startsWith(UNCERTAIN)) {
      const found = await kit.messenger.findPrompt(
        channel,
        prompt.id,
        prompt.dueAt - RECONCILE_SLACK_MS,
      );
      if (found !== undefined) {
        posted.add({ id: prompt.id, channelId: channel, ts: found });
        run.counters.sent += 1;
        return;
      }
    }
    posting = true;
    const ts = await kit.messenger.postPrompt(channel, message, { mention: false });
    // Written `sent` with others posted about now (SentRecorder); until then it is `sending`.
    posted.add({ id: prompt.id, channelId: channel, ts });
    run.counters.sent += 1;
  } catch (error) {
    const failure = asDeliveryError(error);
    if (isWorkspaceWide(failure)) {
      putBackAfter(run, prompt, failure, posting);
      return;
    }
    if (failure.kind === "permanent") {
      if (opened) repo.forgetDmChannel(context.ownerMemberId);
      const lastError = `${PERMANENT}${failure.code}`;
      repo.markPermanent(prompt.id, failure.code, now);
      await fallback(run, prompt, context, message, lastError, false);
      return;
    }
    retryLater(run, prompt, failure, posting);
  }
}

function retryLater(run: OutboxRun, prompt: Attempted, failure: DeliveryError, posting: boolean) {
  const { now } = run;
  const kind = posting && isUncertain(failure) ? UNCERTAIN : "retryable:";
  // An earlier uncertain post stays uncertain until the history says otherwise.
  const lastError = prompt.lastError?.startsWith(UNCERTAIN)
    ? prompt.lastError
    : kind + failure.code;
  run.kit.repos.prompts.markRetry(prompt.id, now + backoff(prompt.attempts), lastError, now);
  run.counters.retrying += 1;
  run.logger.info(`prompt ${prompt.id}: ${failure.code}, retry in ${backoff(prompt.attempts)} ms`);
}

/**
 * The owner cannot be DMed: the prompt goes to the partnership channel as a mention with the same
 * buttons. `verify`: an earlier channel post may have gone out, read the channel first.
 */
async function fallback(
  run: OutboxRun,
  prompt: Attempted,
  context: SendContext,
  message: PromptMessage,
  lastError: string,
  verify: boolean,
): Promise<void> {
  const { kit, now } = run;
  try {
    if (verify) {
      const found = await findInChannel(
        run,
        context.channelId,
        prompt.id,
        prompt.dueAt - RECONCILE_SLACK_MS,
      );
      if (found !== undefined) {
        await finishFallback(run, prompt, context, found, lastError);
        return;
      }
    }
    const ts = await kit.messenger.postPrompt(context.channelId, message, { mention: true });
    await finishFallback(run, prompt, context, ts, lastError);
  } catch (error) {
    const failure = asDeliveryError(error);
    if (isWorkspaceWide(failure)) {
      // `lastError` keeps the DM's permanent failure: the next attempt reads the channel first.
      kit.repos.prompts.putBack([{ id: prompt.id, lastError }], now);
      return;
    }
    if (failure.kind === "retryable") {
      // The DM stays impossible; the next attempt goes straight to the channel.
      kit.repos.prompts.markRetry(prompt.id, now + backoff(prompt.attempts), lastError, now);
      run.counters.retrying += 1;
      return;
    }
    await finishFallback(run, prompt, context, null, `${lastError} channel:${failure.code}`);
  }
}

/**
 * Reads the partnership channel for the prompt. A channel Slack refuses to let the app read
 * (not_in_channel, channel_not_found) answers "not found": a rare duplicate mention beats a lost
 * prompt. A failure of Slack as a whole (a missing channels:history scope included) is thrown.
 */
async function findInChannel(
  run: OutboxRun,
  channelId: string,
  promptId: number,
  since: number,
): Promise<string | undefined> {
  try {
    return await run.kit.messenger.findPrompt(channelId, promptId, since);
  } catch (error) {
    const failure = asDeliveryError(error);
    if (failure.kind !== "permanent") throw failure;
    run.logger.warn(`cannot read ${channelId} to reconcile prompt ${promptId}: ${failure.code}`);
    return undefined;
  }
}

/** Records the channel fallback's outcome; the owner's first such prompt tells coordinators. */
async function finishFallback(
  run: OutboxRun,
  prompt: Attempted,
  context: SendContext,
  ts: string | null,
  lastError: string,
): Promise<void> {
  const { kit, now } = run;
  const first = kit.repos.prompts.finishFallback(
    prompt.id,
    context.ownerMemberId,
    ts,
    lastError,
    now,
  );
  if (ts === null) run.counters.failed += 1;
  else run.counters.fellBack += 1;
  run.logger.warn(
    `prompt ${prompt.id} could not be DMed (${lastError})${ts === null ? "" : "; posted in the channel"}`,
  );
  if (!first) return;
  const code = lastError.slice(PERMANENT.length).split(" ")[0] ?? lastError;
  const message = buildPromptMessage(kit, prompt.id);
  await tellCoordinators(
    run,
    context.partnershipId,
    {
      kind: "delivery_failed",
      partnershipName: context.partnershipName,
      channelId: context.channelId,
      ownerUserId: context.ownerUserId,
      commitmentTitle: message?.commitment.title ?? "",
      code,
      fellBack: ts !== null,
    },
    context.ownerUserId,
  );
}
