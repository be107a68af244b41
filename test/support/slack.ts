/**
 * Playing a person in Slack against a running test app: typing `/poc …`, submitting the modal the
 * app opened, clicking buttons. Everything goes through signed HTTP requests.
 */
import { expect } from "vitest";
import type { TestApp } from "./app.js";
import { TEAM_ID } from "./app.js";

export interface Typed {
  readonly status: number;
  /** The ephemeral reply in the ack body, if any. */
  readonly reply: { text?: string; blocks?: unknown[]; response_type?: string } | undefined;
  /** Reply text, flattened from blocks (mrkdwn, as sent). */
  readonly text: string;
}

export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "text" && typeof v === "string") out.push(v);
        else walk(v);
      }
    }
  };
  walk(blocks);
  return out.join("\n");
}

export async function type(
  t: TestApp,
  userId: string,
  channelId: string,
  text: string,
): Promise<Typed> {
  const delivery = await t.slack.command({
    team_id: TEAM_ID,
    channel_id: channelId,
    user_id: userId,
    text,
    trigger_id: t.emulator.triggerId(),
    response_url: t.emulator.responseUrl(),
  });
  const reply = delivery.json as Typed["reply"];
  return {
    status: delivery.status,
    reply,
    text: reply ? `${reply.text ?? ""}\n${blocksText(reply.blocks)}` : "",
  };
}

/** The view of the latest successful views.open (the modal the app opened). */
export function lastOpenedView(t: TestApp): Record<string, unknown> {
  const calls = t.emulator.callsTo("views.open").filter((c) => c.status === 200);
  const last = calls.at(-1);
  if (last === undefined) throw new Error("the app opened no modal");
  const response = last.response as { ok: boolean; view: Record<string, unknown> };
  expect(response.ok, JSON.stringify(response)).toBe(true);
  return response.view;
}

type InputValue =
  | { text: string }
  | { option: string }
  | { options: string[] }
  | { user: string }
  | { date: string }
  | { time: string }
  | { number: string };

/** Builds `view.state.values` the way Slack sends it (every input's action_id is "value"). */
export function stateValues(values: Record<string, InputValue | undefined>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [blockId, v] of Object.entries(values)) {
    if (v === undefined) continue;
    let element: Record<string, unknown>;
    if ("text" in v) element = { type: "plain_text_input", value: v.text };
    else if ("number" in v) element = { type: "number_input", value: v.number };
    else if ("option" in v)
      element = { type: "static_select", selected_option: { value: v.option } };
    else if ("options" in v)
      element = {
        type: "multi_static_select",
        selected_options: v.options.map((value) => ({ value })),
      };
    else if ("user" in v) element = { type: "users_select", selected_user: v.user };
    else if ("date" in v) element = { type: "datepicker", selected_date: v.date };
    else element = { type: "timepicker", selected_time: v.time };
    state[blockId] = { value: element };
  }
  return state;
}

export interface Submitted {
  readonly status: number;
  /** The ack body: `{response_action:"errors", errors}` or empty. */
  readonly body: { response_action?: string; errors?: Record<string, string> } | undefined;
}

/** Submits a modal the app opened, with the given input values. */
export async function submit(
  t: TestApp,
  userId: string,
  view: Record<string, unknown>,
  values: Record<string, InputValue | undefined>,
): Promise<Submitted> {
  const delivery = await t.slack.interaction({
    type: "view_submission",
    team: { id: TEAM_ID, domain: "test" },
    user: { id: userId, team_id: TEAM_ID, name: userId },
    api_app_id: "A0POC",
    trigger_id: t.emulator.triggerId(),
    view: {
      ...view,
      state: { values: stateValues(values) },
      hash: "h",
    },
  });
  return { status: delivery.status, body: delivery.json as Submitted["body"] };
}
