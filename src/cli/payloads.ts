/**
 * The demo's Block Kit payloads, for demo-output/: every message, modal and Home tab the app sent
 * or showed, read from what the emulator recorded (Web API calls, response_url posts) and from the
 * bodies the app answered requests with (a slash command's ephemeral reply). Each becomes one JSON
 * file with a Block Kit Builder link, numbered in the order people saw them, plus an index.md.
 *
 * The order: everything the emulator recorded since the last look is taken before a person acts
 * (what the scheduler sent) and again after (what their action caused, attributed to them), so a
 * modal opened by `views.open`, which names no user, is known to be the one the actor saw.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SlackTransport } from "../emulator/deliver.js";
import type { Emulator, RecordedCall } from "../emulator/index.js";
import {
  type CommandAnswer,
  type InputValue,
  Person,
  type SubmitAnswer,
} from "../emulator/person.js";
import { PROMPT_METADATA_TYPE } from "../slack/ids.js";
import { DemoError } from "./demoWeeks.js";

export const BLOCK_KIT_BUILDER = "https://app.slack.com/block-kit-builder/#";

/** What Block Kit Builder opens: `{blocks}` for a message, the view object for a modal or Home tab. */
export type BuilderPayload = { blocks: unknown[] } | Record<string, unknown>;

