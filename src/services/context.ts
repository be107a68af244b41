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
  scopeFor(workspace: Workspace, partnership: Partnership, caller: Caller): Scope;
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

  const scopesOf = (teamId: string, userId: string, now: number): Scope[] => {
    const ws = workspace(teamId, now);
    return repos.partnerships
      .listActive(ws.id)
      .map((p) => scopeFor(ws, p, { teamId, userId, channelId: p.channelId }))
      .filter((s) => s.member !== undefined);
  };

  const findScope = (caller: Caller, now: number): Scope | undefined => {
    const ws = workspace(caller.teamId, now);
    const partnership = repos.partnerships.findByChannel(ws.id, caller.channelId);
    if (partnership) return scopeFor(ws, partnership, caller);
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
      const where = mine.map((s) => `<#${s.partnership.channelId}>`).join(", ");
      throw new DomainError(
        "no_partnership",
        mine.length === 0
          ? "You are not in any partnership yet. Run `/poc setup` in a channel to start one, or ask a coordinator to add you."
          : `You are in several partnerships (${where}): run this command in that partnership's channel.`,
      );
    }
    throw new DomainError(
      "no_partnership",
      "This channel has no partnership yet. Run `/poc setup` here to start one.",
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
    scopeFor,
  };
}
