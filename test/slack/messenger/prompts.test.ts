/**
 * The Messenger's prompt and notice calls against the Slack emulator (which validates every
 * payload against the Block Kit schema): what a prompt, a reminder, an update and a notice look
 * like, how a prompt is found again in a DM's history, and how Slack's refusals are classified.
 */
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../src/emulator/index.js";
import {
  DeliveryError,
  type Messenger,
  type Notice,
  type PromptMessage,
} from "../../../src/services/ports.js";
import { ACTIONS } from "../../../src/slack/ids.js";
import { createSlackMessenger } from "../../../src/slack/messenger/index.js";
import { promptBlocks } from "../../../src/slack/views/prompt.js";
import { BOT_TOKEN, CHANNEL_ID, TEAM_ID, TEST_USERS } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { blocksText } from "../../support/slack.js";

const HOSTILE = "<!channel> & <http://evil.example|click> <@U0COORD> *bold*";

const prompt = (over: Partial<PromptMessage> = {}): PromptMessage => ({
  promptId: 41,
  periodKey: "W:2026-11-30",
  dueAt: Date.parse("2026-11-30T14:00:00Z"),
  ownerUserId: "U0PART",
  partnershipName: "Clean Water Compact",
  channelId: CHANNEL_ID,
  commitment: {
    id: 7,
    title: "Drill twelve wells",
    organizationName: "Acme Water",
    dueDate: "2027-03-31",
    cadence: "weekly",
  },
  objectives: [{ title: "Safe water", indicator: "wells", unit: "wells", baseline: 0, target: 40 }],
  last: {
    status: "at_risk",
    progress: 12,
    whatMoved: "Two wells drilled",
    nextStep: "Permits",
    at: Date.parse("2026-11-23T15:00:00Z"),
  },
  ...over,
});

let emulator: Emulator;
let messenger: Messenger;

beforeAll(async () => {
  emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    validator: createBlockKitValidator(),
    users: TEST_USERS,
    channels: [{ id: CHANNEL_ID, name: "partnership" }],
  });
  messenger = createSlackMessenger(
    new WebClient(BOT_TOKEN, { slackApiUrl: emulator.url, retryConfig: { retries: 0 } }),
  );
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
});

function accepted(): void {
  const refused = emulator.calls.filter((c) => (c.response as { ok?: boolean }).ok !== true);
  expect(refused.map((c) => [c.method, c.response])).toEqual([]);
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("expected a DeliveryError");
}

describe("a prompt in a DM", () => {
  it("when posted, then it carries metadata naming the prompt, the four buttons, and the commitment's facts", async () => {
    const dm = await messenger.openDm("U0PART");
    const ts = await messenger.postPrompt(dm, prompt(), { mention: false });

    accepted();
    const [message] = emulator.messages(dm);
    expect(message).toMatchObject({
      ts,
      metadata: { event_type: "poc_prompt", event_payload: { prompt_id: 41 } },
    });
    const text = blocksText(message?.blocks);
    expect(text).toContain("Drill twelve wells");
    expect(text).toContain("Acme Water");
    expect(text).toContain("12 of 40 wells (baseline 0 wells)");
    expect(text).toContain("Two wells drilled");
    expect(text).not.toContain("<@U0PART>");
    const actions = ((message?.blocks ?? []) as Array<{ type: string; elements?: unknown[] }>).find(
      (b) => b.type === "actions",
    )?.elements as Array<{ action_id: string; value: string }>;
    expect(actions.map((a) => [a.action_id, a.value])).toEqual([
      [ACTIONS.promptOnTrack, "41"],
      [ACTIONS.promptUpdate, "41"],
      [ACTIONS.promptSnooze, "41"],
      [ACTIONS.promptAway, "41"],
    ]);
  });

  it("when the owner cannot be DMed, then conversations.open's refusal is permanent, and a channel post mentions the owner", async () => {
    const refused = await failure(messenger.openDm("U0EXT"));
    expect(refused).toMatchObject({ kind: "permanent", code: "invalid_user_combination" });
    expect(await failure(messenger.openDm("U0GONE"))).toMatchObject({
      kind: "permanent",
      code: "user_disabled",
    });
    emulator.reset();

    await messenger.postPrompt(CHANNEL_ID, prompt({ ownerUserId: "U0EXT" }), { mention: true });

    accepted();
    const [message] = emulator.messages(CHANNEL_ID);
    expect(message?.text).toMatch(/^<@U0EXT> Check-in: Drill twelve wells/);
    expect(blocksText(message?.blocks)).toMatch(/^<@U0EXT> I could not reach you/);
  });

  it("when Slack answers 500, then the failure is retryable", async () => {
    emulator.failNext({ method: "chat.postMessage", kind: "http_500" });
    const error = await failure(messenger.postPrompt("DU0PART", prompt(), { mention: false }));
    expect(error).toMatchObject({ kind: "retryable", code: "http_500" });
  });
});

