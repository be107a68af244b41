/**
 * SlackDirectory over the Web API: users.info with a cache (a person's name and zone rarely
 * change; `user_change` events refresh them), and users.list for mentions Slack did not escape.
 */
import type { WebClient } from "@slack/web-api";
import { DomainError } from "../domain/errors.js";
import { person, quoted, say } from "../domain/wording.js";
import type { Clock, DirectoryUser, SlackDirectory } from "../services/ports.js";
import { toDeliveryError } from "./messenger/errors.js";

/** A cached answer is reused for a day, as the design asks for time zones. */
export const USER_CACHE_MS = 24 * 60 * 60 * 1000;
const LIST_CACHE_MS = 5 * 60 * 1000;

interface SlackUser {
  id?: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_stranger?: boolean;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
}

export function toDirectoryUser(u: SlackUser, teamId: string): DirectoryUser {
  // Full names read best in lists and digests shared across organizations.
  const name =
    u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || u.id || "";
  return {
    id: u.id ?? "",
    teamId: u.team_id,
    name,
    handle: u.name ?? "",
    tz: u.tz || undefined,
    isBot: u.is_bot ?? false,
    deleted: u.deleted ?? false,
    isExternal: (u.is_stranger ?? false) || (u.team_id !== undefined && u.team_id !== teamId),
  };
}

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } })?.data?.error;
}

export interface CachedDirectory extends SlackDirectory {
  forget(userId: string): void;
}

export function createSlackDirectory(client: WebClient, clock: Clock): CachedDirectory {
  const users = new Map<string, { user: DirectoryUser | null; at: number }>();
  let list: { users: DirectoryUser[]; at: number; teamId: string } | undefined;

  const fetchList = async (teamId: string): Promise<DirectoryUser[]> => {
    if (list && list.teamId === teamId && clock() - list.at < LIST_CACHE_MS) return list.users;
    const all: DirectoryUser[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const m of (page.members ?? []) as SlackUser[]) all.push(toDirectoryUser(m, teamId));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    list = { users: all, at: clock(), teamId };
    return all;
  };

  return {
    async user(teamId, userId) {
      const cached = users.get(userId);
      if (cached && clock() - cached.at < USER_CACHE_MS) return cached.user;
      try {
        const answer = await client.users.info({ user: userId });
        const user = toDirectoryUser(answer.user as SlackUser, teamId);
        users.set(userId, { user, at: clock() });
        return user;
      } catch (error) {
        if (slackError(error) === "user_not_found") {
          users.set(userId, { user: null, at: clock() });
          return null;
        }
        const failure = new DomainError(
          "conflict",
          say`Slack did not answer who ${person(userId)} is (${slackError(error) ?? "unreachable"}); nothing was changed. Try again in a moment.`,
        );
        // What Slack said, classified: the tick tells a refused token from one missing user.
        failure.cause = toDeliveryError(error);
        throw failure;
      }
    },
    async findByName(teamId, name) {
      const wanted = name.replace(/^@/, "").trim().toLowerCase();
      if (wanted === "") return null;
      try {
        const all = await fetchList(teamId);
        const live = all.filter((u) => !u.deleted && !u.isBot);
        const byHandle = live.find((u) => u.handle.toLowerCase() === wanted);
        if (byHandle) return byHandle;
        const byName = live.filter((u) => u.name.toLowerCase() === wanted);
        if (byName.length > 1) {
          // Two people share the name: guessing would add the wrong person to a partnership.
          throw new DomainError(
            "conflict",
            say`${byName.length} people are called ${quoted(name, 60)}: mention the one you mean with @ so Slack names them exactly.`,
          );
        }
        return byName[0] ?? live.find((u) => u.id.toLowerCase() === wanted) ?? null;
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw new DomainError(
          "conflict",
          `Slack did not answer the user list (${slackError(error) ?? "unreachable"}); nothing was changed.`,
        );
      }
    },
    forget(userId) {
      users.delete(userId);
    },
  };
}
