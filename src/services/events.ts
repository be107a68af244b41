/**
 * Events API bookkeeping: each event id handled once (Slack retries deliveries it thinks failed),
 * sending stopped for a workspace that uninstalled the app or revoked its tokens, and cached
 * profiles refreshed when a user changes.
 */
import type { ServiceKit } from "./kit.js";
import type { DirectoryUser } from "./ports.js";

/** Slack retries an event for about an hour at most; ids are kept a day. */
export const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;

export interface EventsService {
  /** True the first time an event id is seen; false for a replay or a retry. */
  firstDelivery(eventId: string, teamId: string, now: number): boolean;
  /** app_uninstalled / tokens_revoked: nothing is sent to this workspace any more. */
  stopSending(teamId: string, now: number): void;
  /** A request from the workspace proves the app is installed again: sending resumes. */
  resumeIfStopped(teamId: string): boolean;
  /** user_change: refresh the cached name, zone and Slack Connect flag on every membership. */
  userChanged(teamId: string, user: DirectoryUser, now: number): number;
}

/** How often old event ids are pruned. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function createEventsService(kit: ServiceKit): EventsService {
  const { repos } = kit;
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    firstDelivery(eventId, teamId, now) {
      const first = repos.processedEvents.markProcessed(eventId, teamId, now);
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        repos.processedEvents.deleteReceivedBefore(now - EVENT_MEMORY_MS);
      }
      return first;
    },
    stopSending(teamId, now) {
      const ws = repos.workspaces.findByTeamId(teamId);
      if (ws === undefined || ws.uninstalledAt !== null) return;
      repos.workspaces.setUninstalled(teamId, now);
      kit.logger.warn(
        `workspace ${teamId} uninstalled the app or revoked its tokens: sending stopped`,
      );
    },
    resumeIfStopped(teamId) {
      const ws = repos.workspaces.findByTeamId(teamId);
      if (ws === undefined || ws.uninstalledAt === null) return false;
      repos.workspaces.setUninstalled(teamId, null);
      kit.logger.info(`workspace ${teamId} uses the app again: sending resumed`);
      return true;
    },
    userChanged(teamId, user, now) {
      kit.directory.forget?.(user.id);
      const ws = repos.workspaces.findByTeamId(teamId);
      if (ws === undefined) return 0;
      const ids = repos.partnerships.listActive(ws.id).map((p) => p.id);
      let changed = 0;
      for (const partnershipId of ids) {
        const member = repos.members.findByUser(partnershipId, user.id);
        if (member === undefined) continue;
        repos.members.update(partnershipId, member.id, {
          displayName: user.name || member.displayName,
          timeZone: user.tz ?? null,
          timeZoneFetchedAt: now,
          isExternal: user.isExternal,
        });
        changed += 1;
      }
      return changed;
    },
  };
}
