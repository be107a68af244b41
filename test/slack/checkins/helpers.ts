/**
 * Playing an owner and their partners around a check-in prompt: a commitment and a prompt row
 * written straight to the database (the outbox slice plans and sends them for real), a prompt
 * message in the owner's DM so it can be rewritten in place, button clicks and modal submissions
 * as signed requests, and what the app sent read back from the emulator.
 */
import { WebClient } from "@slack/web-api";
import { expect } from "vitest";
import { type Prompt, prompts } from "../../../src/db/schema.js";
import type { InputValue } from "../../../src/emulator/person.js";
import type { RecordedCall } from "../../../src/emulator/types.js";
import { ACTIONS } from "../../../src/slack/ids.js";
import { BOT_TOKEN, CHANNEL_ID, TEAM_ID, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import type { Seeded } from "../../support/seed.js";
import { blocksText, stateValues } from "../../support/slack.js";

export const CORA = "U0COORD";
export const PAT = "U0PART";
export const PRIYA = "U0PART2";
export const OLU = "U0OBS";
export const OONA = "U0OUT";

/** Pat (America/New_York) checks in weekly on Thursdays at 10:00, from Sunday 1 March 2026. */
export const STARTED = Date.parse("2026-03-01T00:00:00Z");
/** Thursday 5 March 2026, 10:00 EST. */
export const SLOT_1 = Date.parse("2026-03-05T15:00:00Z");
export const PERIOD_1 = "W:2026-03-05";
/** Thursday 12 March 2026, 10:00 EDT (daylight saving began on the 8th). */
export const SLOT_2 = Date.parse("2026-03-12T14:00:00Z");
export const PERIOD_2 = "W:2026-03-12";

/** A clock the app reads (startTestApp({ clock: () => clock.now })). */
export interface TestClock {
  now: number;
}

export function addCommitment(
  t: TestApp,
  seeded: Seeded,
  over: {
    title?: string;
    ownerMemberId?: number;
    organizationId?: number;
    objectiveIds?: number[];
    partnershipId?: number;
  } = {},
) {
  return t.poc.services.repos.commitments.create(
    {
      partnershipId: over.partnershipId ?? seeded.partnershipId,
      organizationId: over.organizationId ?? seeded.orgs.acme,
      ownerMemberId: over.ownerMemberId ?? seeded.members.pat,
      title: over.title ?? "Install 40 water points",
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: STARTED,
      state: "active",
      createdBy: CORA,
      createdAt: STARTED,
      updatedAt: STARTED,
    },
    over.objectiveIds ?? [],
  );
}

export function botClient(t: TestApp): WebClient {
  return new WebClient(BOT_TOKEN, { slackApiUrl: t.emulator.url, retryConfig: { retries: 0 } });
}

/** A message in a user's DM, standing in for the prompt the outbox would have sent. */
export async function promptMessageIn(t: TestApp, userId: string): Promise<string> {
  const answer = await botClient(t).chat.postMessage({
    channel: `D${userId}`,
    text: "Check-in: how is it going?",
  });
  if (!answer.ts) throw new Error("no ts");
  return answer.ts;
}

/** A prompt row; a sent one gets a real message in the owner's DM. */
export async function addPrompt(
  t: TestApp,
  values: {
    commitmentId: number;
    ownerUserId?: string;
    periodKey?: string;
    dueAt?: number;
    state?: Prompt["state"];
    remindersSent?: number;
    snoozedUntil?: number | null;
  },
): Promise<Prompt> {
  const owner = values.ownerUserId ?? PAT;
  const state = values.state ?? "sent";
  const ts = state === "sent" ? await promptMessageIn(t, owner) : null;
  const dueAt = values.dueAt ?? SLOT_1;
  return t.poc.database.db
    .insert(prompts)
    .values({
      commitmentId: values.commitmentId,
      periodKey: values.periodKey ?? PERIOD_1,
      dueAt,
      state,
      dmChannelId: ts === null ? null : `D${owner}`,
      messageTs: ts,
      remindersSent: values.remindersSent ?? 0,
      snoozedUntil: values.snoozedUntil ?? null,
      attempts: state === "pending" ? 0 : 1,
      createdAt: dueAt,
      updatedAt: dueAt,
    })
    .returning()
    .get();
}

export function promptRow(t: TestApp, id: number): Prompt {
  const row = t.poc.services.repos.prompts.findById(id);
  if (row === undefined) throw new Error(`no prompt ${id}`);
  return row;
}

/** A button click as Slack sends it (block_actions), from a message in `channelId`. */
export async function click(
  t: TestApp,
  userId: string,
  actionId: string,
  value: string,
  where: { channelId?: string; messageTs?: string } = {},
) {
  const channelId = where.channelId ?? `D${userId}`;
  const ts = where.messageTs ?? "1700000000.000100";
  return t.slack.interaction({
    type: "block_actions",
    team: { id: TEAM_ID, domain: "workspace" },
    user: { id: userId, username: userId, name: userId, team_id: TEAM_ID },
    api_app_id: "A0POC",
    token: "verification-token-unused",
    trigger_id: t.emulator.triggerId(),
    response_url: t.emulator.responseUrl(),
    channel: { id: channelId, name: channelId === CHANNEL_ID ? "partnership" : "directmessage" },
    container: { type: "message", message_ts: ts, channel_id: channelId, is_ephemeral: false },
    message: { type: "message", ts, text: "" },
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: "b",
        value,
        action_ts: "1700000000.000200",
        text: { type: "plain_text", text: "button" },
      },
    ],
  });
}

