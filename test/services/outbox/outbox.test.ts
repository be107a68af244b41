/**
 * The outbox's rules with a scripted Messenger and an in-memory database: what a restart does
 * with prompts left in flight, what a failure leaves behind, how retries are spaced, and what
 * planning costs for 20,000 commitments.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/index.js";
import { schema } from "../../../src/db/index.js";
import { silentLogger } from "../../../src/logger.js";
import type { Services } from "../../../src/services/index.js";
import type { ServiceKit } from "../../../src/services/kit.js";
import {
  BACKOFF_MINUTES,
  emptyCounters,
  type OutboxRun,
} from "../../../src/services/outbox/common.js";
import {
  CLAIM_TARGET_MS,
  MAX_CLAIM,
  MIN_CLAIM,
  nextClaimSize,
  RECORD_WITHIN_MS,
} from "../../../src/services/outbox/dispatcher.js";
import { plan } from "../../../src/services/outbox/planner.js";
import {
  DeliveryError,
  type Messenger,
  type Notice,
  type PromptMessage,
} from "../../../src/services/ports.js";
import { memoryDatabase } from "../../support/db.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { servicesOn } from "../../support/services.js";
import { addCommitment, addMember, DAY, MINUTE } from "../../tick/support.js";

/** Monday 30 November 2026, 14:00Z = 09:00 in New York (Pat's zone). */
const SLOT = Date.parse("2026-11-30T14:00:00Z");

interface Script {
  openDm: (userId: string) => string;
  post: (channel: string, prompt: PromptMessage) => void;
  find: (channel: string, promptId: number, since: number) => string | undefined;
}

function scriptedMessenger() {
  const posts: Array<{ channel: string; promptId: number; mention: boolean }> = [];
  const finds: Array<{ channel: string; promptId: number; since: number }> = [];
  const notices: Array<{ userId: string; notice: Notice }> = [];
  const script: Script = {
    openDm: (userId) => `D${userId}`,
    post: () => {},
    find: () => undefined,
  };
  const messenger: Messenger = {
    openDm: async (userId) => script.openDm(userId),
    postPrompt: async (channel, prompt, { mention }) => {
      script.post(channel, prompt);
      posts.push({ channel, promptId: prompt.promptId, mention });
      return `${1_800_000_000 + posts.length}.000100`;
    },
    findPrompt: async (channel, promptId, since) => {
      finds.push({ channel, promptId, since });
      return script.find(channel, promptId, since);
    },
    postReminder: async () => "1.000200",
    postDigest: async () => ({ ts: "9.0", chartOmitted: false }),
    updatePrompt: async () => {},
    notify: async (userId, notice) => {
      notices.push({ userId, notice });
    },
    postBlocker: async () => "1.000300",
    updateBlocker: async () => {},
  };
  return { messenger, script, posts, finds, notices };
}

let database: Database;
let services: Services;
let seeded: Seeded;
let fake: ReturnType<typeof scriptedMessenger>;

beforeEach(() => {
  database = memoryDatabase();
  fake = scriptedMessenger();
  services = servicesOn(database, { messenger: fake.messenger });
  seeded = seedPartnership(services);
});

afterEach(() => {
  database.close();
});

const rows = () => database.db.select().from(schema.prompts).orderBy(schema.prompts.id).all();
const pat = () => seeded.members.pat;

/** Puts the only prompt into the state a process killed mid-send would leave. */
function leftSending(values: Partial<typeof schema.prompts.$inferInsert>) {
  const commitment = addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
  return database.db
    .insert(schema.prompts)
    .values({
      commitmentId: commitment,
      periodKey: "W:2026-11-30",
      dueAt: SLOT,
      state: "sending",
      attempts: 1,
      claimedAt: SLOT,
      createdAt: SLOT,
      updatedAt: SLOT,
      ...values,
    })
    .returning()
    .get();
}

