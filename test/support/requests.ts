/**
 * Sending signed bodies of any shape to a running test app and reading what came back: the status,
 * the body, how long the answer took, and whether the database changed at all.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Receiver, ReceiverEvent } from "@slack/bolt";
import { createLogger, type Logger } from "../../src/logger.js";
import { PocApp } from "../../src/slack/dispatch.js";
import type { TestApp } from "./app.js";

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  /** Milliseconds from sending to the whole answer. */
  readonly ms: number;
}

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

/** A correctly signed POST /slack/events with this exact body and content type. */
export async function send(t: TestApp, body: string, contentType: string): Promise<Answer> {
  const started = performance.now();
  const delivery = await t.http().post(body, contentType);
  return { ...delivery, ms: performance.now() - started };
}

/** An interaction payload as Slack sends it: one form field, `payload`, holding the JSON. */
export function payloadForm(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The bytes of the database file and its write-ahead log, hashed. */
export function fingerprint(t: TestApp): string {
  const hash = createHash("sha256");
  for (const path of [t.databasePath, `${t.databasePath}-wal`]) {
    hash.update(existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
  }
  return hash.digest("hex");
}

/** A logger that keeps every line (at debug and above) for the test to read. */
export function recordingLogger(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger("debug", (line) => lines.push(line)), lines };
}

/** `/poc status` as Slack sends it (form fields, parsed), from a workspace the app does not know. */
export const STATUS_COMMAND = {
  command: "/poc",
  text: "status",
  team_id: "T1",
  user_id: "U1",
  channel_id: "C1",
  trigger_id: "t.1",
} as const;

export type LateAck = "not yet" | "returned" | "threw";

/** A receiver that receives nothing: requests go straight to `processEvent`. */
export const IDLE_RECEIVER: Receiver = {
  init: () => {},
  start: async () => undefined,
  stop: async () => undefined,
};

/** A PocApp with no listeners that needs no Slack: known bot ids, so Bolt never calls auth.test. */
export function offlinePocApp(logger: Logger, receiver: Receiver = IDLE_RECEIVER): PocApp {
  return new PocApp({
    token: "xoxb-unused",
    botId: "B0POC",
    botUserId: "U0POC",
    receiver,
    logger,
    tokenVerificationEnabled: false,
  });
}

/** Hands `body` to the app as a receiver would; resolves with every ack, in order. */
export async function processed(app: PocApp, body: unknown): Promise<unknown[]> {
  const acks: unknown[] = [];
  await app.processEvent({
    body: body as ReceiverEvent["body"],
    ack: async (response?: unknown) => {
      acks.push(response);
    },
  });
  return acks;
}

/**
 * A PocApp on `receiver` whose one `/poc` listener acks after 2.8 s, past the receivers' 2.5 s
 * budget; the function returned says what that late ack did.
 */
export function slowCommandApp(receiver: Receiver, logger: Logger): () => LateAck {
  const pocApp = offlinePocApp(logger, receiver);
  let lateAck: LateAck = "not yet";
  pocApp.command("/poc", async ({ ack }) => {
    await new Promise((resolve) => setTimeout(resolve, 2800));
    try {
      await ack({ response_type: "ephemeral", text: "too late" });
      lateAck = "returned";
    } catch {
      lateAck = "threw";
    }
  });
  return () => lateAck;
}