/**
 * Submits a modal the app opened. Inputs go in as `values`; "who could help" is the section's
 * select accessory, whose state Slack sends under its own action id.
 */
export async function submitView(
  t: TestApp,
  userId: string,
  view: Record<string, unknown>,
  values: Record<string, InputValue | undefined>,
  couldHelp?: { blockId: string; value: string },
) {
  const state = stateValues(values) as Record<string, Record<string, unknown>>;
  if (couldHelp) {
    state[couldHelp.blockId] = {
      [ACTIONS.couldHelpSelect]: {
        type: "static_select",
        selected_option: { value: couldHelp.value },
      },
    };
  }
  const delivery = await t.slack.interaction({
    type: "view_submission",
    team: { id: TEAM_ID, domain: "workspace" },
    user: { id: userId, team_id: TEAM_ID, name: userId },
    api_app_id: "A0POC",
    trigger_id: t.emulator.triggerId(),
    view: { ...view, state: { values: state }, hash: "h" },
  });
  return {
    status: delivery.status,
    body: delivery.json as
      | { response_action?: string; errors?: Record<string, string> }
      | undefined,
  };
}

/** Successful views.open calls. */
export function openedViews(t: TestApp): Record<string, unknown>[] {
  return t.emulator
    .callsTo("views.open")
    .filter((c) => (c.response as { ok?: boolean }).ok)
    .map((c) => (c.response as { view: Record<string, unknown> }).view);
}

export function lastView(t: TestApp): Record<string, unknown> {
  const view = openedViews(t).at(-1);
  if (view === undefined) throw new Error("the app opened no modal");
  return view;
}

type Block = {
  type: string;
  block_id?: string;
  element?: Record<string, unknown>;
  accessory?: Record<string, unknown>;
  label?: { text: string };
};

export function blocksOf(view: Record<string, unknown>): Block[] {
  return view.blocks as Block[];
}

export function blockById(view: Record<string, unknown>, id: string): Block | undefined {
  return blocksOf(view).find((b) => b.block_id === id);
}

/** What the app answered the clicker alone (through the click's response_url). */
export function ephemeralAnswers(t: TestApp): string[] {
  return t.emulator.responses.map((r) => {
    const body = r.body as { text?: string; blocks?: unknown[]; response_type?: string };
    expect(body.response_type).toBe("ephemeral");
    return `${body.text ?? ""}\n${blocksText(body.blocks ?? [])}`;
  });
}

/** chat.update calls that Slack accepted, in a channel. */
export function updatesIn(t: TestApp, channel: string): RecordedCall[] {
  return t.emulator
    .callsTo("chat.update")
    .filter((c) => c.params.channel === channel && (c.response as { ok?: boolean }).ok);
}

/** Every call the app made that Slack refused (e.g. invalid_blocks): should be none. */
export function refusedCalls(t: TestApp): RecordedCall[] {
  return t.emulator.calls.filter((c) => (c.response as { ok?: boolean } | undefined)?.ok === false);
}

const validator = createBlockKitValidator();

/** Block Kit errors in an ephemeral reply's blocks (the ack body, which no Web API call checks). */
export function replyErrors(reply: { blocks?: unknown[] } | undefined): string[] {
  return validator("message", reply?.blocks ?? []);
}

export function messageText(call: RecordedCall): string {
  return `${String(call.params.text ?? "")}\n${blocksText(call.params.blocks ?? [])}`;
}

export const HOSTILE =
  "<!channel> <!here> <@U0COORD> <https://evil.example|click me> & <#C0PARTNER>";

/** True when a text carries a live mention, broadcast or link built from the hostile text. */
export function hasLiveMarkup(text: string): boolean {
  return (
    text.includes("<!channel>") ||
    text.includes("<!here>") ||
    text.includes("<@U0COORD>") ||
    text.includes("<https://evil.example") ||
    text.includes("<#C0PARTNER>")
  );
}
