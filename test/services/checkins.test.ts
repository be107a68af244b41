/**
 * The check-ins and blockers services called directly, with a chosen `now` and a Messenger that
 * records what it is asked to send: the snooze instant across daylight saving, the current
 * period, which prompts *away* skips, what the services ask Slack to show, and how a Slack
 * failure leaves what was recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { type Prompt, prompts } from "../../src/db/schema.js";
import { DomainError } from "../../src/domain/errors.js";
import { cadenceSpec, currentPeriodKey } from "../../src/services/checkins/period.js";
import { nextMorning } from "../../src/services/checkins/snooze.js";
import type { Services } from "../../src/services/index.js";
import {
  type BlockerMessage,
  DeliveryError,
  type Messenger,
  type Notice,
  type PromptOutcome,
} from "../../src/services/ports.js";
import { CHANNEL_ID, TEAM_ID } from "../support/app.js";
import { memoryDatabase } from "../support/db.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";

const PAT = { teamId: TEAM_ID, userId: "U0PART", channelId: "DU0PART" };
const PRIYA = { teamId: TEAM_ID, userId: "U0PART2", channelId: CHANNEL_ID };
const STARTED = Date.parse("2026-03-01T00:00:00Z");
const SLOT_1 = Date.parse("2026-03-05T15:00:00Z"); // Thursday 10:00 EST
const NOW = SLOT_1 + 3_600_000;

interface Sent {
  updatePrompt: { channelId: string; ts: string; promptId: number; outcome: PromptOutcome }[];
  postBlocker: { channelId: string; blocker: BlockerMessage }[];
  updateBlocker: { channelId: string; ts: string; blocker: BlockerMessage }[];
  notify: { userId: string; notice: Notice }[];
}

let database: Database;
let services: Services;
let seeded: Seeded;
let sent: Sent;
let failing: Set<keyof Messenger>;
let commitmentId: number;

function recordingMessenger(): Messenger {
  const fail = (method: keyof Messenger) => {
    if (failing.has(method)) throw new DeliveryError("retryable", "http_500");
  };
  return {
    openDm: async (userId) => `D${userId}`,
    postPrompt: async () => "1.0",
    postDigest: async () => ({ ts: "9.0", chartOmitted: false }),
    findPrompt: async () => undefined,
    postReminder: async () => "2.0",
    async updatePrompt(channelId, ts, prompt, outcome) {
      fail("updatePrompt");
      sent.updatePrompt.push({ channelId, ts, promptId: prompt.promptId, outcome });
    },
    async notify(userId, notice) {
      fail("notify");
      sent.notify.push({ userId, notice });
    },
    async postBlocker(channelId, blocker) {
      fail("postBlocker");
      sent.postBlocker.push({ channelId, blocker });
      return `1772723000.00000${sent.postBlocker.length}`;
    },
    async updateBlocker(channelId, ts, blocker) {
      fail("updateBlocker");
      sent.updateBlocker.push({ channelId, ts, blocker });
    },
  };
}

beforeEach(() => {
  sent = { updatePrompt: [], postBlocker: [], updateBlocker: [], notify: [] };
  failing = new Set();
  database = memoryDatabase();
  services = servicesOn(database, { messenger: recordingMessenger() });
  seeded = seedPartnership(services);
  commitmentId = services.repos.commitments.create(
    {
      partnershipId: seeded.partnershipId,
      organizationId: seeded.orgs.acme,
      ownerMemberId: seeded.members.pat,
      title: "Install 40 water points",
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: STARTED,
      state: "active",
      createdBy: "U0COORD",
      createdAt: STARTED,
      updatedAt: STARTED,
    },
    [],
  ).id;
});

afterEach(() => {
  database.close();
});

function addPrompt(over: Partial<typeof prompts.$inferInsert> = {}): Prompt {
  return database.db
    .insert(prompts)
    .values({
      commitmentId,
      periodKey: "W:2026-03-05",
      dueAt: SLOT_1,
      state: "sent",
      dmChannelId: "DU0PART",
      messageTs: "1772722800.000100",
      attempts: 1,
      createdAt: SLOT_1,
      updatedAt: SLOT_1,
      ...over,
    })
    .returning()
    .get();
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("time", () => {
  it("when snoozed, then it comes back at 09:00 the next local morning, whatever daylight saving does overnight", () => {
    const ny = "America/New_York";
    expect(nextMorning(ny, Date.parse("2026-03-05T16:00:00Z"))).toBe(
      Date.parse("2026-03-06T14:00:00Z"),
    );
    // Spring forward (8 March): Saturday 10:00 EST -> Sunday 09:00 EDT.
    expect(nextMorning(ny, Date.parse("2026-03-07T15:00:00Z"))).toBe(
      Date.parse("2026-03-08T13:00:00Z"),
    );
    // Fall back (1 November): Saturday 23:30 EDT -> Sunday 09:00 EST.
    expect(nextMorning(ny, Date.parse("2026-11-01T03:30:00Z"))).toBe(
      Date.parse("2026-11-01T14:00:00Z"),
    );
    // Just after midnight local time, "the next morning" is the day after, not in 9 hours.
    expect(nextMorning(ny, Date.parse("2026-03-06T05:30:00Z"))).toBe(
      Date.parse("2026-03-07T14:00:00Z"),
    );
    // Lord Howe moves by half an hour (5 April 2026: +11 -> +10:30).
    expect(nextMorning("Australia/Lord_Howe", Date.parse("2026-04-04T01:00:00Z"))).toBe(
      Date.parse("2026-04-04T22:30:00Z"),
    );
  });

  it("when a check-in is given, then it answers the latest slot's period, or before the first slot the first period", () => {
    const spec = cadenceSpec(
      { cadence: "weekly", checkInWeekday: 4, checkInTime: "10:00", startedAt: STARTED },
      "America/New_York",
    );
    expect(currentPeriodKey(spec, Date.parse("2026-03-02T12:00:00Z"), null)).toBe("W:2026-03-05");
    expect(currentPeriodKey(spec, SLOT_1 - 60_000, null)).toBe("W:2026-03-05");
    expect(currentPeriodKey(spec, SLOT_1, null)).toBe("W:2026-03-05");
    expect(currentPeriodKey(spec, Date.parse("2026-03-12T13:59:00Z"), null)).toBe("W:2026-03-05");
    expect(currentPeriodKey(spec, Date.parse("2026-03-12T14:00:00Z"), null)).toBe("W:2026-03-12");
  });
});

describe("whose App Home a check-in changes", () => {
  it("when Pat checks in, then his Home and the coordinators' are republished, not Priya's or the observer's", () => {
    const named: string[][] = [];
    services.changes.subscribe((change) => named.push([...change.userIds].sort()));
    const prompt = addPrompt();
    services.checkIns.onTrack(PAT, prompt.id, NOW);
    expect(named).toEqual([["U0COORD", "U0PART"]]);

    services.checkIns.away(PAT, "2026-03-20", NOW);
    expect(named.at(-1)).toEqual(["U0COORD", "U0PART"]);
  });
});

describe("what the services ask Slack to show", () => {
  it("when Pat clicks on track, then the DM is rewritten with the recorded check-in carrying last week's progress", async () => {
    services.repos.checkIns.upsert({
      commitmentId,
      periodKey: "W:2026-02-26",
      authorMemberId: seeded.members.pat,
      status: "at_risk",
      progress: 62.5,
      createdAt: SLOT_1 - 7 * 86_400_000,
      editedAt: null,
    });
    const prompt = addPrompt();
    const recorded = services.checkIns.onTrack(PAT, prompt.id, NOW);
    await services.checkIns.deliver(recorded.effects);
    expect(sent.updatePrompt).toEqual([
      {
        channelId: "DU0PART",
        ts: "1772722800.000100",
        promptId: prompt.id,
        outcome: {
          kind: "recorded",
          edited: false,
          checkIn: {
            status: "on_track",
            progress: 62.5,
            whatMoved: null,
            nextStep: null,
            at: NOW,
          },
        },
      },
    ]);
  });

  it("when the prompt went to the channel as a fallback, then that message is rewritten too", async () => {
    const prompt = addPrompt({ dmChannelId: null, messageTs: null, channelFallbackTs: "9.9" });
    await services.checkIns.deliver(services.checkIns.onTrack(PAT, prompt.id, NOW).effects);
    expect(sent.updatePrompt.map((u) => [u.channelId, u.ts])).toEqual([[CHANNEL_ID, "9.9"]]);
  });

  it("when Slack fails to rewrite the DM, then the check-in and the blocker stay recorded and the blocker is still posted", async () => {
    const prompt = addPrompt();
    failing.add("updatePrompt");
    const recorded = services.checkIns.submit(
      PAT,
      { promptId: prompt.id, commitmentId, periodKey: "W:2026-03-05" },
      {
        status: "off_track",
        progress: "10",
        whatMoved: "",
        nextStep: "",
        blocker: "No pumps",
        couldHelp: `user:${PRIYA.userId}`,
        learning: "",
      },
      NOW,
    );
    await expect(services.checkIns.deliver(recorded.effects)).resolves.toBeUndefined();
    expect(services.repos.checkIns.findForPeriod(commitmentId, "W:2026-03-05")?.status).toBe(
      "off_track",
    );
    expect(sent.postBlocker).toHaveLength(1);
    expect(sent.postBlocker[0]?.blocker).toMatchObject({
      text: "No pumps",
      ownerUserId: "U0PART",
      couldHelp: { userId: "U0PART2" },
      helperUserIds: [],
      resolved: null,
    });
    const [blocker] = services.repos.blockers.listOpen(seeded.partnershipId);
    expect(blocker).toMatchObject({ channelId: CHANNEL_ID, messageTs: "1772723000.000001" });
  });

  it("when posting a blocker fails, then it stays recorded unposted, and a later offer of help does not post it a second way", async () => {
    failing.add("postBlocker");
    const added = services.blockers.add(
      { teamId: TEAM_ID, userId: "U0PART", channelId: CHANNEL_ID },
      { commitmentId: String(commitmentId), text: "Stuck", couldHelp: undefined },
      NOW,
    );
    await services.blockers.deliver(added.effects);
    const helped = services.blockers.help(PRIYA, added.blockerId, NOW);
    await services.blockers.deliver(helped.effects);
    expect(sent.postBlocker).toEqual([]);
    expect(sent.updateBlocker).toEqual([]);
    expect(sent.notify).toEqual([
      {
        userId: "U0PART",
        notice: {
          kind: "help_offered",
          partnershipName: "Clean Water Compact",
          channelId: CHANNEL_ID,
          blockerId: added.blockerId,
          blockerText: "Stuck",
          helperUserId: "U0PART2",
        },
      },
    ]);
  });
});

describe("away", () => {
  it("when Pat is away until Friday, then only prompts with slot dates up to Friday that nobody answered are skipped", () => {
    const current = addPrompt();
    const answered = addPrompt({
      periodKey: "W:2026-02-26",
      dueAt: SLOT_1 - 7 * 86_400_000,
      state: "answered",
      answeredAt: SLOT_1 - 6 * 86_400_000,
    });
    const later = addPrompt({
      periodKey: "W:2026-03-12",
      dueAt: Date.parse("2026-03-12T14:00:00Z"),
      state: "pending",
      dmChannelId: null,
      messageTs: null,
    });
    const result = services.checkIns.away(
      { teamId: TEAM_ID, userId: "U0PART", channelId: CHANNEL_ID },
      "2026-03-06",
      NOW,
    );
    expect(result.skippedPrompts).toBe(1);
    expect(result.effects.prompts).toEqual([
      { promptId: current.id, outcome: { kind: "away", until: "2026-03-06" } },
    ]);
    const state = (id: number) => services.repos.prompts.findById(id)?.state;
    expect([state(current.id), state(answered.id), state(later.id)]).toEqual([
      "skipped",
      "answered",
      "pending",
    ]);
  });
});

describe("who may act", () => {
  it("when a caller from another workspace names Pat's prompt or commitment, then it is not found", () => {
    const prompt = addPrompt();
    // Slack user ids are global: a caller from another workspace is another person.
    const stranger = { teamId: "T0OTHER", userId: "U0OTHERPAT", channelId: "DU0OTHERPAT" };
    expect(refusal(() => services.checkIns.onTrack(stranger, prompt.id, NOW)).code).toBe(
      "not_found",
    );
    expect(refusal(() => services.checkIns.form(stranger, { commitmentId }, NOW)).code).toBe(
      "not_found",
    );
    expect(services.repos.prompts.findById(prompt.id)?.state).toBe("sent");
  });

  it("when the commitment is closed, then its prompt's buttons are refused", () => {
    const prompt = addPrompt();
    services.repos.commitments.update(seeded.partnershipId, commitmentId, { state: "closed" });
    const error = refusal(() => services.checkIns.onTrack(PAT, prompt.id, NOW));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("closed");
  });

  it("when Pat snoozes a prompt still waiting to be sent, then it is refused", () => {
    const prompt = addPrompt({ state: "pending", dmChannelId: null, messageTs: null });
    expect(refusal(() => services.checkIns.snooze(PAT, prompt.id, NOW)).message).toContain(
      "reached your DMs",
    );
  });
});