describe("a restart finds prompts left in sending", () => {
  it("when the DM channel was stored and the message is in its history, then it is marked sent with that ts, not posted again", async () => {
    const prompt = leftSending({ dmChannelId: "DU0PART" });
    fake.script.find = (channel, id) =>
      channel === "DU0PART" && id === prompt.id ? "1799999999.000100" : undefined;

    const summary = await services.tick.run(SLOT + 10 * MINUTE);

    expect(summary).toMatchObject({ promptsReconciled: 1, promptsSent: 1 });
    expect(fake.finds).toEqual([{ channel: "DU0PART", promptId: prompt.id, since: SLOT - MINUTE }]);
    expect(fake.posts).toEqual([]);
    expect(rows()[0]).toMatchObject({ state: "sent", messageTs: "1799999999.000100" });
  });

  it("when the DM channel was stored but the history has no such message, then it goes back to pending and is posted once", async () => {
    leftSending({ dmChannelId: "DU0PART" });

    const summary = await services.tick.run(SLOT + 10 * MINUTE);

    expect(summary).toMatchObject({ promptsReconciled: 1, promptsSent: 1 });
    expect(fake.posts).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("when no DM channel was stored, then nothing can have been posted: it goes back to pending without asking Slack", async () => {
    leftSending({ dmChannelId: null });

    await services.tick.run(SLOT + 10 * MINUTE);

    expect(fake.finds).toEqual([]);
    expect(fake.posts.map((p) => p.channel)).toEqual(["DU0PART"]);
  });

  it("when Slack cannot be asked, then the prompt stays in sending (never resent blind) until it can", async () => {
    leftSending({ dmChannelId: "DU0PART" });
    fake.script.find = () => {
      throw new DeliveryError("retryable", "http_503");
    };

    await services.tick.run(SLOT + 10 * MINUTE);
    expect(rows()[0]?.state).toBe("sending");
    expect(fake.posts).toEqual([]);

    fake.script.find = () => undefined;
    await services.tick.run(SLOT + 11 * MINUTE);
    expect(rows()[0]?.state).toBe("sent");
    expect(fake.posts).toHaveLength(1);
  });

  it("when the channel fallback was in flight, then the channel is read; found, the prompt is sent and coordinators told once", async () => {
    const prompt = leftSending({ lastError: "permanent:invalid_user_combination" });
    fake.script.find = (channel, id) =>
      channel === "C0PARTNER" && id === prompt.id ? "1799999999.000500" : undefined;

    await services.tick.run(SLOT + 10 * MINUTE);

    expect(rows()[0]).toMatchObject({ state: "sent", channelFallbackTs: "1799999999.000500" });
    expect(fake.posts).toEqual([]);
    expect(fake.notices.map((n) => [n.userId, n.notice.kind])).toEqual([
      ["U0COORD", "delivery_failed"],
    ]);
  });
});

describe("failures", () => {
  it("when a post fails in a way Slack may have processed (a 5xx), then the next attempt reads the DM history first", async () => {
    addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
    fake.script.post = () => {
      throw new DeliveryError("retryable", "http_502");
    };
    await services.tick.run(SLOT);
    expect(rows()[0]).toMatchObject({ state: "pending", lastError: "uncertain:http_502" });

    fake.script.post = () => {};
    fake.script.find = (_channel, id) => (id === rows()[0]?.id ? "1799999999.000900" : undefined);
    await services.tick.run(SLOT + MINUTE);

    expect(fake.finds.map((f) => f.since)).toEqual([SLOT - MINUTE]);
    expect(rows()[0]).toMatchObject({ state: "sent", messageTs: "1799999999.000900" });
  });

  it("when Slack keeps failing, then retries are spaced 1, 2, 5, 10, 30, 30 minutes apart", async () => {
    addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
    fake.script.openDm = () => {
      throw new DeliveryError("retryable", "http_500");
    };
    const attempts: number[] = [];
    for (let at = SLOT; at <= SLOT + 90 * MINUTE; at += MINUTE) {
      const before = rows()[0]?.attempts ?? 0;
      await services.tick.run(at);
      if ((rows()[0]?.attempts ?? 0) > before) attempts.push((at - SLOT) / MINUTE);
    }
    expect(attempts).toEqual([0, 1, 3, 8, 18, 48, 78]);
    expect(BACKOFF_MINUTES).toEqual([1, 2, 5, 10, 30]);
    // Opening the DM failed: nothing was posted, so no history needs reading.
    expect(rows()[0]?.lastError).toBe("retryable:http_500");
  });

  it("when one prompt fails with an unexpected error, then the others are still sent and it is tried again later", async () => {
    for (let i = 0; i < 5; i += 1) {
      addCommitment(services, seeded, { owner: pat(), title: `C${i}`, startedAt: SLOT - DAY });
    }
    fake.script.post = (_channel, prompt) => {
      if (prompt.commitment.title === "C2") throw new TypeError("boom");
    };

    const summary = await services.tick.run(SLOT);

    expect(summary).toMatchObject({ promptsSent: 4, promptsRetrying: 1 });
    expect(rows().map((p) => p.state)).toEqual(["sent", "sent", "pending", "sent", "sent"]);
    expect(rows()[2]).toMatchObject({ nextAttemptAt: SLOT + MINUTE });
  });

  it("when one claimed prompt's row cannot be read with its batch, then only that prompt waits and the others are sent", async () => {
    for (let i = 0; i < 5; i += 1) {
      addCommitment(services, seeded, { owner: pat(), title: `C${i}`, startedAt: SLOT - DAY });
    }
    // A title SQLite cannot put in JSON: the batch's one read fails, each prompt is read alone.
    database.sqlite.prepare("UPDATE commitments SET title = x'00ff' WHERE title = 'C2'").run();

    const summary = await services.tick.run(SLOT);

    expect(summary).toMatchObject({ promptsSent: 4, promptsRetrying: 1 });
    expect(rows().map((p) => p.state)).toEqual(["sent", "sent", "pending", "sent", "sent"]);
    expect(rows()[2]).toMatchObject({
      nextAttemptAt: SLOT + MINUTE,
      lastError: "retryable:internal",
    });
    expect(fake.posts).toHaveLength(4);
  });

  it("when the database fails while claims are handed out, then the posts in flight finish and are recorded, and nothing is posted after the step", async () => {
    for (let i = 0; i < 40; i += 1) {
      addCommitment(services, seeded, { owner: pat(), title: `C${i}`, startedAt: SLOT - DAY });
    }
    const claimDue = services.repos.prompts.claimDue;
    let claims = 0;
    services.repos.prompts.claimDue = (now, limit) => {
      claims += 1;
      if (claims === 2) throw new Error("database is locked");
      return claimDue(now, limit);
    };
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.script.post = () => {};
    const postPrompt = fake.messenger.postPrompt;
    fake.messenger.postPrompt = async (channel, prompt, options) => {
      if (prompt.commitment.title === "C0") await held;
      return postPrompt(channel, prompt, options);
    };

    const tick = services.tick.run(SLOT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const summary = await tick;
    const postsAtEnd = fake.posts.length;
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The first claim (16) went out; the second claim failed, so nothing more was handed out.
    expect(summary.promptsSent).toBe(16);
    expect(fake.posts).toHaveLength(postsAtEnd);
    expect(rows().filter((p) => p.state === "sent")).toHaveLength(16);
    expect(rows().filter((p) => p.state === "pending")).toHaveLength(24);
  });

  it("when a post is held up, then the prompts posted before it are written sent within RECORD_WITHIN_MS", async () => {
    for (let i = 0; i < 3; i += 1) {
      addCommitment(services, seeded, { owner: pat(), title: `C${i}`, startedAt: SLOT - DAY });
    }
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const postPrompt = fake.messenger.postPrompt;
    fake.messenger.postPrompt = async (channel, prompt, options) => {
      if (prompt.commitment.title === "C2") await held;
      return postPrompt(channel, prompt, options);
    };

    const tick = services.tick.run(SLOT);
    await new Promise((resolve) => setTimeout(resolve, RECORD_WITHIN_MS + 100));
    // C2's post is still in flight; C0 and C1 went out and are recorded without waiting for it.
    expect(rows().map((p) => p.state)).toEqual(["sent", "sent", "sending"]);
    release();
    await tick;
    expect(rows().map((p) => p.state)).toEqual(["sent", "sent", "sent"]);
  });

  it("when an owner is removed, or the commitment closed, before the prompt goes out, then it is skipped with the reason", async () => {
    const priya = addCommitment(services, seeded, {
      owner: seeded.members.priya,
      startedAt: SLOT - 2 * DAY,
    });
    addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
    fake.script.openDm = () => {
      throw new DeliveryError("retryable", "http_500");
    };
    await services.tick.run(SLOT);
    fake.script.openDm = (userId) => `D${userId}`;
    services.repos.commitments.update(seeded.partnershipId, priya, { state: "closed" });
    services.repos.members.update(seeded.partnershipId, pat(), { removedAt: SLOT });

    await services.tick.run(SLOT + 5 * MINUTE);

    expect(rows().map((p) => [p.state, p.lastError])).toEqual([
      ["skipped", "skipped:commitment_closed"],
      ["skipped", "skipped:owner_removed"],
    ]);
    expect(fake.posts).toEqual([]);
  });

  it("when two commitments of an unreachable owner fall back in one tick, then coordinators hear once; a second coordinator hears too", async () => {
    const ezra = addMember(services, seeded, "U0EXT", { tz: "America/New_York" });
    addMember(services, seeded, "U0COORD2", { role: "coordinator", tz: "UTC" });
    addCommitment(services, seeded, { owner: ezra, startedAt: SLOT - DAY });
    addCommitment(services, seeded, { owner: ezra, startedAt: SLOT - DAY });
    fake.script.openDm = () => {
      throw new DeliveryError("permanent", "invalid_user_combination");
    };

    await services.tick.run(SLOT);
    await services.tick.run(SLOT + 7 * DAY);

    expect(fake.posts.map((p) => [p.channel, p.mention])).toEqual(
      Array(4).fill(["C0PARTNER", true]),
    );
    const reports = fake.notices.filter((n) => n.notice.kind === "delivery_failed");
    expect(reports.map((n) => n.userId).sort()).toEqual(["U0COORD", "U0COORD2"]);
  });
});

describe("planning 20,000 commitments", () => {
  it("when the tick runs every minute, then planning reads only the commitments whose next slot has come", async () => {
    const zones = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", null];
    database.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i += 1) {
        const member = addMember(services, seeded, `UP${i}`, { tz: zones[i % zones.length] });
        for (let j = 0; j < 10; j += 1) {
          addCommitment(services, seeded, {
            owner: member,
            cadence: (["weekly", "biweekly", "monthly"] as const)[j % 3],
            weekday: (j % 7) + 1,
            time: `${String(6 + (j % 12)).padStart(2, "0")}:${j % 2 === 0 ? "00" : "30"}`,
            startedAt: SLOT - 40 * DAY,
          });
        }
      }
    })();
    const kit: ServiceKit = {
      repos: services.repos,
      context: services.context,
      changes: services.changes,
      directory: services.directory,
      messenger: fake.messenger,
      logger: silentLogger(),
      transaction: (fn) => database.sqlite.transaction(fn)(),
    };
    const runAt = (now: number): OutboxRun => ({
      kit,
      logger: silentLogger(),
      now,
      counters: emptyCounters(),
      keepGoing: () => true,
    });
    // Count the commitments each planning pass reads.
    const read: number[] = [];
    const repo = services.repos.prompts;
    const original = repo.dueForPlanning.bind(repo);
    repo.dueForPlanning = (now) => {
      const rows = original(now);
      read.push(rows.length);
      return rows;
    };
    const planAt = (now: number) => {
      const run = runAt(now);
      plan(run);
      return run.counters.planned;
    };

    expect(planAt(SLOT)).toBe(20_000);
    expect(planAt(SLOT + MINUTE)).toBe(0);
    // A fresh process (a new kit on the same database) has nothing to re-read either.
    expect(planAt(SLOT + 2 * MINUTE)).toBe(0);
    expect(read).toEqual([20_000, 0, 0]);
    // Seven days on, each weekly commitment's next slot has come and nothing else's has.
    const weekly = database.sqlite
      .prepare(`SELECT count(*) AS n FROM commitments WHERE cadence = 'weekly' AND plan_at <= ?`)
      .get(SLOT + 7 * DAY) as { n: number };
    expect(weekly.n).toBeGreaterThan(0);
    const dueInAWeek = database.sqlite
      .prepare(`SELECT count(*) AS n FROM commitments WHERE plan_at <= ?`)
      .get(SLOT + 7 * DAY) as { n: number };
    planAt(SLOT + 7 * DAY);
    expect(read[3]).toBe(dueInAWeek.n);
  });
});

