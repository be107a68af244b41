/**
 * Helpers for the outbox tests: a clock the test moves, commitments written straight through the
 * repositories, and what the emulator received, counted per prompt (by message metadata).
 */
import { loadConfig } from "../../src/config.js";
import type { Emulator, RecordedCall } from "../../src/emulator/index.js";
import { silentLogger } from "../../src/logger.js";
import { type RunningPoc, startPoc } from "../../src/main.js";
import type { Services } from "../../src/services/index.js";
import { PROMPT_METADATA_TYPE } from "../../src/slack/ids.js";
import { BOT_TOKEN, SIGNING_SECRET, type TestApp } from "../support/app.js";
import type { Seeded } from "../support/seed.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ManualClock {
  (): number;
  set(at: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.set = (at) => {
    now = at;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface CommitmentSpec {
  readonly owner: number;
  readonly organization?: number;
  readonly title?: string;
  readonly cadence?: "weekly" | "biweekly" | "monthly";
  /** ISO weekday, 1 = Monday. */
  readonly weekday?: number;
  readonly time?: string;
  readonly startedAt: number;
  readonly objectiveIds?: readonly number[];
}

/** An active commitment written through the repository (no Slack round trip). */
export function addCommitment(services: Services, seeded: Seeded, spec: CommitmentSpec): number {
  return services.repos.commitments.create(
    {
      partnershipId: seeded.partnershipId,
      organizationId: spec.organization ?? seeded.orgs.acme,
      ownerMemberId: spec.owner,
      title: spec.title ?? "Drill twelve wells",
      cadence: spec.cadence ?? "weekly",
      checkInWeekday: spec.weekday ?? 1,
      checkInTime: spec.time ?? "09:00",
      startedAt: spec.startedAt,
      createdBy: "U0COORD",
      createdAt: spec.startedAt,
      updatedAt: spec.startedAt,
    },
    spec.objectiveIds ?? [],
  ).id;
}

/** A member written through the repository. */
export function addMember(
  services: Services,
  seeded: Seeded,
  slackUserId: string,
  options: { role?: "coordinator" | "partner"; tz?: string | null; fetchedAt?: number } = {},
): number {
  return services.repos.members.upsert({
    partnershipId: seeded.partnershipId,
    slackUserId,
    role: options.role ?? "partner",
    organizationId: seeded.orgs.acme,
    displayName: slackUserId,
    timeZone: options.tz ?? null,
    timeZoneFetchedAt: options.fetchedAt ?? null,
    createdAt: 0,
  }).id;
}

/** True for a call Slack answered with ok: true. */
export function succeeded(call: RecordedCall): boolean {
  return call.status === 200 && (call.response as { ok?: boolean }).ok === true;
}

/** The prompt id a chat.postMessage carried in its metadata, if any. */
export function promptIdOf(call: RecordedCall): number | undefined {
  const metadata = call.params.metadata as
    | { event_type?: string; event_payload?: { prompt_id?: unknown } }
    | undefined;
  if (metadata?.event_type !== PROMPT_METADATA_TYPE) return undefined;
  return Number(metadata.event_payload?.prompt_id);
}

/** Successful prompt posts (top-level, with metadata), counted per prompt id. */
export function promptPosts(emulator: Emulator): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of emulator.callsTo("chat.postMessage")) {
    const id = promptIdOf(call);
    if (id === undefined || !succeeded(call)) continue;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Successful thread replies (reminders) in a channel. */
export function threadReplies(emulator: Emulator, channel?: string): RecordedCall[] {
  return emulator
    .callsTo("chat.postMessage")
    .filter(
      (c) =>
        succeeded(c) &&
        c.params.thread_ts !== undefined &&
        (channel === undefined || c.params.channel === channel),
    );
}

/** Successful notices (DMs posted to a user id) to one person, optionally of one kind's text. */
export function noticesTo(emulator: Emulator, userId: string): RecordedCall[] {
  return emulator
    .callsTo("chat.postMessage")
    .filter((c) => succeeded(c) && c.params.channel === userId);
}

/** Every call that carried blocks was accepted: the validator found nothing wrong. */
export function rejectedPayloads(emulator: Emulator): RecordedCall[] {
  return emulator.calls.filter(
    (c) => (c.response as { error?: string }).error === "invalid_blocks",
  );
}

/**
 * A second app on the first one's database and emulator (or another Web API URL, e.g. a proxy in
 * front of it): a restart. Stop it before `t.close()`.
 */
export async function restartedApp(
  t: TestApp,
  clock: () => number,
  apiUrl = t.emulator.url,
): Promise<RunningPoc> {
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      DATABASE_PATH: t.databasePath,
      SCHEDULER: "off",
    },
    "app",
  );
  return startPoc(config, {
    port: 0,
    logger: silentLogger(),
    retryConfig: { retries: 0 },
    processBeforeResponse: true,
    homeMinIntervalMs: 0,
    clock,
  });
}

/** A weekly spec whose latest slot is `minutesAgo` before `at`, in UTC (owners in zone "UTC"). */
export function slotBefore(at: number, minutesAgo = 30): { weekday: number; time: string } {
  const slot = new Date(at - minutesAgo * MINUTE);
  return {
    weekday: ((slot.getUTCDay() + 6) % 7) + 1,
    time: slot.toISOString().slice(11, 16),
  };
}
