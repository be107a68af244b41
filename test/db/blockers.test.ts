/**
 * Who offered help on a blocker: its `blocker.help` audit entries. The audit log holds an entry
 * for every check-in and more, so these reads go through their own partial index
 * (`audit_log_blocker_help_idx`, migration 0008) instead of walking every entry of the
 * partnership once per blocker. SQLite uses a partial index only when the read states the
 * index's condition itself: the plans of the statements the repositories actually prepare are
 * read here, with the answers they give.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { gatherDigestInput } from "../../src/db/repositories/digestData.js";
import type { Services } from "../../src/services/index.js";
import { memoryDatabase, planOf, preparedBy } from "../support/db.js";
import { NOW, type Seeded, seedCommitment, seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";

const HOUR = 3_600_000;

let database: Database;
let services: Services;
let seeded: Seeded;

beforeEach(() => {
  database = memoryDatabase();
  services = servicesOn(database);
  seeded = seedPartnership(services);
});

afterEach(() => {
  database.close();
});

function commitment(partnershipId: number, organizationId: number, ownerMemberId: number) {
  return seedCommitment(services, { partnershipId, organizationId, ownerMemberId }).id;
}

function blocker(commitmentId: number, raisedByMemberId: number, text: string) {
  return services.repos.blockers.create({
    commitmentId,
    text,
    raisedByMemberId,
    state: "open",
    createdAt: NOW,
  }).id;
}

function audit(
  partnershipId: number,
  action: string,
  entity: string,
  entityId: number,
  userId: string,
  at: number,
) {
  services.repos.audit.record({
    workspaceId: seeded.workspaceId,
    partnershipId,
    actorUserId: userId,
    action,
    entity,
    entityId,
    detail: {},
    at,
  });
}

describe("blocker helpers", () => {
  it("when blockers have offers, then each open one's helpers come back in the order offered, none from another blocker, partnership or action", () => {
    const pid = seeded.partnershipId;
    const wells = commitment(pid, seeded.orgs.acme, seeded.members.pat);
    const first = blocker(wells, seeded.members.pat, "Permits stuck");
    const second = blocker(wells, seeded.members.pat, "Pump late");
    const quiet = blocker(wells, seeded.members.pat, "Nobody offered yet");
    const done = blocker(wells, seeded.members.pat, "Resolved already");
    services.repos.blockers.update(done, { state: "resolved", resolvedAt: NOW + HOUR });
    audit(pid, "blocker.help", "blocker", first, "U0PART2", NOW + 1);
    audit(pid, "check_in.create", "check_in", first, "U0NOISE", NOW + 2);
    audit(pid, "blocker.raise", "blocker", second, "U0NOISE", NOW + 3);
    audit(pid, "blocker.help", "blocker", second, "U0COORD", NOW + 4);
    audit(pid, "blocker.help", "blocker", first, "U0COORD", NOW + 5);
    audit(pid, "blocker.help", "blocker", done, "U0PART2", NOW + 6);
    // Another partnership whose audit entry names the same blocker id (forged or stale).
    const other = services.repos.partnerships.create({
      workspaceId: seeded.workspaceId,
      channelId: "C0OTHER",
      name: "Other",
      purpose: "Other",
      timeZone: "UTC",
      createdBy: "U0COORD",
      createdAt: NOW,
      updatedAt: NOW,
    });
    audit(other.id, "blocker.help", "blocker", first, "U0STRANGER", NOW + 7);

    const open = services.repos.blockers.openHelpers(pid);
    expect(Object.fromEntries(open)).toEqual({
      [first]: ["U0PART2", "U0COORD"],
      [second]: ["U0COORD"],
    });
    expect(open.has(quiet)).toBe(false);
    expect(services.repos.blockers.helpers(pid, first)).toEqual(["U0PART2", "U0COORD"]);
    expect(services.repos.blockers.helpers(pid, done)).toEqual(["U0PART2"]);
    expect(services.repos.blockers.helpers(other.id, first)).toEqual(["U0STRANGER"]);
    expect(services.repos.blockers.openHelpers(other.id).size).toBe(0);
  });

  it("when the helpers of one blocker, of the open ones or of a digest's are read, then each seeks the blocker-help index", () => {
    const pid = seeded.partnershipId;
    const sources = preparedBy(database, () => {
      services.repos.blockers.helpers(pid, 1);
      services.repos.blockers.openHelpers(pid);
      gatherDigestInput(database.db, pid, { start: NOW, end: NOW + HOUR, weeks: [] }, NOW);
    });
    const helperReads = sources.filter((s) => s.includes("'blocker.help'"));
    expect(helperReads).toHaveLength(3);
    for (const source of helperReads) {
      const plan = planOf(database, source, {
        partnershipId: pid,
        pid,
        blockerId: 1,
        start: NOW,
        end: NOW + HOUR,
      });
      expect(
        plan.some((d) => /USING INDEX audit_log_blocker_help_idx \(entity_id=\?\)/.test(d)),
      ).toBe(true);
      expect(plan.some((d) => d.includes("audit_log_partnership_at_idx"))).toBe(false);
    }
  });
});