describe("plan_at: when a schedule input changes, the next tick plans with the new schedule", () => {
  const planAtOf = (id: number) =>
    (
      database.sqlite.prepare("SELECT plan_at AS planAt FROM commitments WHERE id = ?").get(id) as {
        planAt: number;
      }
    ).planAt;
  const promptsOf = (id: number) =>
    database.sqlite
      .prepare(
        "SELECT period_key AS periodKey, due_at AS dueAt FROM prompts WHERE commitment_id = ? AND state <> 'skipped' ORDER BY due_at",
      )
      .all(id) as { periodKey: string; dueAt: number }[];

  it("when the check-in time, the owner's zone or the partnership's zone changes, then plan_at is reset and the next slot follows the change", async () => {
    // Pat is in New York: Monday 09:00 there is SLOT.
    const pat = seeded.members.pat;
    const id = addCommitment(services, seeded, { owner: pat, startedAt: SLOT - DAY });
    expect(planAtOf(id)).toBe(0);
    await services.tick.run(SLOT);
    expect(planAtOf(id)).toBe(SLOT + 7 * DAY);

    // Nothing changed: the planner does not look at it again before its next slot.
    database.sqlite.prepare("UPDATE commitments SET title = 'Renamed' WHERE id = ?").run(id);
    expect(planAtOf(id)).toBe(SLOT + 7 * DAY);

    // The time moves to 11:00: plan_at is 0 until a tick computes the new next period, which
    // begins next Monday at 11:00 (this week's, opened at 09:00, is not cut short: today's 11:00
    // would be a second prompt).
    database.sqlite.prepare("UPDATE commitments SET check_in_time = '11:00' WHERE id = ?").run(id);
    expect(planAtOf(id)).toBe(0);
    await services.tick.run(SLOT + MINUTE);
    expect(planAtOf(id)).toBe(SLOT + 7 * DAY + 2 * 60 * MINUTE);

    // Pat moves to London (five hours ahead): next Monday 11:00 London is 06:00 in New York.
    database.sqlite.prepare("UPDATE members SET time_zone = 'Europe/London' WHERE id = ?").run(pat);
    expect(planAtOf(id)).toBe(0);
    await services.tick.run(SLOT + 2 * MINUTE);
    expect(planAtOf(id)).toBe(Date.parse("2026-12-07T11:00:00Z"));

    // A zone refresh that finds the same zone changes nothing.
    database.sqlite
      .prepare(
        "UPDATE members SET time_zone = 'Europe/London', time_zone_fetched_at = 5 WHERE id = ?",
      )
      .run(pat);
    expect(planAtOf(id)).toBe(Date.parse("2026-12-07T11:00:00Z"));

    // Without an owner zone the partnership's zone counts; changing it resets plan_at too.
    database.sqlite.prepare("UPDATE members SET time_zone = NULL WHERE id = ?").run(pat);
    await services.tick.run(SLOT + 3 * MINUTE);
    expect(planAtOf(id)).toBe(Date.parse("2026-12-07T11:00:00Z")); // the partnership is in London
    database.sqlite
      .prepare("UPDATE partnerships SET time_zone = 'Asia/Kolkata' WHERE id = ?")
      .run(seeded.partnershipId);
    expect(planAtOf(id)).toBe(0);
    await services.tick.run(SLOT + 4 * MINUTE);
    expect(planAtOf(id)).toBe(Date.parse("2026-12-07T05:30:00Z"));

    // One prompt for the week through all of it, and the next week's comes at the new time.
    expect(promptsOf(id).map((p) => p.dueAt)).toEqual([SLOT]);
    await services.tick.run(Date.parse("2026-12-07T05:30:00Z"));
    expect(promptsOf(id).map((p) => p.dueAt)).toEqual([SLOT, Date.parse("2026-12-07T05:30:00Z")]);
  });

  it("when a commitment is closed and reopened, or its workspace reinstalls, then planning looks at it again", async () => {
    const id = addCommitment(services, seeded, {
      owner: seeded.members.pat,
      startedAt: SLOT - DAY,
    });
    await services.tick.run(SLOT);
    database.sqlite.prepare("UPDATE commitments SET state = 'closed' WHERE id = ?").run(id);
    database.sqlite.prepare("UPDATE commitments SET state = 'active' WHERE id = ?").run(id);
    expect(planAtOf(id)).toBe(0);
    await services.tick.run(SLOT + MINUTE);
    database.sqlite
      .prepare("UPDATE workspaces SET uninstalled_at = ? WHERE id = ?")
      .run(SLOT, seeded.workspaceId);
    expect(planAtOf(id)).toBe(0);
  });

  it("when a commitment starts in the future, then plan_at is its first slot and nothing is planned before", async () => {
    const start = SLOT + 3 * DAY;
    const id = addCommitment(services, seeded, { owner: seeded.members.pat, startedAt: start });
    await services.tick.run(SLOT);
    expect(promptsOf(id)).toEqual([]);
    expect(planAtOf(id)).toBe(SLOT + 7 * DAY);
  });
});

