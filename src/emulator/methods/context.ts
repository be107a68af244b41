/**
 * What every Web API method handler gets, and small helpers shared by them.
 */
import type { EmulatorStore } from "../store.js";
import type { BlocksValidator } from "../types.js";

export interface WorkspaceConfig {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
  origin: string;
  unsupportedBlockTypes: ReadonlySet<string>;
}

export interface MethodContext {
  params: Record<string, unknown>;
  store: EmulatorStore;
  config: WorkspaceConfig;
  validator: BlocksValidator | undefined;
  now: number;
}

/** A Slack JSON reply; the server sends it with HTTP 200 like Slack does for platform errors. */
export type MethodReply = { ok: boolean } & Record<string, unknown>;

export type MethodHandler = (ctx: MethodContext) => MethodReply;

export function fail(error: string, extra: Record<string, unknown> = {}): MethodReply {
  return { ok: false, error, ...extra };
}

/**
 * Message blocks checks, shared by chat.* and the response_url sink: the optional schema
 * validator first, then the workspace's unsupported block types. Errors read like Slack's
 * (`... [json-pointer:/blocks/0]`).
 */
export function messageBlockErrors(
  blocks: unknown[],
  validator: BlocksValidator | undefined,
  unsupported: ReadonlySet<string>,
): string[] {
  const errors = validator ? validator("message", blocks) : [];
  blocks.forEach((block, index) => {
    const type = (block as { type?: unknown } | null)?.type;
    if (typeof type === "string" && unsupported.has(type)) {
      errors.push(`unsupported type: ${type} [json-pointer:/blocks/${index}/type]`);
    }
  });
  return errors;
}

/** Slack's invalid_blocks reply: the errors both as `errors` and as `[ERROR]` metadata messages. */
export function invalidBlocks(errors: string[]): MethodReply {
  return fail("invalid_blocks", {
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  });
}
