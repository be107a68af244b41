/**
 * The file upload flow that replaced files.upload: files.getUploadURLExternal hands out an upload
 * URL (served by this emulator at /upload/<file_id>), the client POSTs the bytes there, then
 * files.completeUploadExternal names the files and optionally shares them into a channel.
 */
import { num, str } from "../http.js";
import type { FileSummary, StoredMessage } from "../types.js";
import { fail, type MethodHandler } from "./context.js";

const getUploadUrl: MethodHandler = (ctx) => {
  const filename = str(ctx.params, "filename");
  const length = num(ctx.params, "length");
  if (!filename || length === undefined || length < 0) {
    return fail("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] filename and length are required"] },
    });
  }
  const id = ctx.store.nextId("F");
  ctx.store.files.set(id, {
    id,
    filename,
    length,
    title: filename,
    content: undefined,
    channel: undefined,
    completed: false,
  });
  return { ok: true, upload_url: `${ctx.config.origin}/upload/${id}`, file_id: id };
};

interface FileRef {
  id?: unknown;
  title?: unknown;
}

/** Files whose bytes never arrived still complete (Slack does not say how it reacts; kept lenient). */
const completeUpload: MethodHandler = (ctx) => {
  const { store, config } = ctx;
  const refs = ctx.params.files;
  if (!Array.isArray(refs) || refs.length === 0) return fail("invalid_arguments");
  const files = [];
  for (const ref of refs as FileRef[]) {
    const file = typeof ref?.id === "string" ? store.files.get(ref.id) : undefined;
    if (!file) return fail("file_not_found");
    files.push({ file, title: typeof ref.title === "string" ? ref.title : file.filename });
  }
  const channelRef = str(ctx.params, "channel_id") ?? str(ctx.params, "channels");
  const resolved = channelRef ? store.resolveChannel(channelRef) : undefined;
  if (channelRef && !resolved) return fail("channel_not_found");
  const summaries: FileSummary[] = files.map(({ file, title }) => {
    file.title = title;
    file.completed = true;
    if (resolved) file.channel = resolved.id;
    return { id: file.id, name: file.filename, title, size: file.content?.length ?? 0 };
  });
  if (resolved) {
    // Sharing into a channel shows up there as a message carrying the files.
    const threadTs = str(ctx.params, "thread_ts");
    const message: StoredMessage = {
      type: "message",
      subtype: "file_share",
      channel: resolved.id,
      ts: store.nextTs(ctx.now),
      user: config.botUserId,
      bot_id: config.botId,
      team: config.teamId,
      text: str(ctx.params, "initial_comment") ?? "",
      files: summaries,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    };
    store.messages.push(message);
  }
  return { ok: true, files: summaries };
};

export const fileMethods: Record<string, MethodHandler> = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};