describe("finding a prompt again after a crash", () => {
  it("when the DM holds it among hundreds of later messages, then findPrompt pages through the history to it", async () => {
    const dm = await messenger.openDm("U0PART");
    const since = Date.now() - 60_000;
    const ts = await messenger.postPrompt(dm, prompt({ promptId: 7001 }), { mention: false });
    for (let i = 0; i < 450; i += 1) {
      await messenger.postPrompt(dm, prompt({ promptId: 8000 + i }), { mention: false });
    }

    expect(await messenger.findPrompt(dm, 7001, since)).toBe(ts);
    expect(emulator.callsTo("conversations.history").length).toBe(3);
    expect(emulator.callsTo("conversations.history")[0]?.params).toMatchObject({
      include_all_metadata: "true",
      limit: "200",
    });
    expect(await messenger.findPrompt(dm, 9999, since)).toBeUndefined();
    // Messages older than `since` are not read at all.
    expect(await messenger.findPrompt(dm, 7001, Date.now() + 60_000)).toBeUndefined();
  });
});

describe("reminders and updates", () => {
  it("when a reminder goes out, then it is a thread reply with the buttons and no metadata", async () => {
    const dm = await messenger.openDm("U0PART");
    const ts = await messenger.postPrompt(dm, prompt(), { mention: false });
    await messenger.postReminder(dm, ts, prompt(), "reminder");
    await messenger.postReminder(CHANNEL_ID, "1.000001", prompt(), "snoozed");

    accepted();
    const [reply] = emulator.messages(dm).filter((m) => m.thread_ts === ts && m.ts !== ts);
    expect(reply?.metadata).toBeUndefined();
    expect(blocksText(reply?.blocks)).toContain("A reminder: this check-in is still open");
    const [channelReply] = emulator.messages(CHANNEL_ID);
    expect(blocksText(channelReply?.blocks)).toContain("<@U0PART>");
    expect(blocksText(channelReply?.blocks)).toContain("snooze is over");
  });

  it.each([
    [
      {
        kind: "recorded",
        edited: true,
        checkIn: { status: "on_track", progress: 20, whatMoved: HOSTILE, nextStep: null, at: 1 },
      },
      "Recorded",
    ],
    [{ kind: "snoozed", until: Date.parse("2026-12-01T14:00:00Z") }, "Snoozed"],
    [{ kind: "away", until: "2026-12-24" }, "Away until 2026-12-24"],
    [{ kind: "closed" }, "commitment is closed"],
  ] as const)(
    "when the prompt is updated with %o, then it shows what happened instead of the buttons",
    async (outcome, shows) => {
      const dm = await messenger.openDm("U0PART");
      const ts = await messenger.postPrompt(dm, prompt(), { mention: false });
      await messenger.updatePrompt(dm, ts, prompt(), outcome);

      accepted();
      const [message] = emulator.messages(dm);
      const blocks = message?.blocks as Array<{ type: string }>;
      expect(blocks.some((b) => b.type === "actions")).toBe(false);
      expect(blocksText(blocks)).toContain(shows);
      expect(blocksText(blocks)).not.toContain("<!channel>");
    },
  );
});

describe("notices", () => {
  const notices: Notice[] = [
    {
      kind: "silence",
      partnershipName: HOSTILE,
      channelId: CHANNEL_ID,
      ownerUserId: "U0PART",
      commitmentId: 7,
      commitmentTitle: HOSTILE,
      silentPeriods: 2,
    },
    {
      kind: "delivery_failed",
      partnershipName: "Clean Water Compact",
      channelId: CHANNEL_ID,
      ownerUserId: "U0EXT",
      commitmentTitle: HOSTILE,
      code: "invalid_user_combination",
      fellBack: true,
    },
    {
      kind: "blocker_escalated",
      partnershipName: "Clean Water Compact",
      channelId: CHANNEL_ID,
      blockerId: 3,
      blockerText: HOSTILE,
      commitmentTitle: "Drill twelve wells",
      ownerUserId: "U0PART",
      ageDays: 14,
      level: 2,
      messageTs: null,
    },
    {
      kind: "help_offered",
      partnershipName: "Clean Water Compact",
      channelId: CHANNEL_ID,
      blockerId: 3,
      blockerText: HOSTILE,
      helperUserId: "U0PART2",
    },
  ];

  it.each(notices.map((n) => [n.kind, n] as const))(
    "when a %s notice is sent, then it is a valid DM where user text cannot ping or link",
    async (_kind, notice) => {
      await messenger.notify("U0COORD", notice);

      accepted();
      const [message] = emulator.messages("DU0COORD");
      const text = `${message?.text}\n${blocksText(message?.blocks)}`;
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<http://evil");
      expect(text).not.toContain("<@U0COORD>");
    },
  );
});

describe("the prompt's blocks", () => {
  it("when the commitment has many objectives and long text, then the message stays within Slack's limits", () => {
    const objectives = Array.from({ length: 60 }, (_, i) => ({
      title: `${"Objective ".repeat(30)}${i}`,
      indicator: null,
      unit: null,
      baseline: null,
      target: null,
    }));
    const blocks = promptBlocks(
      prompt({
        objectives,
        commitment: { ...prompt().commitment, title: "T".repeat(5000) },
        last: {
          ...(prompt().last as NonNullable<PromptMessage["last"]>),
          whatMoved: "W".repeat(9000),
        },
      }),
    );
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(createBlockKitValidator()("message", blocks)).toEqual([]);
    expect(blocksText(blocks)).toContain("and 55 more");
    // No objective has an indicator: progress reads as a percentage.
    expect(blocksText(blocks)).toContain("at risk · 12 %");
  });
});
