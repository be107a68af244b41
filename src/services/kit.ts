/**
 * What every use-case service is built from. One object so adding a dependency does not touch
 * every factory's signature.
 */
import type { Repositories } from "../db/repositories/index.js";
import type { Member } from "../db/schema.js";
import type { DomainError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import type { ChangeFeed } from "./changes.js";
import type { Caller, ContextService, Scope } from "./context.js";
import type { Messenger, SlackDirectory } from "./ports.js";

export interface ServiceKit {
  readonly repos: Repositories;
  readonly context: ContextService;
  readonly changes: ChangeFeed;
  readonly directory: SlackDirectory;
  /** Sends to Slack; the CLI without Slack gets one that fails every call as retryable. */
  readonly messenger: Messenger;
  readonly logger: Logger;
  /** Runs `fn` in one SQLite transaction (synchronous: better-sqlite3). */
  transaction<T>(fn: () => T): T;
}

/** Records one audit entry for an action taken in a scope. */
export function audit(
  kit: ServiceKit,
  scope: Scope,
  action: string,
  entityId: number | null,
  detail: Record<string, unknown>,
  now: number,
): void {
  kit.repos.audit.record({
    workspaceId: scope.workspace.id,
    partnershipId: scope.partnership.id,
    actorUserId: scope.caller.userId,
    action,
    entity: action.split(".")[0] ?? action,
    entityId,
    detail,
    at: now,
  });
}

/** The partnership's active coordinators. */
export function coordinatorsOf(kit: ServiceKit, partnershipId: number): Member[] {
  return kit.repos.members.coordinatorsOf(partnershipId);
}

/**
 * These users and every coordinator, once each: whose App Home a change shows in. A person's
 * Home lists their own commitments; a coordinator's also the partnership's health.
 */
export function withCoordinators(kit: ServiceKit, scope: Scope, ...userIds: string[]): string[] {
  return [
    ...new Set([
      ...userIds,
      ...coordinatorsOf(kit, scope.partnership.id).map((m) => m.slackUserId),
    ]),
  ];
}

/** Tells adapters that these users' view of the partnership changed (App Home republish). */

export function announce(kit: ServiceKit, scope: Scope, userIds?: readonly string[]): void {
  kit.changes.emit({
    teamId: scope.workspace.teamId,
    partnershipId: scope.partnership.id,
    userIds: userIds ?? kit.repos.members.list(scope.partnership.id).map((m) => m.slackUserId),
  });
}

/**
 * The scope of a partnership named by a record the client sent us (a prompt, commitment or
 * blocker id): the partnership must be in the caller's workspace and not archived, else `missing`
 * is thrown. The caller's membership and standing there are looked up as for any command.
 */
export function scopeIn(
  kit: ServiceKit,
  caller: Caller,
  partnershipId: number | undefined,
  now: number,
  missing: () => DomainError,
): Scope {
  const ws = kit.context.workspace(caller.teamId, now);
  if (partnershipId === undefined) throw missing();
  // The caller's own workspace, or (a Slack Connect partner, who keeps their own team id) a
  // partnership they are an active member of: never anyone else's.
  const own = kit.repos.partnerships.findById(ws.id, partnershipId);
  const shared =
    own === undefined && kit.repos.members.findByUser(partnershipId, caller.userId) !== undefined
      ? kit.repos.partnerships.findByIdUnscoped(partnershipId)
      : undefined;
  const partnership = own ?? shared;
  if (partnership === undefined || partnership.archivedAt !== null) throw missing();
  const host =
    partnership.workspaceId === ws.id ? ws : kit.repos.workspaces.findById(partnership.workspaceId);
  if (host === undefined) throw missing();
  return kit.context.scopeFor(host, partnership, { ...caller, channelId: partnership.channelId });
}
