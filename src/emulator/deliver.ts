/**
 * The other half of playing Slack: delivering requests to the app, as Slack's servers do for
 * slash commands, interactivity and the Events API, over either of the two ways Slack reaches an
 * app (`SlackTransport`): signed HTTP requests (`SlackDeliverer`), or envelopes on the app's
 * Socket Mode link (`SocketDeliverer`), answered by the envelope's ack. HTTP signature:
 * `v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)`. Bolt parses form bodies only when
 * the content type is exactly `application/x-www-form-urlencoded`, so the body is sent as a
 * pre-encoded string with that exact header.
 */
import { createHmac } from "node:crypto";
import type { SocketModeLink } from "./socket.js";

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface Delivery {
  /** The HTTP status; over Socket Mode 200 once acked, 0 when no ack came. */
  readonly status: number;
  readonly text: string;
  /** The body (or the ack's payload) parsed as JSON; undefined when empty or not JSON. */
  readonly json: unknown;
}

export interface DeliverOptions {
  /** Unix seconds for the signature; defaults to now (HTTP only). */
  readonly timestamp?: number;
  /** Signs with this secret instead: a forged request (HTTP only). */
  readonly signWith?: string;
  /** Extra headers (HTTP only). */
  readonly headers?: Record<string, string>;
  /** A redelivery: `X-Slack-Retry-Num` over HTTP, `retry_attempt` over Socket Mode. */
  readonly retryNum?: number;
  readonly retryReason?: string;
}

export type TransportMode = "http" | "socket";

/** How requests reach the app: the same three kinds, whichever way Slack is set to use. */
export interface SlackTransport {
  readonly mode: TransportMode;
  command(fields: SlashCommandFields, options?: DeliverOptions): Promise<Delivery>;
  interaction(payload: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery>;
  event(envelope: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery>;
}

/** A slash command's fields as Slack sends them, with the ones a test leaves out filled in. */
function commandFields(fields: SlashCommandFields, now: number): Record<string, string> {
  const all: Record<string, string | undefined> = {
    token: "verification-token-unused",
    command: "/poc",
    text: "",
    channel_name: "partnership",
    user_name: fields.user_id,
    trigger_id: `trigger.${now}.${Math.random().toString(36).slice(2)}`,
    api_app_id: "A0POC",
    ...fields,
  };
  return Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

export class SlackDeliverer implements SlackTransport {
  readonly mode = "http";

  constructor(
    private readonly appUrl: string,
    private readonly signingSecret: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async post(body: string, contentType: string, options: DeliverOptions = {}): Promise<Delivery> {
    const timestamp = options.timestamp ?? Math.floor(this.clock() / 1000);
    const response = await fetch(new URL("/slack/events", this.appUrl), {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature(options.signWith ?? this.signingSecret, timestamp, body),
        ...(options.retryNum !== undefined
          ? {
              "x-slack-retry-num": String(options.retryNum),
              "x-slack-retry-reason": options.retryReason ?? "http_timeout",
            }
          : {}),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** A slash command as Slack sends it: form fields. */
  command(fields: SlashCommandFields, options?: DeliverOptions): Promise<Delivery> {
    const body = new URLSearchParams(commandFields(fields, this.clock())).toString();
    return this.post(body, "application/x-www-form-urlencoded", options);
  }

  /** Interactivity (buttons, modal submissions): one form field `payload` holding JSON. */
  interaction(payload: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, "application/x-www-form-urlencoded", options);
  }

  /** An Events API envelope, sent as JSON. */
  event(envelope: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery> {
    return this.post(JSON.stringify(envelope), "application/json", options);
  }
}

/**
 * Socket Mode: each request goes out as an envelope on the app's link (`slash_commands`,
 * `interactive`, `events_api`), and its ack is the answer: status 200 with the ack's payload as
 * the body, or status 0 when no ack came before the link's timeout.
 */
export class SocketDeliverer implements SlackTransport {
  readonly mode = "socket";

  constructor(
    private readonly link: SocketModeLink,
    private readonly clock: () => number = Date.now,
  ) {}

  async #deliver(
    type: "slash_commands" | "interactive" | "events_api",
    payload: Record<string, unknown>,
    options: DeliverOptions = {},
  ): Promise<Delivery> {
    const { ack } = await this.link.deliver(type, payload, {
      ...(options.retryNum !== undefined ? { retryAttempt: options.retryNum } : {}),
      ...(options.retryReason !== undefined ? { retryReason: options.retryReason } : {}),
    });
    if (ack === undefined) return { status: 0, text: "", json: undefined };
    const body = ack.payload;
    const empty =
      body === undefined ||
      (typeof body === "object" && body !== null && Object.keys(body).length === 0);
    return {
      status: 200,
      text: empty ? "" : JSON.stringify(body),
      json: empty ? undefined : body,
    };
  }

  command(fields: SlashCommandFields, options?: DeliverOptions): Promise<Delivery> {
    return this.#deliver("slash_commands", commandFields(fields, this.clock()), options);
  }

  interaction(payload: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery> {
    return this.#deliver("interactive", payload, options);
  }

  event(envelope: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery> {
    return this.#deliver("events_api", envelope, options);
  }
}

export interface SlashCommandFields {
  readonly team_id: string;
  readonly channel_id: string;
  readonly user_id: string;
  readonly text?: string;
  readonly response_url?: string;
  readonly command?: string;
  readonly trigger_id?: string;
  readonly [field: string]: string | undefined;
}
