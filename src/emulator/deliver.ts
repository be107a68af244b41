/**
 * The other half of playing Slack: delivering signed requests to the app, as Slack's servers do
 * for slash commands, interactivity and the Events API. Signature:
 * `v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)`. Bolt parses form bodies only when
 * the content type is exactly `application/x-www-form-urlencoded`, so the body is sent as a
 * pre-encoded string with that exact header.
 */
import { createHmac } from "node:crypto";

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface Delivery {
  readonly status: number;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface DeliverOptions {
  /** Unix seconds for the signature; defaults to now. */
  readonly timestamp?: number;
  /** Signs with this secret instead (a forged request). */
  readonly signWith?: string;
  readonly headers?: Record<string, string>;
}

export class SlackDeliverer {
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
    const all: Record<string, string | undefined> = {
      token: "verification-token-unused",
      command: "/poc",
      text: "",
      channel_name: "partnership",
      user_name: fields.user_id,
      trigger_id: `trigger.${this.clock()}.${Math.random().toString(36).slice(2)}`,
      api_app_id: "A0POC",
      ...fields,
    };
    const defined = Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined);
    const body = new URLSearchParams(defined).toString();
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
