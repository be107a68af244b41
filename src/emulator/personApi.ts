/**
 * The emulator's person API over HTTP, for a developer running the app against a standalone
 * emulator (`npx poc emulator`): act as one of the workspace's people with curl, as the tests and
 * the demo do in-process through `Person`. Each action reaches the app as a signed request.
 *
 *   POST /person/<user>/command  {"channel":"C…","text":"setup"}    types `/poc setup`
 *   GET  /person/<user>/modal                                       the modal the app opened last
 *   POST /person/<user>/submit   {"values":{"<block_id>":{"text":"…"}}}  submits that modal
 *   POST /person/<user>/click    {"ts":"…","action_id":"…"}         clicks a button in a message
 *   POST /person/<user>/home                                        opens the App Home tab
 *   GET  /person/<user>/home                                        the Home tab the app published
 *   GET  /messages[?channel=C…|U…]                                  what the app posted, with buttons
 *   GET  /responses                                                 what the app sent to response_urls
 *
 * Answers are JSON; a wrong person, message, button or body is a 4xx with `{ok:false, error}`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SlackDeliverer } from "./deliver.js";
import { readBody, sendJson } from "./http.js";
import { type InputValue, messageElements, Person } from "./person.js";
import type { Emulator, EmulatorUser, MountedHandler, StoredMessage } from "./types.js";

export interface PersonApiOptions {
  readonly emulator: Emulator;
  readonly slack: SlackDeliverer;
  readonly users: readonly EmulatorUser[];
  /** The workspace of people without their own `teamId`. */
  readonly teamId: string;
  /** Where `command` types when the body names no channel. */
  readonly defaultChannel: string;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A person's action is a few hundred bytes; anything near this is not one. */
const MAX_BODY_BYTES = 256 * 1024;

/** The value shapes `stateValues` turns into `view.state.values` (docs/emulator.md). */
const inputValue = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ number: z.string() }),
  z.strictObject({ option: z.string() }),
  z.strictObject({ options: z.array(z.string()) }),
  z.strictObject({ user: z.string() }),
  z.strictObject({ date: z.string() }),
  z.strictObject({ time: z.string() }),
  z.strictObject({ accessoryOption: z.string(), actionId: z.string() }),
]);
const submitValues = z.record(z.string(), inputValue);

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    throw new BadRequest(413, "body_too_large", `the body must be under ${MAX_BODY_BYTES} bytes`);
  }
  const bytes = await readBody(req);
  if (bytes.length > MAX_BODY_BYTES) {
    throw new BadRequest(413, "body_too_large", `the body must be under ${MAX_BODY_BYTES} bytes`);
  }
  const raw = bytes.toString("utf8");
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadRequest(400, "invalid_json", "the body must be a JSON object");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest(400, "invalid_json", "the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new BadRequest(400, "invalid_arguments", `"${field}" must be a non-empty string`);
  }
  return value;
}

/** The action ids of a message's buttons and selects: what `click` takes. */
const actionIds = (message: StoredMessage) =>
  messageElements(message.blocks ?? []).map((e) => e.actionId);

const summary = (m: StoredMessage) => ({
  channel: m.channel,
  ts: m.ts,
  ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}),
  text: m.text,
  actions: actionIds(m),
});

