/**
 * chat.postMessage / update / delete / postEphemeral / getPermalink. Messages are stored (and
 * visible to conversations.history) only when Slack would have accepted them.
 */
import { bool, str } from "../http.js";
import type { MessageMetadata, StoredMessage } from "../types.js";
import {
  fail,
  invalidBlocks,
  type MethodContext,
  type MethodHandler,
  type MethodReply,
  messageBlockErrors,
} from "./context.js";
import { toWire } from "./conversations.js";

/** Slack truncates beyond 40k characters; it refuses with msg_too_long. */
const MAX_TEXT = 40_000;

interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
}

/**
 * Reads and checks text/blocks/attachments/metadata. Returns the content, or the Slack error reply.
 * `requireSome`: postMessage needs at least one of text, blocks or attachments (`no_text`).
 */
function readContent(ctx: MethodContext, requireSome: boolean): MessageContent | MethodReply {
  const { params } = ctx;
  const content: MessageContent = {};
  const text = params.text;
  if (typeof text === "string" || typeof text === "number") content.text = String(text);
  if (params.blocks !== undefined) {
    if (!Array.isArray(params.blocks)) return fail("invalid_blocks_format");
    const errors = messageBlockErrors(
      params.blocks,
      ctx.validator,
      ctx.config.unsupportedBlockTypes,
    );
    if (errors.length > 0) return invalidBlocks(errors);
    content.blocks = params.blocks;
  }
  if (params.attachments !== undefined) {
    if (!Array.isArray(params.attachments)) return fail("invalid_attachments");
    content.attachments = params.attachments;
  }
  if (params.metadata !== undefined) {
    const metadata = params.metadata as Partial<MessageMetadata> | null;
    if (
      !metadata ||
      typeof metadata !== "object" ||
      typeof metadata.event_type !== "string" ||
      (metadata.event_payload !== undefined && typeof metadata.event_payload !== "object")
    ) {
      return fail("invalid_metadata_format");
    }
    content.metadata = {
      event_type: metadata.event_type,
      event_payload: metadata.event_payload ?? {},
    };
  }
  const hasText = content.text !== undefined && content.text.trim() !== "";
  if (requireSome && !hasText && !content.blocks?.length && !content.attachments?.length) {
    return fail("no_text");
  }
  if ((content.text?.length ?? 0) > MAX_TEXT) return fail("msg_too_long");
  return content;
}

function isReply(value: MessageContent | MethodReply): value is MethodReply {
  return "ok" in value;
}

const postMessage: MethodHandler = (ctx) => {
  const { store, config } = ctx;
  const resolved = store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const content = readContent(ctx, true);
  if (isReply(content)) return content;
  const threadTs = str(ctx.params, "thread_ts");
  const broadcast = threadTs !== undefined && bool(ctx.params, "reply_broadcast");
  const message: StoredMessage = {
    type: "message",
    ...(broadcast ? { subtype: "thread_broadcast" } : {}),
    channel: resolved.id,
    ts: store.nextTs(ctx.now),
    user: config.botUserId,
    bot_id: config.botId,
    team: config.teamId,
    text: content.text ?? "",
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.attachments ? { attachments: content.attachments } : {}),
    ...(content.metadata ? { metadata: content.metadata } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
  };
  if (threadTs) {
    const parent = store.findMessage(resolved.id, threadTs);
    if (parent) {
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.latest_reply = message.ts;
    }
  }
  store.messages.push(message);
  return { ok: true, channel: resolved.id, ts: message.ts, message: toWire(message, true) };
};

/** Fields left out of an update are kept, as Slack does for blocks and attachments. */
const update: MethodHandler = (ctx) => {
  const { store, config } = ctx;
  const resolved = store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const message = store.findMessage(resolved.id, str(ctx.params, "ts") ?? "");
  if (!message) return fail("message_not_found");
  const content = readContent(ctx, false);
  if (isReply(content)) return content;
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks) message.blocks = content.blocks;
  if (content.attachments) message.attachments = content.attachments;
  if (content.metadata) message.metadata = content.metadata;
  message.edited = { user: config.botUserId, ts: store.nextTs(ctx.now) };
  return {
    ok: true,
    channel: resolved.id,
    ts: message.ts,
    text: message.text,
    message: toWire(message, true),
  };
};

const remove: MethodHandler = (ctx) => {
  const { store } = ctx;
  const resolved = store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const ts = str(ctx.params, "ts") ?? "";
  const message = store.findMessage(resolved.id, ts);
  if (!message) return fail("message_not_found");
  store.messages = store.messages.filter((m) => m !== message);
  return { ok: true, channel: resolved.id, ts };
};

/** Ephemeral messages are not stored (nobody can read them back); see `calls` for them. */
const postEphemeral: MethodHandler = (ctx) => {
  const { store } = ctx;
  const resolved = store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const user = store.users.get(str(ctx.params, "user") ?? "");
  if (!user) return fail("user_not_found");
  const members = resolved.kind === "channel" ? resolved.channel.members : [resolved.user.id];
  if (members && !members.includes(user.id)) return fail("user_not_in_channel");
  const content = readContent(ctx, true);
  if (isReply(content)) return content;
  return { ok: true, message_ts: store.nextTs(ctx.now) };
};

const getPermalink: MethodHandler = (ctx) => {
  const resolved = ctx.store.resolveChannel(str(ctx.params, "channel"));
  if (!resolved) return fail("channel_not_found");
  const ts = str(ctx.params, "message_ts") ?? "";
  if (!ctx.store.findMessage(resolved.id, ts)) return fail("message_not_found");
  return {
    ok: true,
    channel: resolved.id,
    permalink: `${ctx.config.origin}/archives/${resolved.id}/p${ts.replace(".", "")}`,
  };
};

export const chatMethods: Record<string, MethodHandler> = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": remove,
  "chat.postEphemeral": postEphemeral,
  "chat.getPermalink": getPermalink,
};
