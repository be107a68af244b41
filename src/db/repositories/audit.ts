import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../index.js";
import { type AuditEntry, auditLog } from "../schema.js";

export interface AuditRecord {
  workspaceId: number;
  partnershipId: number | null;
  actorUserId: string;
  /** "<entity>.<verb>", e.g. "organization.create". */
  action: string;
  entity: string;
  entityId: number | null;
  detail?: Record<string, unknown>;
  at: number;
}

export interface AuditRepository {
  record(entry: AuditRecord): void;
  list(workspaceId: number, partnershipId: number, limit?: number): AuditEntry[];
}

export function createAuditRepository(db: Db): AuditRepository {
  return {
    record(entry) {
      db.insert(auditLog)
        .values({ ...entry, detail: entry.detail ?? null })
        .run();
    },
    list(workspaceId, partnershipId, limit = 100) {
      return db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.partnershipId, partnershipId)),
        )
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all();
    },
  };
}