export function mountPersonApi(options: PersonApiOptions): void {
  const { emulator, slack, users } = options;

  const personFor = (userId: string | undefined): Person => {
    const user = users.find((u) => u.id === userId);
    if (user === undefined) {
      throw new BadRequest(
        404,
        "user_not_found",
        `no person "${userId ?? ""}"; the people are ${users.map((u) => u.id).join(", ")}`,
      );
    }
    return new Person(user.id, user.teamId ?? options.teamId, emulator, slack);
  };

  const person: MountedHandler = async (req, res, path) => {
    await answer(res, async () => {
      const [userId, action, ...extra] = path;
      const who = personFor(userId);
      const route = `${req.method ?? "GET"} ${action ?? ""}`;
      if (extra.length > 0) throw new BadRequest(404, "not_found", `no route ${req.url ?? ""}`);
      switch (route) {
        case "POST command": {
          const body = await jsonBody(req);
          const channel =
            body.channel === undefined ? options.defaultChannel : text(body, "channel");
          const typed = typeof body.text === "string" ? body.text : "";
          return answered(await who.type(channel, typed));
        }
        case "GET modal":
          return { ok: true, view: who.openedModal() ?? null };
        case "POST submit": {
          const body = await jsonBody(req);
          const view = who.openedModal();
          if (view === undefined) {
            throw new BadRequest(409, "no_modal", "the app has opened no modal to submit");
          }
          const values = submitValues.safeParse(body.values ?? {});
          if (!values.success) {
            const where = values.error.issues[0]?.path.join(".") ?? "";
            throw new BadRequest(
              400,
              "invalid_arguments",
              `"values${where ? `.${where}` : ""}" must be {"text":"…"}, {"number":"…"}, {"option":"…"}, {"options":["…"]}, {"user":"U…"}, {"date":"YYYY-MM-DD"} or {"time":"HH:MM"}`,
            );
          }
          return answered(await who.submit(view, values.data as Record<string, InputValue>));
        }
        case "POST click": {
          const body = await jsonBody(req);
          const ts = text(body, "ts");
          const actionId = text(body, "action_id");
          const message = emulator.messages().find((m) => m.ts === ts);
          if (message === undefined) {
            throw new BadRequest(404, "message_not_found", `no message with ts ${ts}`);
          }
          if (!actionIds(message).includes(actionId)) {
            throw new BadRequest(
              400,
              "action_not_found",
              `message ${ts} has no "${actionId}"; it has ${actionIds(message).join(", ") || "no buttons"}`,
            );
          }
          return answered(await who.click(message, actionId));
        }
        case "POST home":
          return answered({ status: await who.openHome(`Ev${randomUUID().replaceAll("-", "")}`) });
        case "GET home":
          return { ok: true, view: emulator.homeView(who.userId) ?? null };
        default:
          throw new BadRequest(
            404,
            "not_found",
            `no route ${route}: use command, modal, submit, click or home`,
          );
      }
    });
  };

  const messages: MountedHandler = async (req, res, path, url) => {
    await answer(res, async () => {
      if (req.method !== "GET" || path.length > 0) {
        throw new BadRequest(404, "not_found", "GET /messages[?channel=<id>]");
      }
      const channel = url.searchParams.get("channel") ?? undefined;
      return { ok: true, messages: emulator.messages(channel).map(summary) };
    });
  };

  const responses: MountedHandler = async (req, res, path) => {
    await answer(res, async () => {
      if (req.method !== "GET" || path.length > 0) {
        throw new BadRequest(404, "not_found", "GET /responses");
      }
      return { ok: true, responses: emulator.responses };
    });
  };

  emulator.mount("person", person);
  emulator.mount("messages", messages);
  emulator.mount("responses", responses);
}

/**
 * The app's own answer, passed on; a 401 means the app checks signatures with another secret than
 * the one this emulator signs with, which the developer can only fix by restarting the app.
 */
function answered<T extends { status: number }>(delivery: T): T {
  if (delivery.status === 401) {
    throw new BadRequest(
      502,
      "app_rejected_signature",
      "the app answered 401: start it with the SLACK_SIGNING_SECRET this emulator printed",
    );
  }
  return delivery;
}

async function answer(res: ServerResponse, work: () => Promise<unknown>): Promise<void> {
  try {
    sendJson(res, 200, await work());
  } catch (error) {
    if (error instanceof BadRequest) {
      sendJson(res, error.status, { ok: false, error: error.code, message: error.message });
      return;
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if (error instanceof TypeError && cause !== undefined) {
      // fetch could not reach the app (not running, or another --app-url).
      sendJson(res, 502, { ok: false, error: "app_unreachable", message: `the app: ${cause}` });
      return;
    }
    sendJson(res, 500, { ok: false, error: "internal_error", message: String(error) });
  }
}