describe("silence_checked: the silence rule looks at each run once", () => {
  const silenceNotices = () => fake.notices.filter((n) => n.notice.kind === "silence");

  it("when a partnership lowers its threshold, then a run already looked at is escalated at the next tick", async () => {
    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 3 WHERE id = ?")
      .run(seeded.partnershipId);
    addCommitment(services, seeded, { owner: seeded.members.pat, startedAt: SLOT - DAY });
    // Each week's period closes a day (the reminder delay) after the next one began.
    for (const at of [SLOT, SLOT + 7 * DAY, SLOT + 8 * DAY, SLOT + 14 * DAY, SLOT + 15 * DAY]) {
      await services.tick.run(at);
    }
    // Two closed silent weeks, below 3: looked at and marked, not escalated; the third is open.
    expect(silenceNotices()).toHaveLength(0);
    const checked = () =>
      database.sqlite
        .prepare("SELECT silence_checked AS c FROM prompts ORDER BY due_at")
        .all()
        .map((r) => (r as { c: number | null }).c);
    expect(checked()).toEqual([3, 3, null]);

    // A fresh process ticking the same database does not look again (nothing to read).
    const other = servicesOn(database, { messenger: fake.messenger });
    expect(await other.tick.run(SLOT + 15 * DAY + MINUTE)).toMatchObject({
      silenceEscalations: 0,
    });

    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 2 WHERE id = ?")
      .run(seeded.partnershipId);
    expect(checked()).toEqual([null, null, null]);
    expect(await other.tick.run(SLOT + 15 * DAY + 2 * MINUTE)).toMatchObject({
      silenceEscalations: 1,
    });
    expect(silenceNotices().map((n) => n.userId)).toEqual(["U0COORD"]);

    // Raising it again changes nothing already escalated.
    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 4 WHERE id = ?")
      .run(seeded.partnershipId);
    expect(await other.tick.run(SLOT + 15 * DAY + 3 * MINUTE)).toMatchObject({
      silenceEscalations: 0,
    });
  });

  it("when the threshold is lowered while the step is telling coordinators, then the run it checked against the old one is looked at again", async () => {
    const setThreshold = (n: number) =>
      database.sqlite
        .prepare("UPDATE partnerships SET silent_periods_before_escalation = ? WHERE id = ?")
        .run(n, seeded.partnershipId);
    setThreshold(3);
    // Pat silent from SLOT (3 closed weeks by SLOT + 22 days); Priya a week later (2 by then).
    addCommitment(services, seeded, { owner: seeded.members.pat, startedAt: SLOT - DAY });
    addCommitment(services, seeded, {
      owner: seeded.members.priya,
      startedAt: SLOT + 6 * DAY,
      time: "09:00",
    });
    for (const at of [SLOT, SLOT + 7 * DAY, SLOT + 14 * DAY, SLOT + 21 * DAY]) {
      await services.tick.run(at);
    }
    expect(silenceNotices()).toHaveLength(0);

    // When the third week closes, Pat's escalation is told first; while that DM is in flight, a
    // coordinator lowers the threshold to 2 (Priya's run, read with 3, is 2 long).
    const notify = fake.messenger.notify;
    fake.messenger.notify = async (userId, notice) => {
      if (notice.kind === "silence") setThreshold(2);
      return notify(userId, notice);
    };
    expect(await services.tick.run(SLOT + 22 * DAY)).toMatchObject({ silenceEscalations: 1 });
    // The next tick escalates Priya with the new threshold.
    expect(await services.tick.run(SLOT + 22 * DAY + MINUTE)).toMatchObject({
      silenceEscalations: 1,
    });
    expect(silenceNotices()).toHaveLength(2);
  });

  it("when a monthly period of five weeks closes after a week's reminder delay, then the run is still told, more than 40 days after its prompt", async () => {
    database.sqlite
      .prepare("UPDATE partnerships SET reminder_delay_minutes = ? WHERE id = ?")
      .run(168 * 60, seeded.partnershipId);
    // First Mondays: 2 Feb, 2 Mar, 6 Apr 2026 (March has five Mondays' worth of period).
    const start = Date.parse("2026-02-01T00:00:00Z");
    addCommitment(services, seeded, {
      owner: seeded.members.pat,
      cadence: "monthly",
      weekday: 1,
      startedAt: start,
    });
    // 09:00 in New York: 14:00Z in winter, 13:00Z from March 8.
    for (const iso of ["2026-02-02T15:00:00Z", "2026-03-02T15:00:00Z", "2026-04-06T14:00:00Z"]) {
      await services.tick.run(Date.parse(iso));
    }
    // March's period closes a week after 6 April's prompt: 42 days after March's prompt.
    const closes = Date.parse("2026-04-06T13:00:00Z") + 7 * DAY;
    expect(await services.tick.run(closes - 2 * DAY)).toMatchObject({ silenceEscalations: 0 });
    expect(await services.tick.run(closes + 2 * 3_600_000)).toMatchObject({
      silenceEscalations: 1,
    });
    expect(silenceNotices()).toHaveLength(1);
  });
});

