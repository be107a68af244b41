/**
 * A person using Slack, for the demo and the tests: types `/poc …`, submits the modal the app
 * opened, opens their App Home. Everything reaches the app as Slack would send it (signed HTTP
 * requests, or envelopes on its Socket Mode link), and what the app sent back is read from the
 * emulator.
 */
import type { SlackTransport } from "./deliver.js";
import type { Emulator, StoredMessage, StoredView } from "./index.js";

/** A value typed or picked in one modal input (every input's action_id is "value"). */
export type InputValue =
  /** A select that is a section's accessory (not an input): it keeps its own action_id. */
  | { accessoryOption: string; actionId: string }
  | { text: string }
  | { option: string }
  | { options: string[] }
  | { user: string }
  | { date: string }
  | { time: string }
  | { number: string };

export interface CommandAnswer {
  readonly status: number;
  /** The ephemeral reply in the ack body, if any. */
  readonly reply: { text?: string; blocks?: unknown[]; response_type?: string } | undefined;
}

export interface SubmitAnswer {
  readonly status: number;
  /** The ack body: `{response_action:"errors", errors}`, or undefined when the modal closed. */
  readonly body: { response_action?: string; errors?: Record<string, string> } | undefined;
}

/** Builds `view.state.values` the way Slack sends it. */
export function stateValues(values: Record<string, InputValue | undefined>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [blockId, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if ("accessoryOption" in v) {
      state[blockId] = {
        [v.actionId]: { type: "static_select", selected_option: { value: v.accessoryOption } },
      };
      continue;
    }
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

export class Person {
  constructor(
    readonly userId: string,
    private readonly teamId: string,
    private readonly emulator: Emulator,
    private readonly slack: SlackTransport,
  ) {}

  /** Types `/poc <text>` in a channel (or DM). */
  async type(channelId: string, text: string): Promise<CommandAnswer> {
    const delivery = await this.slack.command({
      team_id: this.teamId,
      channel_id: channelId,
      user_id: this.userId,
      text,
      trigger_id: this.emulator.triggerId(this.userId),
      response_url: this.emulator.responseUrl(),
    });
    return { status: delivery.status, reply: delivery.json as CommandAnswer["reply"] };
  }

  /** The modal the app most recently opened for this person (with their trigger_id), if any. */
  openedModal(): StoredView | undefined {
    const call = this.emulator
      .callsTo("views.open")
      .filter(
        (c) =>
          (c.response as { ok?: boolean }).ok &&
          typeof c.params.trigger_id === "string" &&
          this.emulator.triggerUser(c.params.trigger_id) === this.userId,
      )
      .at(-1);
    return (call?.response as { view?: StoredView } | undefined)?.view;
  }

  /** Submits a modal with these input values. */
  async submit(
    view: Record<string, unknown>,
    values: Record<string, InputValue | undefined>,
  ): Promise<SubmitAnswer> {
    const delivery = await this.slack.interaction({
      type: "view_submission",
      team: { id: this.teamId, domain: "workspace" },
      user: { id: this.userId, team_id: this.teamId, name: this.userId },
      api_app_id: "A0POC",
      trigger_id: this.emulator.triggerId(this.userId),
      view: { ...view, state: { values: stateValues(values) }, hash: "h" },
    });
    return { status: delivery.status, body: delivery.json as SubmitAnswer["body"] };
  }

  /**
   * Clicks the button `actionId` in a message the app posted (a block_actions interaction, as
   * Slack sends it: the button's value, the message's channel and ts, a fresh trigger_id).
   */
  async click(
    message: StoredMessage,
    actionId: string,
  ): Promise<{ status: number; body: unknown }> {
    const button = messageElements(message.blocks ?? []).find((e) => e.actionId === actionId);
    if (button === undefined) {
      throw new Error(`no element ${actionId} in message ${message.ts} (${message.text})`);
    }
    const delivery = await this.slack.interaction({
      type: "block_actions",
      team: { id: this.teamId, domain: "workspace" },
      user: { id: this.userId, team_id: this.teamId, name: this.userId },
      api_app_id: "A0POC",
      trigger_id: this.emulator.triggerId(this.userId),
      container: {
        type: "message",
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
      },
      channel: { id: message.channel, name: message.channel },
      message: { ...message },
      response_url: this.emulator.responseUrl(),
      actions: [
        {
          type: button.type,
          action_id: actionId,
          block_id: button.blockId,
          value: button.value,
          text: button.text,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    return { status: delivery.status, body: delivery.json };
  }

  /** Opens the app's Home tab (an `app_home_opened` event). */
  async openHome(eventId: string): Promise<number> {
    const delivery = await this.slack.event({
      type: "event_callback",
      team_id: this.teamId,
      api_app_id: "A0POC",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: "app_home_opened",
        user: this.userId,
        channel: `D${this.userId}`,
        tab: "home",
      },
    });
    return delivery.status;
  }
}

/** An interactive element (button, select) of a message, with the block it sits in. */
export interface MessageElement {
  readonly actionId: string;
  readonly type: string;
  readonly blockId: string | undefined;
  readonly value: string | undefined;
  readonly text: unknown;
}

/** Every element with an action_id in these blocks (their `elements` and `accessory`), in order. */
export function messageElements(blocks: readonly unknown[]): MessageElement[] {
  const found: MessageElement[] = [];
  for (const block of blocks as {
    block_id?: string;
    elements?: unknown[];
    accessory?: unknown;
  }[]) {
    const candidates = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])];
    for (const el of candidates as {
      action_id?: unknown;
      type: string;
      value?: string;
      text?: unknown;
    }[]) {
      if (typeof el.action_id !== "string") continue;
      found.push({
        actionId: el.action_id,
        type: el.type,
        blockId: block.block_id,
        value: el.value,
        text: el.text,
      });
    }
  }
  return found;
}
