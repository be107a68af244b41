/**
 * views.open / push / update / publish. Slack answers a bad view with `invalid_arguments` and the
 * reasons as `[ERROR] ... [json-pointer:/view/...]` lines in `response_metadata.messages`; the
 * emulator does the same (no `errors` field, unlike chat's `invalid_blocks`).
 */
import { str } from "../http.js";
import type { StoredView } from "../types.js";
import { fail, type MethodContext, type MethodHandler, type MethodReply } from "./context.js";

/** Slack's trigger_id lifetime. */
const TRIGGER_TTL_MS = 3000;

function invalidArguments(messages: string[]): MethodReply {
  return fail("invalid_arguments", {
    response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
  });
}

/** Checks the `view` parameter: an object of the expected type that passes the validator. */
function readView(
  ctx: MethodContext,
  expectedType: "modal" | "home",
): Record<string, unknown> | MethodReply {
  const view = ctx.params.view;
  if (!view || typeof view !== "object" || Array.isArray(view)) {
    return invalidArguments(["missing required field: view [json-pointer:/view]"]);
  }
  const record = view as Record<string, unknown>;
  if (record.type !== expectedType) {
    return invalidArguments([
      `view type must be ${expectedType} for this method [json-pointer:/view/type]`,
    ]);
  }
  if (!Array.isArray(record.blocks)) {
    return invalidArguments(["missing required field: blocks [json-pointer:/view/blocks]"]);
  }
  const errors = ctx.validator ? ctx.validator("view", record) : [];
  const unsupported = ctx.config.unsupportedBlockTypes;
  record.blocks.forEach((block, index) => {
    const type = (block as { type?: unknown } | null)?.type;
    if (typeof type === "string" && unsupported.has(type)) {
      errors.push(`unsupported type: ${type} [json-pointer:/view/blocks/${index}/type]`);
    }
  });
  return errors.length > 0 ? invalidArguments(errors) : record;
}

function isReply(value: Record<string, unknown>): value is MethodReply {
  return typeof value.ok === "boolean";
}

/** trigger_ids work once; ones minted by `emulator.triggerId()` also expire after 3 s. */
function useTrigger(ctx: MethodContext): MethodReply | undefined {
  const trigger = str(ctx.params, "trigger_id");
  if (!trigger) return invalidArguments(["missing required field: trigger_id"]);
  if (ctx.store.usedTriggers.has(trigger)) return fail("exchanged_trigger_id");
  const issuedAt = ctx.store.triggers.get(trigger);
  if (issuedAt !== undefined && ctx.now - issuedAt > TRIGGER_TTL_MS) {
    return fail("expired_trigger_id");
  }
  ctx.store.usedTriggers.add(trigger);
  return undefined;
}

function hashFor(ctx: MethodContext): string {
  return `${Math.floor(ctx.now / 1000)}.${ctx.store.nextId("H")}`;
}

/** The stored view: the app's fields plus the ids and state Slack adds. */
function buildView(
  ctx: MethodContext,
  input: Record<string, unknown>,
  id: string,
  rootViewId: string,
  previousViewId: string | null,
): StoredView {
  return {
    ...input,
    id,
    team_id: ctx.config.teamId,
    type: String(input.type),
    blocks: input.blocks as unknown[],
    private_metadata: typeof input.private_metadata === "string" ? input.private_metadata : "",
    callback_id: typeof input.callback_id === "string" ? input.callback_id : "",
    external_id: typeof input.external_id === "string" ? input.external_id : "",
    state: { values: {} },
    hash: hashFor(ctx),
    root_view_id: rootViewId,
    previous_view_id: previousViewId,
    app_id: ctx.config.appId,
    bot_id: ctx.config.botId,
  };
}

function externalIdTaken(
  ctx: MethodContext,
  input: Record<string, unknown>,
  self?: string,
): boolean {
  const externalId = input.external_id;
  if (typeof externalId !== "string" || externalId === "") return false;
  for (const view of ctx.store.views.values()) {
    if (view.external_id === externalId && view.id !== self) return true;
  }
  return false;
}

/**
 * views.open and views.push behave alike here. A pushed view's real root is the modal it was
 * pushed on; the emulator does not track which modal a trigger came from, so each is its own root.
 */
const openModal: MethodHandler = (ctx) => {
  const input = readView(ctx, "modal");
  if (isReply(input)) return input;
  const triggerError = useTrigger(ctx);
  if (triggerError) return triggerError;
  if (externalIdTaken(ctx, input)) return fail("duplicate_external_id");
  const id = ctx.store.nextId("V");
  const view = buildView(ctx, input, id, id, null);
  ctx.store.views.set(id, view);
  return { ok: true, view };
};

const viewsUpdate: MethodHandler = (ctx) => {
  const viewId = str(ctx.params, "view_id");
  const externalId = str(ctx.params, "external_id");
  if (!viewId && !externalId) {
    return invalidArguments(["either view_id or external_id is required"]);
  }
  const existing = viewId
    ? ctx.store.views.get(viewId)
    : [...ctx.store.views.values()].find((v) => v.external_id === externalId);
  if (!existing) return fail("not_found");
  const hash = str(ctx.params, "hash");
  if (hash !== undefined && hash !== existing.hash) return fail("hash_conflict");
  const input = readView(ctx, existing.type === "home" ? "home" : "modal");
  if (isReply(input)) return input;
  if (externalIdTaken(ctx, input, existing.id)) return fail("duplicate_external_id");
  const view = buildView(ctx, input, existing.id, existing.root_view_id, existing.previous_view_id);
  ctx.store.views.set(view.id, view);
  return { ok: true, view };
};

/** One Home tab per user: publishing replaces it (same view id, new hash). */
const viewsPublish: MethodHandler = (ctx) => {
  const userId = str(ctx.params, "user_id");
  if (!userId) return invalidArguments(["missing required field: user_id"]);
  if (!ctx.store.users.has(userId)) return fail("user_not_found");
  const input = readView(ctx, "home");
  if (isReply(input)) return input;
  const existingId = ctx.store.homeViews.get(userId);
  const existing = existingId ? ctx.store.views.get(existingId) : undefined;
  const hash = str(ctx.params, "hash");
  if (existing && hash !== undefined && hash !== existing.hash) return fail("hash_conflict");
  const id = existing?.id ?? ctx.store.nextId("V");
  const view = buildView(ctx, input, id, id, null);
  ctx.store.views.set(id, view);
  ctx.store.homeViews.set(userId, id);
  return { ok: true, view };
};

export const viewMethods: Record<string, MethodHandler> = {
  "views.open": openModal,
  "views.push": openModal,
  "views.update": viewsUpdate,
  "views.publish": viewsPublish,
};
