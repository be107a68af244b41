/**
 * The interfaces adapters implement for the services. Services never import Slack, node-cron or
 * the clock; what they need from outside arrives through these ports.
 */
export type Clock = () => number;

/** A Slack user as the services need them (from users.info). */
export interface DirectoryUser {
  readonly id: string;
  readonly teamId: string | undefined;
  /** Real name, else display name, else handle. */
  readonly name: string;
  /** The @handle (users.info `name`). */
  readonly handle: string;
  /** IANA zone; undefined when Slack gives none. */
  readonly tz: string | undefined;
  readonly isBot: boolean;
  readonly deleted: boolean;
  /** A Slack Connect user from another organization (`is_stranger`, or another team). */
  readonly isExternal: boolean;
}

/** Looks people up in Slack (users.info / users.list). */
export interface SlackDirectory {
  /** null when Slack does not know the user (user_not_found). */
  user(teamId: string, userId: string): Promise<DirectoryUser | null>;
  /** Finds a user by handle or display name, for mentions Slack did not escape. */
  findByName(teamId: string, name: string): Promise<DirectoryUser | null>;
  /** Drops what is cached about a user (their profile changed). */
  forget?(userId: string): void;
}

import type { Digest } from "../domain/digest.js";

// ---- Sending to Slack ----------------------------------------------------------------------------

/**
 * A failed delivery, classified. About one item:
 * - `retryable`: a 5xx, a timeout, an unknown platform error: this item is tried again later
 *   through the outbox's `next attempt at`;
 * - `permanent`: a fact about this person, channel or payload (user_not_found, user_disabled,
 *   cannot_dm_bot, invalid_user_combination, channel_not_found, invalid_blocks, …): recorded and
 *   answered another way.
 * About the whole workspace (the app's token, its grant, Slack itself; `isWorkspaceWide`):
 * - `unauthorized`: the bot token or the app's grant is wrong (invalid_auth, token_revoked, a
 *   deactivated bot, missing_scope, …): nothing works until an operator acts;
 * - `unavailable`: Slack cannot be reached or asks to wait (no connection, a rate limit that
 *   outlasted the waits Slack asked for): nothing works for a while.
 * The tick stops calling Slack on either, leaves every prompt and digest due and says so once
 * (docs/outbox.md). Adapters throw it; services never see Slack's own errors.
 */
export class DeliveryError extends Error {
  readonly kind: DeliveryKind;
  /** Slack's error code or the HTTP/network cause, e.g. "user_disabled", "http_500". */
  readonly code: string;
  /** For `missing_scope`: the scope Slack said the call needs (its `needed` field). */
  readonly needed: string | undefined;
  constructor(
    kind: DeliveryKind,
    code: string,
    message?: string,
    detail: { needed?: string } = {},
  ) {
    super(message ?? `${kind} delivery failure: ${code}`);
    this.name = "DeliveryError";
    this.kind = kind;
    this.code = code;
    this.needed = detail.needed;
  }
}

export type DeliveryKind = "retryable" | "permanent" | "unauthorized" | "unavailable";

/** A failure of the workspace's link to Slack, not of one person's item (see DeliveryError). */
export function isWorkspaceWide(error: DeliveryError): boolean {
  return error.kind === "unauthorized" || error.kind === "unavailable";
}

export interface ObjectiveLine {
  readonly title: string;
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
}

export interface LastCheckIn {
  readonly status: "on_track" | "at_risk" | "off_track" | "done";
  readonly progress: number | null;
  readonly whatMoved: string | null;
  readonly nextStep: string | null;
  readonly at: number;
}

/** Everything a check-in prompt shows; the Slack adapter renders it. */
export interface PromptMessage {
  readonly promptId: number;
  readonly periodKey: string;
  /** The slot instant this prompt asks about. */
  readonly dueAt: number;
  readonly ownerUserId: string;
  readonly partnershipName: string;
  /** The partnership channel (for the fallback mention). */
  readonly channelId: string;
  readonly commitment: {
    readonly id: number;
    readonly title: string;
    readonly organizationName: string;
    readonly dueDate: string | null;
    readonly cadence: "weekly" | "biweekly" | "monthly";
  };
  readonly objectives: readonly ObjectiveLine[];
  readonly last: LastCheckIn | null;
}

