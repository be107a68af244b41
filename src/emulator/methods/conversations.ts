/**
 * conversations.open / info / history / replies. History is what the app reads after a crash to
 * find out whether an in-flight prompt already reached a DM, so it honours oldest/latest/limit and
 * returns message metadata when asked for it.
 */
import { bool, num, str } from "../http.js";
import { dmChannelId, type ResolvedChannel, tsMicros } from "../store.js";
import type { StoredMessage } from "../types.js";
import { fail, type MethodContext, type MethodHandler, type MethodReply } from "./context.js";

/**
 * Opening a DM checks the person the way Slack does: unknown -> user_not_found, deactivated ->
 * user_disabled, an external user our org may not DM -> invalid_user_combination, a bot ->
 * cannot_dm_bot. Group DMs (several users) are not emulated.
 */
const open: MethodHandler = (ctx) => {
  const { store, config } = ctx;
  const existing = str(ctx.params, "channel");
  if (existing) {
    const resolved = store.resolveChannel(existing);
    if (resolved?.kind !== "im") return fail("channel_not_found");
    return { ok: true, no_op: true, already_open: true, channel: { id: resolved.id } };
  }
  const users = (str(ctx.params, "users") ?? "").split(",").filter((u) => u.trim() !== "");
  if (users.length === 0) return fail("users_list_not_supplied");
  if (users.length > 1) return fail("not_supported", { detail: "group DMs are not emulated" });
  const userId = (users[0] ?? "").trim();
  const user = store.users.get(userId);
  if (!user) return fail("user_not_found");
  if (user.deleted) return fail("user_disabled");
  if (user.id === config.botUserId || user.isBot) return fail("cannot_dm_bot");
  if (user.isStranger) return fail("invalid_user_combination");
  const id = dmChannelId(user.id);
  const alreadyOpen = store.openedIms.has(id);
  store.openedIms.add(id);
  const channel = bool(ctx.params, "return_im") ? imObject(id, user.id, ctx.now) : { id };
  return alreadyOpen
    ? { ok: true, no_op: true, already_open: true, channel }
    : { ok: true, channel };
};

const info: MethodHandler = (ctx) => {
  const resolved = ctx.store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  return { ok: true, channel: channelObject(resolved, ctx) };
};

const history: MethodHandler = (ctx) => {
  const resolved = ctx.store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const inclusive = bool(ctx.params, "inclusive");
  const oldest = tsMicros(str(ctx.params, "oldest") ?? "0");
  const latest = str(ctx.params, "latest");
  const latestMicros = latest === undefined ? Number.POSITIVE_INFINITY : tsMicros(latest);
  const inRange = (m: StoredMessage): boolean => {
    const t = tsMicros(m.ts);
    const afterOldest = inclusive ? t >= oldest : t > oldest;
    const beforeLatest = inclusive ? t <= latestMicros : t < latestMicros;
    return afterOldest && beforeLatest;
  };
  // Like Slack: top-level messages (and thread broadcasts) only, newest first.
  const matching = ctx.store.messages
    .filter((m) => m.channel === resolved.id && isTopLevel(m) && inRange(m))
    .sort((a, b) => tsMicros(b.ts) - tsMicros(a.ts));
  return page(matching, ctx);
};

const replies: MethodHandler = (ctx) => {
  const resolved = ctx.store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const ts = str(ctx.params, "ts") ?? "";
  const parent = ctx.store.findMessage(resolved.id, ts);
  if (!parent) return fail("thread_not_found");
  const thread = ctx.store.messages
    .filter((m) => m.channel === resolved.id && (m.ts === ts || m.thread_ts === ts))
    .sort((a, b) => tsMicros(a.ts) - tsMicros(b.ts));
  return page(thread, ctx);
};

export const conversationMethods: Record<string, MethodHandler> = {
  "conversations.open": open,
  "conversations.info": info,
  "conversations.history": history,
  "conversations.replies": replies,
};

/** Offset cursors: enough for the app's "read recent history" use. Metadata only on request. */
function page(messages: StoredMessage[], ctx: MethodContext): MethodReply {
  const limit = Math.max(1, Math.min(num(ctx.params, "limit") ?? 100, 999));
  const start = Number(str(ctx.params, "cursor") ?? "0") || 0;
  const slice = messages.slice(start, start + limit);
  const hasMore = start + limit < messages.length;
  const withMetadata = bool(ctx.params, "include_all_metadata");
  return {
    ok: true,
    messages: slice.map((m) => toWire(m, withMetadata)),
    has_more: hasMore,
    response_metadata: { next_cursor: hasMore ? String(start + limit) : "" },
  };
}

/** A stored message as Slack sends it: no `channel` field; `metadata` only when asked for. */
export function toWire(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, metadata, ...rest } = structuredClone(message);
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}

function isTopLevel(m: StoredMessage): boolean {
  return m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === "thread_broadcast";
}

function imObject(id: string, userId: string, now: number): Record<string, unknown> {
  return {
    id,
    created: Math.floor(now / 1000),
    is_im: true,
    is_org_shared: false,
    user: userId,
    is_user_deleted: false,
  };
}

function channelObject(resolved: ResolvedChannel, ctx: MethodContext): Record<string, unknown> {
  if (resolved.kind === "im") {
    return {
      ...imObject(resolved.id, resolved.user.id, ctx.now),
      is_user_deleted: resolved.user.deleted ?? false,
    };
  }
  const { channel } = resolved;
  const isPrivate = channel.isPrivate ?? false;
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !isPrivate,
    is_group: isPrivate,
    is_im: false,
    is_private: isPrivate,
    is_archived: false,
    is_member: channel.members ? channel.members.includes(ctx.config.botUserId) : true,
    ...(channel.members ? { num_members: channel.members.length } : {}),
  };
}
