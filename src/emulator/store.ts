/**
 * The emulator's in-memory workspace: users, channels, messages, views, files. Pure data and
 * lookups; the Web API semantics live in methods/.
 */
import type {
  EmulatorChannel,
  EmulatorUser,
  StoredMessage,
  StoredView,
  UploadedFile,
} from "./types.js";

/** Where a `channel` parameter points: a real channel, or the bot's DM with a known user. */
export type ResolvedChannel =
  | { kind: "channel"; id: string; channel: EmulatorChannel }
  | { kind: "im"; id: string; user: EmulatorUser };

export interface PendingFile {
  id: string;
  filename: string;
  length: number;
  title: string;
  content: Buffer | undefined;
  channel: string | undefined;
  completed: boolean;
}

/** Slack DM ids start with D; deriving it from the user id keeps it stable across calls and resets. */
export function dmChannelId(userId: string): string {
  return `D${userId}`;
}

/** "1700000000.000100" -> integer microseconds, so comparisons are exact. */
export function tsMicros(ts: string): number {
  const [seconds = "0", fraction = ""] = ts.split(".");
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, "0").slice(0, 6));
}

export class EmulatorStore {
  readonly users = new Map<string, EmulatorUser>();
  readonly channels = new Map<string, EmulatorChannel>();
  /** All messages of all channels, thread replies included, in posting order. */
  messages: StoredMessage[] = [];
  readonly views = new Map<string, StoredView>();
  readonly homeViews = new Map<string, string>();
  readonly files = new Map<string, PendingFile>();
  /** trigger_id -> issue time (ms); only triggers minted by `triggerId()` can expire. */
  readonly triggers = new Map<string, number>();
  readonly usedTriggers = new Set<string>();
  /** DM ids already opened, so a second conversations.open says `already_open` like Slack. */
  readonly openedIms = new Set<string>();
  private lastTsMicros = 0;
  private counter = 0;

  /**
   * Message timestamps follow the emulator clock (so the app can compare them with instants) and
   * are bumped by a microsecond when needed: Slack's ts is a unique, increasing message id.
   * Never reset, so a ts the app stored before `reset()` is never handed out again.
   */
  nextTs(nowMs: number): string {
    this.lastTsMicros = Math.max(Math.floor(nowMs) * 1000, this.lastTsMicros + 1);
    const seconds = Math.floor(this.lastTsMicros / 1_000_000);
    const micros = this.lastTsMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, "0")}`;
  }

  /** Short unique ids with Slack's type prefix (V for views, F for files, ...). */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}0EMU${String(this.counter).padStart(5, "0")}`;
  }

  /** Accepts a channel id, a DM id, a `#name`/name, or a user id (Slack posts that to the DM). */
  resolveChannel(ref: string | undefined): ResolvedChannel | undefined {
    if (!ref) return undefined;
    const channel = this.channels.get(ref);
    if (channel) return { kind: "channel", id: channel.id, channel };
    const user = this.users.get(ref);
    if (user) return { kind: "im", id: dmChannelId(user.id), user };
    if (ref.startsWith("D")) {
      const dmUser = this.users.get(ref.slice(1));
      if (dmUser) return { kind: "im", id: ref, user: dmUser };
    }
    const name = ref.replace(/^#/, "");
    for (const candidate of this.channels.values()) {
      if (candidate.name === name) return { kind: "channel", id: candidate.id, channel: candidate };
    }
    return undefined;
  }

  /** The user a DM id belongs to (for failure rules keyed by user). */
  userOfDm(channelId: string | undefined): string | undefined {
    if (!channelId?.startsWith("D")) return undefined;
    const userId = channelId.slice(1);
    return this.users.has(userId) ? userId : undefined;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  uploadedFiles(): UploadedFile[] {
    const result: UploadedFile[] = [];
    for (const file of this.files.values()) {
      if (!file.content) continue;
      result.push({
        id: file.id,
        filename: file.filename,
        title: file.title,
        content: file.content,
        completed: file.completed,
        ...(file.channel ? { channel: file.channel } : {}),
      });
    }
    return result;
  }

  /** Forget everything the app did; the directory (users, channels) stays. */
  clearActivity(): void {
    this.messages = [];
    this.views.clear();
    this.homeViews.clear();
    this.files.clear();
    this.triggers.clear();
    this.usedTriggers.clear();
    this.openedIms.clear();
  }
}
