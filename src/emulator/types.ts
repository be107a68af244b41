/**
 * Public types of the Slack Web API emulator. Field names on the wire (responses, stored messages)
 * follow Slack's snake_case so the app reads them exactly as it would read Slack's own answers.
 */
import type { SocketModeLink } from "./socket.js";

export interface EmulatorUser {
  id: string;
  name: string;
  realName?: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  tz: string;
  /** Defaults to the zone's long name at the emulator clock's current instant. */
  tzLabel?: string;
  /** Seconds east of UTC; defaults to the zone's offset at the emulator clock's current instant. */
  tzOffset?: number;
  /** Defaults to the emulator's team: a different team models a Slack Connect (external) user. */
  teamId?: string;
  /** External user the bot may not DM: `conversations.open` answers `invalid_user_combination`. */
  isStranger?: boolean;
  deleted?: boolean;
  isBot?: boolean;
}

export interface EmulatorChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** When given, `chat.postEphemeral` to someone outside it answers `user_not_in_channel`. */
  members?: string[];
}

export interface RecordedCall {
  seq: number;
  method: string;
  /** Request parameters with JSON fields (`blocks`, `view`, ...) already parsed; no `token`. */
  params: Record<string, unknown>;
  token: string | undefined;
  at: number;
  status: number;
  response: unknown;
}

export type BlocksValidator = (
  kind: "message" | "view",
  payload: unknown[] | Record<string, unknown>,
) => string[];

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  users?: EmulatorUser[];
  channels?: EmulatorChannel[];
  teamId?: string;
  /** Team name returned by `auth.test`. */
  teamName?: string;
  /** The only token accepted; others get `invalid_auth`. Default "xoxb-emulator". */
  botToken?: string;
  /** The app-level token `apps.connections.open` accepts (Socket Mode). Default "xapp-emulator". */
  appToken?: string;
  /** That token's scopes; without `connections:write` it gets `missing_scope`. Default: that one. */
  appTokenScopes?: readonly string[];
  /** The bot's own user id (`auth.test` `user_id`). Default "U0EMULBOT". */
  botUserId?: string;
  /** The bot id (`auth.test` `bot_id`). Default "B0EMULBOT". */
  botId?: string;
  validator?: BlocksValidator;
  /**
   * The bot scopes the emulated install was granted (e.g. manifest.yml's): a call needing another
   * answers `missing_scope` with `needed` and `provided`, as Slack does (./scopes.ts). Default:
   * every scope, so no call is refused for one.
   */
  scopes?: readonly string[];
  /**
   * Block types this "workspace" rejects with `invalid_blocks` even when they are schema-valid,
   * e.g. ["data_visualization"] to rehearse a workspace that predates the chart block.
   */
  unsupportedBlockTypes?: string[];
  /**
   * Opt-in. Present => `chat.postMessage` is limited per channel (default 1 a second; 0 turns
   * that limit off), plus the given workspace-wide per-method caps over a rolling second and
   * budgets over a rolling minute. A call over any of them gets a 429 with Retry-After (whole
   * seconds, at least 1, until the oldest call in the full window leaves it) and uses no budget.
   */
  rateLimits?: {
    postMessagePerChannelPerSecond?: number;
    /** E.g. `{ "chat.postMessage": 100 }`: Slack's workspace cap on posting, whatever the channel. */
    perMethodPerSecond?: Record<string, number>;
    perMethodPerMinute?: Record<string, number>;
  };
  /** Epoch milliseconds; drives message ts, rate-limit windows, trigger and response_url expiry. */
  clock?: () => number;
}

export type FailRule = {
  method: string;
  /** Matches the `user`, `users`, `user_id` parameter, or a `channel` that is that user's DM. */
  user?: string;
  /** Matches the `channel` or `channel_id` parameter. */
  channel?: string;
  /** How many matching calls fail: default 1 for failNext, unlimited for failAlways. */
  times?: number;
} & (
  | { kind: "rate_limited"; retryAfter: number }
  | { kind: "http_500" }
  | {
      kind: "error";
      error:
        | "user_not_found"
        | "user_disabled"
        | "invalid_user_combination"
        | "channel_not_found"
        | "invalid_blocks"
        | "cannot_dm_bot"
        | (string & {});
    }
);

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface FileSummary {
  id: string;
  name: string;
  title: string;
  size: number;
}

/** A message as Slack would return it from `conversations.history`, plus its channel. */
export interface StoredMessage {
  type: "message";
  subtype?: string;
  channel: string;
  ts: string;
  user: string;
  bot_id: string;
  team: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  files?: FileSummary[];
}

/** A modal or Home tab as the emulator holds it (and returns it from `views.*`). */
export interface StoredView extends Record<string, unknown> {
  id: string;
  team_id: string;
  type: string;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, unknown> };
  bot_id: string;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  content: Buffer;
  channel?: string;
  /** True once `files.completeUploadExternal` has named it. */
  completed: boolean;
}

export interface SinkResponse {
  url: string;
  body: unknown;
  at: number;
}

/** Serves requests under `/<area>/…` on the emulator's port (e.g. the person API). */
export type MountedHandler = (
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse,
  path: readonly string[],
  url: URL,
) => Promise<void>;

export interface Emulator {
  /** Web API base with a trailing slash: Bolt's / WebClient's `slackApiUrl`. */
  url: string;
  origin: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** A fresh response_url pointing at the sink (5 uses, 30 minutes by the emulator clock). */
  responseUrl(name?: string): string;
  responses: SinkResponse[];
  /** A fresh trigger_id that expires 3 s (emulator clock) after issue and works once. */
  triggerId(forUser?: string): string;
  /** Whom a trigger_id was issued to (`triggerId(forUser)`), if anyone. */
  triggerUser(triggerId: string): string | undefined;
  addUser(u: EmulatorUser): void;
  addChannel(c: EmulatorChannel): void;
  updateUser(id: string, patch: Partial<Omit<EmulatorUser, "id">>): void;
  failNext(rule: FailRule): void;
  failAlways(rule: FailRule): () => void;
  clearFailures(): void;
  /** Clears calls, responses, failures, messages, views, files and rate windows; keeps users and channels. */
  reset(): void;
  messages(channel?: string): StoredMessage[];
  homeView(userId: string): StoredView | undefined;
  files(): UploadedFile[];
  /** Socket Mode: the links the app opened, envelopes to it and its acks (./socket.ts). */
  socketMode: SocketModeLink;
  /** Serves `/<area>/…` with `handler` (areas api, upload and response are the emulator's own). */
  mount(area: string, handler: MountedHandler): void;
  close(): Promise<void>;
}
