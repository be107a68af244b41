/**
 * Playing a person in Slack against a running test app: typing `/poc …`, submitting the modal the
 * app opened, clicking buttons. Everything goes through signed HTTP requests.
 */
import { expect } from "vitest";
import { type InputValue, Person, stateValues } from "../../src/emulator/person.js";
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
  const { status, reply } = await new Person(userId, TEAM_ID, t.emulator, t.slack).type(
    channelId,
    text,
  );
  return {
    status,
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

export { stateValues };

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
  return new Person(userId, TEAM_ID, t.emulator, t.slack).submit(view, values);
}
