/**
 * Who is asking, and in which partnership. Every command and interaction names a Slack team, a
 * channel and a user; this resolves them to the workspace row, the partnership bound to the
 * channel, and the caller's membership, so every later query is scoped by workspace and
 * partnership and nothing leaks between channels or workspaces.
 */
import type { Repositories } from "../db/repositories/index.js";
import type { Member, Partnership, Workspace } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { type Action, authorize, type Standing } from "../domain/permissions.js";
import { channel, joined, literal, say } from "../domain/wording.js";

export interface Caller {
  readonly teamId: string;
  readonly userId: string;
  /** Where the command was typed; a DM channel id starts with "D". */
  readonly channelId: string;
}

export interface Scope {
  readonly caller: Caller;
  readonly workspace: Workspace;
  readonly partnership: Partnership;
  /** The caller's active membership, if any. */
  readonly member: Member | undefined;
  readonly standing: Standing;
}

export interface ContextService {
  /** The workspace row for a team, created on first contact. */
  workspace(teamId: string, now: number): Workspace;
  /** The partnership the caller means, or undefined when there is none to find. */
  findScope(caller: Caller, now: number): Scope | undefined;
  /**
   * The partnership bound to the caller's channel (or, from a DM, the only partnership the caller
   * belongs to). Throws no_partnership with what to do instead.
   */
  scope(caller: Caller, now: number): Scope;
  /** scope(), then authorize(): throws forbidden with the reason. */
  require(
    caller: Caller,
    action: Action,
    now: number,
    ownsTarget?: (scope: Scope) => boolean,
  ): Scope;
  /** The caller's memberships across the workspace's partnerships (for DMs and App Home). */
  scopesOf(teamId: string, userId: string, now: number): Scope[];
  /**
   * What a command that acts on the caller's own work reaches: from a DM, every partnership the
   * caller belongs to; in a channel, its partnership. Throws no_partnership with what to do when
   * there is none.
   */
  scopesFor(caller: Caller, now: number): Scope[];
  scopeFor(workspace: Workspace, partnership: Partnership, caller: Caller): Scope;
  /** The partnership bound to a channel, in the caller's workspace or (shared channel) another. */
  partnershipOfChannel(
    caller: Caller,
    now: number,
  ): { workspace: Workspace; partnership: Partnership } | undefined;
}

export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

export function createContextService(repos: Repositories): ContextService {
  const workspace = (teamId: string, now: number): Workspace =>
    repos.workspaces.findByTeamId(teamId) ??
    repos.workspaces.upsertWorkspace({ teamId, name: teamId, installedAt: now });

  const scopeFor = (ws: Workspace, partnership: Partnership, caller: Caller): Scope => {
    const member = repos.members.findByUser(partnership.id, caller.userId);
    return { caller, workspace: ws, partnership, member, standing: member?.role ?? "none" };
  };

  /** The workspace that hosts a partnership (a Slack Connect member's own team may differ). */
  const hostOf = (partnership: Partnership, callerWorkspace: Workspace): Workspace =>
    partnership.workspaceId === callerWorkspace.id
      ? callerWorkspace
      : (repos.workspaces.findById(partnership.workspaceId) ?? callerWorkspace);

  const scopesOf = (teamId: string, userId: string, now: number): Scope[] => {
    const ws = workspace(teamId, now);
    // Memberships, not the caller's workspace, decide: a Slack Connect partner writes from
    // their own team into partnerships hosted by another.
    return repos.members
      .activeMembershipsOf(userId)
      .map((m) => repos.partnerships.findByIdUnscoped(m.partnershipId))
      .filter((p): p is Partnership => p !== undefined && p.archivedAt === null)
      .map((p) => scopeFor(hostOf(p, ws), p, { teamId, userId, channelId: p.channelId }));
  };

  /** The partnership bound to a channel, whichever workspace hosts it (shared channels). */
  const partnershipOfChannel = (ws: Workspace, channelId: string): Partnership | undefined =>
    repos.partnerships.findByChannel(ws.id, channelId) ??
    repos.partnerships.findByChannelInAnyWorkspace(channelId);

  const findScope = (caller: Caller, now: number): Scope | undefined => {
    const ws = workspace(caller.teamId, now);
    const partnership = partnershipOfChannel(ws, caller.channelId);
    if (partnership) return scopeFor(hostOf(partnership, ws), partnership, caller);
    if (isDirectMessage(caller.channelId)) {
      const mine = scopesOf(caller.teamId, caller.userId, now);
      if (mine.length === 1) return { ...(mine[0] as Scope), caller };
    }
    return undefined;
  };

  const scope = (caller: Caller, now: number): Scope => {
    const found = findScope(caller, now);
    if (found) return found;
    if (isDirectMessage(caller.channelId)) {
      const mine = scopesOf(caller.teamId, caller.userId, now);
      const where = joined(
        mine.map((s) => [channel(s.partnership.channelId)]),
        ", ",
      );
      throw new DomainError(
        "no_partnership",
        mine.length === 0
          ? say`You are not in any partnership yet. Run ${literal("/poc setup")} in a channel to start one, or ask a coordinator to add you.`
          : say`You are in several partnerships (${where}): run this command in that partnership's channel.`,
      );
    }
    throw new DomainError(
      "no_partnership",
      say`This channel has no partnership yet. Run ${literal("/poc setup")} here to start one.`,
    );
  };

  return {
    workspace,
    findScope,
    scope,
    require(caller, action, now, ownsTarget) {
      const s = scope(caller, now);
      authorize(s.standing, action, ownsTarget ? ownsTarget(s) : true);
      return s;
    },
    scopesOf,
    scopesFor(caller, now) {
      const scopes = isDirectMessage(caller.channelId)
        ? scopesOf(caller.teamId, caller.userId, now)
        : [scope(caller, now)];
      if (scopes.length === 0) scope(caller, now); // throws what to do
      return scopes;
    },
    scopeFor,
    partnershipOfChannel(caller, now) {
      const ws = workspace(caller.teamId, now);
      const partnership = partnershipOfChannel(ws, caller.channelId);
      return partnership ? { workspace: hostOf(partnership, ws), partnership } : undefined;
    },
  };
}
