import { eq, sql } from "drizzle-orm";
import type { Db } from "../index.js";
import { type Workspace, workspaces } from "../schema.js";

export interface WorkspaceInstall {
  teamId: string;
  name: string;
  enterpriseId?: string | null;
  botToken?: string | null;
  botUserId?: string | null;
  installedAt: number;
}

export interface WorkspacesRepository {
  /**
   * Inserts the workspace, or updates it when the team is already known (a reinstall): the name,
   * enterprise, token and bot user are replaced, and `uninstalledAt` is cleared.
   */
  upsertWorkspace(install: WorkspaceInstall): Workspace;
  findByTeamId(teamId: string): Workspace | undefined;
  findById(id: number): Workspace | undefined;
  /** Sets or clears `uninstalledAt` (app_uninstalled / tokens_revoked, or the app back in use). */
  setUninstalled(teamId: string, at: number | null): void;
}

export function createWorkspacesRepository(db: Db): WorkspacesRepository {
  const upsert = db
    .insert(workspaces)
    .values({
      teamId: sql.placeholder("teamId"),
      name: sql.placeholder("name"),
      enterpriseId: sql.placeholder("enterpriseId"),
      botToken: sql.placeholder("botToken"),
      botUserId: sql.placeholder("botUserId"),
      installedAt: sql.placeholder("installedAt"),
    })
    .onConflictDoUpdate({
      target: workspaces.teamId,
      set: {
        name: sql`excluded.name`,
        enterpriseId: sql`excluded.enterprise_id`,
        botToken: sql`excluded.bot_token`,
        botUserId: sql`excluded.bot_user_id`,
        installedAt: sql`excluded.installed_at`,
        uninstalledAt: null,
      },
    })
    .returning()
    .prepare();

  const byTeamId = db
    .select()
    .from(workspaces)
    .where(eq(workspaces.teamId, sql.placeholder("teamId")))
    .prepare();

  return {
    upsertWorkspace(install) {
      const row = upsert.get({
        teamId: install.teamId,
        name: install.name,
        enterpriseId: install.enterpriseId ?? null,
        botToken: install.botToken ?? null,
        botUserId: install.botUserId ?? null,
        installedAt: install.installedAt,
      });
      if (row === undefined)
        throw new Error(`upsert of workspace ${install.teamId} returned no row`);
      return row;
    },
    findByTeamId(teamId) {
      return byTeamId.get({ teamId });
    },
    findById(id) {
      return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
    },
    setUninstalled(teamId, at) {
      db.update(workspaces).set({ uninstalledAt: at }).where(eq(workspaces.teamId, teamId)).run();
    },
  };
}