export function blockKitBuilderUrl(payload: BuilderPayload): string {
  return `${BLOCK_KIT_BUILDER}${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface PayloadEntry {
  /** chat.postMessage, chat.update, chat.postEphemeral, views.open, views.publish, response_url, ack. */
  readonly source: string;
  readonly surface: "message" | "modal" | "home";
  /** A Slack id for the file name: the user who saw it, or the channel. */
  readonly to: string;
  /** Who saw it, in words: "Priya Nair (DM)", "#water-partnership". */
  readonly seenBy: string;
  /** What it is, as a file-name slug: prompt, digest, modal-check-in, reply-status. */
  readonly what: string;
  /** Simulated time it was sent (epoch ms). */
  readonly at: number;
  /** The message's notification text, when it has one. */
  readonly text: string | undefined;
  readonly payload: BuilderPayload;
}

export interface PayloadLogOptions {
  readonly emulator: Emulator;
  readonly name: (id: string) => string | undefined;
  /** The partnership channel's id and how to call it. */
  readonly channelId: string;
  readonly channelName: string;
  readonly clock: () => number;
  /** Resolves once the app has published every Home tab its changes so far asked for. */
  readonly homesPublished: () => Promise<void>;
}

type Params = Record<string, unknown>;

function str(params: Params, key: string): string | undefined {
  const value = params[key];
  return typeof value === "string" ? value : undefined;
}

/** A file-name-safe label, at most 32 characters, cut between words. */
export function slug(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/<@[a-z0-9]+>/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = words.length > 32 ? words.slice(0, 33).replace(/-[^-]*$/, "") : words;
  return cut || "payload";
}

function headerOf(blocks: unknown[]): string | undefined {
  const header = (blocks as { type?: string; text?: { text?: string } }[]).find(
    (b) => b.type === "header",
  );
  return header?.text?.text;
}

/** What a message is, from its text, metadata and blocks. */
function messageKind(params: Params, blocks: unknown[]): string {
  const text = (str(params, "text") ?? "").replace(/^<@[A-Z0-9]+>\s*/, "");
  const metadata = params.metadata as { event_type?: string } | undefined;
  if (metadata?.event_type === PROMPT_METADATA_TYPE || text.startsWith("Check-in:")) {
    return "prompt";
  }
  if (text.startsWith("Reminder:")) return "reminder";
  if (text.startsWith("Snooze over:")) return "snooze-over";
  if (text.startsWith("Digest detail")) return "digest-detail";
  if (/^Resolved blocker #\d+/i.test(text)) return "blocker-resolved";
  if (JSON.stringify(blocks).includes('"blocker_help"') || /^Blocker #\d+/i.test(text)) {
    return "blocker";
  }
  if (text.startsWith("Someone offered to help")) return "help-offered";
  if (text.startsWith("Silent for")) return "silent-owner";
  if (text.startsWith("Could not DM")) return "dm-failed";
  const header = headerOf(blocks);
  if (header !== undefined) return slug(header.replace(/:.*$/, ""));
  return slug(text.split(/[.:\n]/)[0] ?? "notice");
}

export class PayloadLog {
  readonly entries: PayloadEntry[] = [];
  /** Home tabs republished unchanged: left out, they show nothing new. */
  unchangedHomes = 0;
  private readonly lastHome = new Map<string, string>();
  private callCursor = 0;
  private responseCursor = 0;

  constructor(private readonly options: PayloadLogOptions) {}

  private dmUser(channel: string | undefined): string | undefined {
    return channel?.startsWith("D") ? channel.slice(1) : undefined;
  }

  private who(id: string): string {
    return this.options.name(id) ?? id;
  }

  /**
   * Takes what the emulator recorded since the last look; `actor` caused it (undefined: the
   * scheduler). Of several Home tabs one person was sent in that time, only the last is taken: how
   * many the app sent on the way depends on timing, the Home the step left does not.
   */
  flush(actor?: string): void {
    const { emulator } = this.options;
    const end = emulator.calls.length;
    const lastHome = new Map<string, number>();
    for (let i = this.callCursor; i < end; i += 1) {
      const to = this.homeOf(emulator.calls[i] as RecordedCall, actor);
      if (to !== undefined) lastHome.set(to, i);
    }
    while (this.callCursor < end) {
      const call = emulator.calls[this.callCursor] as RecordedCall;
      const to = this.homeOf(call, actor);
      this.callCursor += 1;
      if (to !== undefined && lastHome.get(to) !== this.callCursor - 1) continue;
      const entry = this.fromCall(call, actor);
      if (entry) this.entries.push(entry);
    }
    while (this.responseCursor < emulator.responses.length) {
      const response = emulator.responses[this.responseCursor];
      this.responseCursor += 1;
      const body = (response?.body ?? {}) as { blocks?: unknown[]; text?: string };
      if (response === undefined || !Array.isArray(body.blocks) || body.blocks.length === 0) {
        continue;
      }
      const to = actor ?? "unknown";
      this.entries.push({
        source: "response_url",
        surface: "message",
        to,
        seenBy: `${this.who(to)} (only visible to them)`,
        what: slug(body.text?.split(/[.:\n]/)[0] ?? "reply"),
        at: response.at,
        text: body.text,
        payload: { blocks: body.blocks },
      });
    }
  }

  /** Whose Home tab a successful `views.publish` set, or undefined for any other call. */
  private homeOf(call: RecordedCall, actor: string | undefined): string | undefined {
    const view = call.params.view as { type?: unknown } | undefined;
    const ok = call.status === 200 && (call.response as { ok?: boolean }).ok === true;
    if (call.method !== "views.publish" || !ok || view?.type !== "home") return undefined;
    return str(call.params, "user_id") ?? actor ?? "unknown";
  }

  /** Waits until the app has published the Homes its changes asked for, then flushes. */
  async take(actor?: string): Promise<void> {
    await this.options.homesPublished();
    this.flush(actor);
  }

  private fromCall(call: RecordedCall, actor: string | undefined): PayloadEntry | undefined {
    const response = call.response as { ok?: boolean; channel?: string };
    if (call.status !== 200 || response.ok !== true) return undefined;
    const params = call.params;
    switch (call.method) {
      case "chat.postMessage":
      case "chat.update":
      case "chat.postEphemeral": {
        const blocks = params.blocks;
        if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
        const channel = response.channel ?? str(params, "channel");
        const ephemeral = call.method === "chat.postEphemeral";
        const dm = this.dmUser(channel);
        const to = ephemeral ? (str(params, "user") ?? "unknown") : (dm ?? channel ?? "unknown");
        const inThread = str(params, "thread_ts") !== undefined;
        let seenBy: string;
        if (ephemeral) seenBy = `${this.who(to)} (only visible to them)`;
        else if (dm !== undefined)
          seenBy = `${this.who(dm)} (DM${inThread ? ", in a thread" : ""})`;
        else {
          const name =
            channel === this.options.channelId ? this.options.channelName : (channel ?? "");
          seenBy = `#${name}${inThread ? " (in a thread)" : ""}`;
        }
        return {
          source: call.method,
          surface: "message",
          to,
          seenBy,
          what: messageKind(params, blocks),
          at: call.at,
          text: str(params, "text"),
          payload: { blocks },
        };
      }
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish": {
        const view = params.view as Record<string, unknown> | undefined;
        if (view === undefined) return undefined;
        const home = view.type === "home";
        const to = str(params, "user_id") ?? actor ?? "unknown";
        if (home) {
          const json = JSON.stringify(view);
          if (this.lastHome.get(to) === json) {
            this.unchangedHomes += 1;
            return undefined;
          }
          this.lastHome.set(to, json);
        }
        const callback = String(view.callback_id ?? "").replace(/^poc_/, "");
        return {
          source: call.method,
          surface: home ? "home" : "modal",
          to,
          seenBy: `${this.who(to)} (${home ? "Home tab" : "modal"})`,
          what: home ? "home" : `modal-${slug(callback || "view")}`,
          at: call.at,
          text: undefined,
          payload: view,
        };
      }
      default:
        return undefined;
    }
  }

  /** A body the app answered a request with (a slash command's reply), if it holds blocks or a view. */
  ack(actor: string, what: string, body: unknown): void {
    const b = (body ?? {}) as { blocks?: unknown[]; text?: string; view?: Record<string, unknown> };
    if (Array.isArray(b.blocks) && b.blocks.length > 0) {
      this.entries.push({
        source: "ack",
        surface: "message",
        to: actor,
        seenBy: `${this.who(actor)} (only visible to them)`,
        what,
        at: this.options.clock(),
        text: b.text,
        payload: { blocks: b.blocks },
      });
    } else if (b.view !== undefined) {
      this.entries.push({
        source: "ack",
        surface: b.view.type === "home" ? "home" : "modal",
        to: actor,
        seenBy: `${this.who(actor)} (modal)`,
        what,
        at: this.options.clock(),
        text: undefined,
        payload: b.view,
      });
    }
  }

  fileNames(): string[] {
    const width = Math.max(3, String(this.entries.length).length);
    return this.entries.map(
      (e, i) => `${String(i + 1).padStart(width, "0")}-${e.source}-${e.to}-${e.what}.json`,
    );
  }

  /**
   * Writes every payload and index.md into `dir`, recreated. A folder that holds anything else
   * than a previous run's files is left alone: the demo never deletes what it did not write.
   */
  write(dir: string, shownAs: string): number {
    if (existsSync(dir)) {
      const foreign = readdirSync(dir).filter(
        (f) => !/^\d{3,}-[A-Za-z._]+-[A-Za-z0-9]+-[a-z0-9-]+\.json$/.test(f) && f !== "index.md",
      );
      if (foreign.length > 0) {
        throw new DemoError(
          `${shownAs} holds files the demo did not write (${foreign[0]}); move them or pick another folder`,
        );
      }
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    const names = this.fileNames();
    const index = [
      "# Block Kit payloads of the demo",
      "",
      `${this.entries.length} payloads, in the order they were shown. Each JSON file holds the payload`,
      "(`{blocks}` for a message, the view for a modal or Home tab) and a `blockKitBuilderUrl` that opens",
      "it in Slack's Block Kit Builder (sign in to Slack to see it rendered).",
      "",
      `The app republishes a person's Home tab after every change that concerns them. Each step keeps`,
      `the last Home tab it left each person, and the ${this.unchangedHomes} identical to that person's`,
      "previous Home tab are left out.",
      "",
      "| # | file | seen by | sent (UTC, simulated) | Block Kit Builder |",
      "|---|---|---|---|---|",
    ];
    this.entries.forEach((entry, i) => {
      const name = names[i] as string;
      const url = blockKitBuilderUrl(entry.payload);
      const file = {
        source: entry.source,
        surface: entry.surface,
        seenBy: entry.seenBy,
        sentAt: new Date(entry.at).toISOString(),
        ...(entry.text === undefined ? {} : { text: entry.text }),
        payload: entry.payload,
        blockKitBuilderUrl: url,
      };
      writeFileSync(join(dir, name), `${JSON.stringify(file, null, 2)}\n`);
      const sent = new Date(entry.at).toISOString().slice(0, 16).replace("T", " ");
      index.push(`| ${i + 1} | [${name}](${name}) | ${entry.seenBy} | ${sent} | [open](${url}) |`);
    });
    writeFileSync(join(dir, "index.md"), `${index.join("\n")}\n`);
    return this.entries.length;
  }
}