/** What a prompt message shows once something happened to it (the DM is updated in place). */
export type PromptOutcome =
  | { readonly kind: "recorded"; readonly checkIn: LastCheckIn; readonly edited: boolean }
  | { readonly kind: "snoozed"; readonly until: number }
  | { readonly kind: "away"; readonly until: string }
  | { readonly kind: "closed" };

/** Messages to people other than the owner's prompt: DMs to coordinators and owners. */
export type Notice =
  | {
      readonly kind: "silence";
      readonly partnershipName: string;
      readonly channelId: string;
      readonly ownerUserId: string;
      readonly commitmentId: number;
      readonly commitmentTitle: string;
      readonly silentPeriods: number;
    }
  | {
      readonly kind: "delivery_failed";
      readonly partnershipName: string;
      readonly channelId: string;
      readonly ownerUserId: string;
      readonly commitmentTitle: string;
      readonly code: string;
      /** True when the prompt went to the channel as a mention instead. */
      readonly fellBack: boolean;
    }
  | {
      readonly kind: "blocker_escalated";
      readonly partnershipName: string;
      readonly channelId: string;
      readonly blockerId: number;
      readonly blockerText: string;
      readonly commitmentTitle: string;
      readonly ownerUserId: string;
      readonly ageDays: number;
      readonly level: number;
      /** Permalink-free pointer: the blocker's message in the channel, if posted. */
      readonly messageTs: string | null;
    }
  | {
      readonly kind: "help_offered";
      readonly partnershipName: string;
      readonly channelId: string;
      readonly blockerId: number;
      readonly blockerText: string;
      readonly helperUserId: string;
    };

/** A blocker as posted in the partnership channel. */
export interface BlockerMessage {
  readonly blockerId: number;
  readonly partnershipName: string;
  readonly text: string;
  readonly commitmentTitle: string;
  readonly organizationName: string;
  readonly ownerUserId: string;
  readonly raisedAt: number;
  readonly couldHelp: { readonly userId: string } | { readonly organizationName: string } | null;
  readonly helperUserIds: readonly string[];
  readonly resolved: {
    readonly byUserId: string;
    readonly at: number;
    readonly resolution: string;
  } | null;
}

/**
 * Slack messaging behind semantic calls. Every method throws DeliveryError on failure. The
 * prompt methods attach message metadata naming the prompt (PROMPT_METADATA_TYPE), which
 * `findPrompt` looks for in a channel's recent history after a crash.
 */
export interface Messenger {
  /** The DM channel with a user (conversations.open). */
  openDm(userId: string): Promise<string>;
  /** Posts the prompt; `mention` puts `<@owner>` first (the channel fallback). Returns its ts. */
  postPrompt(
    channelId: string,
    prompt: PromptMessage,
    options: { mention: boolean },
  ): Promise<string>;
  /** The ts of a message in `channelId` since `sinceMs` carrying this prompt's metadata. */
  findPrompt(channelId: string, promptId: number, sinceMs: number): Promise<string | undefined>;
  /** A reply in the prompt's thread: the reminder, or the snoozed prompt coming back. */
  postReminder(
    channelId: string,
    threadTs: string,
    prompt: PromptMessage,
    kind: "reminder" | "snoozed",
  ): Promise<string>;
  /** Rewrites the prompt message in place to show what happened. */
  updatePrompt(
    channelId: string,
    ts: string,
    prompt: PromptMessage,
    outcome: PromptOutcome,
  ): Promise<void>;
  /** A DM to a user. */
  notify(userId: string, notice: Notice): Promise<void>;
  /** Posts a blocker in the partnership channel with *I can help* and *Resolve*; returns its ts. */
  postBlocker(channelId: string, blocker: BlockerMessage): Promise<string>;
  updateBlocker(channelId: string, ts: string, blocker: BlockerMessage): Promise<void>;
  /**
   * Posts a weekly digest: the parent message (with the chart) and its detail as thread
   * replies. When Slack rejects the chart (`invalid_blocks`), the parent goes again without it
   * and `chartOmitted` says so. Returns the parent's ts.
   */
  postDigest(channelId: string, digest: Digest): Promise<{ ts: string; chartOmitted: boolean }>;
}