describe("silence_at: the silence rule reads a waiting period again only when it can close", () => {
  const silenceNotices = () => fake.notices.filter((n) => n.notice.kind === "silence");
  const silenceAt = () =>
    database.sqlite
      .prepare("SELECT silence_at AS s FROM prompts ORDER BY due_at")
      .all()
      .map((r) => (r as { s: number }).s);
  /** Monday SLOT is 09:00 in New York; the default reminder delay is a day. */
  const weeks = (n: number) => SLOT + n * 7 * DAY;

  it("when Pat is silent two weeks, then the second period is read again exactly when it closes, a day after the third prompt, and told then", async () => {
    addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
    await services.tick.run(SLOT);
    // Sent: no newer period can close before the shortest period has passed.
    expect(silenceAt()).toEqual([SLOT + 7 * DAY - 60 * MINUTE]);
    await services.tick.run(weeks(1));
    await services.tick.run(weeks(1) + DAY);
    await services.tick.run(weeks(2));
    // The second week's period closes when the third prompt's reminder delay has passed.
    expect(silenceAt().slice(1)).toEqual([weeks(2) + DAY, weeks(2) + 7 * DAY - 60 * MINUTE]);

    expect(await services.tick.run(weeks(2) + DAY - MINUTE)).toMatchObject({
      silenceEscalations: 0,
    });
    expect(await services.tick.run(weeks(2) + DAY)).toMatchObject({ silenceEscalations: 1 });
    expect(silenceNotices()).toHaveLength(1);
    expect(silenceNotices()[0]?.notice).toMatchObject({ silentPeriods: 2 });
  });

  it("when the partnership shortens its reminder delay, then a waiting period closes at the new instant", async () => {
    addCommitment(services, seeded, { owner: pat(), startedAt: SLOT - DAY });
    for (const at of [SLOT, weeks(1), weeks(1) + DAY, weeks(2)]) await services.tick.run(at);
    expect(silenceAt()[1]).toBe(weeks(2) + DAY);

    database.sqlite
      .prepare("UPDATE partnerships SET reminder_delay_minutes = 60 WHERE id = ?")
      .run(seeded.partnershipId);
    expect(silenceAt()[1]).toBe(0);
    expect(await services.tick.run(weeks(2) + 60 * MINUTE)).toMatchObject({
      silenceEscalations: 1,
    });
  });

  it("when a fortnightly commitment becomes weekly, then its waiting period closes a day after the new week's prompt, not a week later", async () => {
    database.sqlite
      .prepare("UPDATE partnerships SET silent_periods_before_escalation = 1 WHERE id = ?")
      .run(seeded.partnershipId);
    const commitment = addCommitment(services, seeded, {
      owner: pat(),
      cadence: "biweekly",
      startedAt: SLOT - DAY,
    });
    await services.tick.run(SLOT);
    await services.tick.run(weeks(1) - 30 * MINUTE);
    // A week on, no newer prompt yet: not read again before the planner's next look (a fortnight).
    expect(silenceAt()).toEqual([weeks(2)]);

    database.sqlite
      .prepare("UPDATE commitments SET cadence = 'weekly' WHERE id = ?")
      .run(commitment);
    expect(silenceAt()).toEqual([0]);
    await services.tick.run(weeks(1));
    expect(rows()).toHaveLength(2);
    expect(await services.tick.run(weeks(1) + DAY)).toMatchObject({ silenceEscalations: 1 });
  });
});

describe("claim sizes: a claim holds about a quarter second of sending", () => {
  it("when a claim was handed out fast, then the next is twice as large, up to MAX_CLAIM", () => {
    expect(nextClaimSize(MIN_CLAIM, 1)).toBe(MIN_CLAIM * 2);
    expect(nextClaimSize(256, CLAIM_TARGET_MS / 2 - 1)).toBe(512);
    expect(nextClaimSize(MAX_CLAIM, 0)).toBe(MAX_CLAIM);
  });

  it("when a claim took more than twice the target (Slack's pace), then the next is half, down to MIN_CLAIM", () => {
    expect(nextClaimSize(512, CLAIM_TARGET_MS * 2 + 1)).toBe(256);
    expect(nextClaimSize(MIN_CLAIM, 10_000)).toBe(MIN_CLAIM);
  });

  it("when a claim took about the target, then the size stays", () => {
    expect(nextClaimSize(64, CLAIM_TARGET_MS)).toBe(64);
    expect(nextClaimSize(64, CLAIM_TARGET_MS / 2)).toBe(64);
    expect(nextClaimSize(64, CLAIM_TARGET_MS * 2)).toBe(64);
  });
});