/**
 * A Person whose every action is logged: what the scheduler sent before it, what the action
 * caused after it, and the reply the app answered with.
 */
export class RecordingPerson extends Person {
  constructor(
    userId: string,
    teamId: string,
    emulator: Emulator,
    slack: SlackTransport,
    private readonly log: PayloadLog,
  ) {
    super(userId, teamId, emulator, slack);
  }

  /** Every request must be answered: a step that was not stops the demo. */
  #answered<T extends { status: number }>(what: string, answer: T): T {
    if (answer.status === 200) return answer;
    throw new DemoError(
      answer.status === 0
        ? `${what} was never acknowledged on the Socket Mode link`
        : `${what} answered HTTP ${answer.status}`,
    );
  }

  override async type(channelId: string, text: string): Promise<CommandAnswer> {
    await this.log.take();
    const answer = this.#answered(`/poc ${text}`, await super.type(channelId, text));
    await this.log.take(this.userId);
    this.log.ack(
      this.userId,
      `reply-${slug(text.split(/\s+/).slice(0, 2).join(" "))}`,
      answer.reply,
    );
    return answer;
  }

  override async submit(
    view: Record<string, unknown>,
    values: Record<string, InputValue | undefined>,
  ): Promise<SubmitAnswer> {
    await this.log.take();
    const answer = this.#answered(
      `submitting ${String(view.callback_id)}`,
      await super.submit(view, values),
    );
    await this.log.take(this.userId);
    this.log.ack(this.userId, "modal-answer", answer.body);
    return answer;
  }

  override async click(
    ...args: Parameters<Person["click"]>
  ): Promise<{ status: number; body: unknown }> {
    await this.log.take();
    const answer = this.#answered(`clicking ${args[1]}`, await super.click(...args));
    await this.log.take(this.userId);
    return answer;
  }

  override async openHome(eventId: string): Promise<number> {
    await this.log.take();
    const status = await super.openHome(eventId);
    this.#answered("opening the Home tab", { status });
    await this.log.take(this.userId);
    return status;
  }
}
