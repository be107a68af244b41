/**
 * The App Home's data, called directly with a chosen `now`: a partnership's health, computed for
 * one coordinator's Home, serves the next Home within HEALTH_REUSE_MS unless a change was
 * announced for the partnership in between (src/services/home.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { HEALTH_REUSE_MS } from "../../src/services/home.js";
import type { Services } from "../../src/services/index.js";
import { TEAM_ID } from "../support/app.js";
import { memoryDatabase } from "../support/db.js";
import { NOW, type Seeded, seedCommitment, seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";

let database: Database;
let services: Services;
let seeded: Seeded;

beforeEach(() => {
  database = memoryDatabase();
  services = servicesOn(database);
  seeded = seedPartnership(services);
  services.repos.members.upsert({
    partnershipId: seeded.partnershipId,
    slackUserId: "U0COORD2",
    role: "coordinator",
    organizationId: seeded.orgs.river,
    displayName: "Cody Coordinator",
    timeZone: "Europe/London",
    timeZoneFetchedAt: NOW,
    createdAt: NOW,
  });
});

afterEach(() => {
  database.close();
});

/** A commitment written straight to the repository: no change is announced. */
function addQuietly(title: string): void {
  seedCommitment(services, {
    partnershipId: seeded.partnershipId,
    organizationId: seeded.orgs.acme,
    ownerMemberId: seeded.members.pat,
    title,
  });
}

/** The active commitments a coordinator's Home shows at `now`. */
function shown(userId: string, now: number): number | undefined {
  const home = services.home.forUser(TEAM_ID, userId, now);
  return home.partnerships[0]?.health?.activeCommitments;
}

describe("a coordinator's Home health", () => {
  it("when a second coordinator's Home is built within the reuse limit and nothing was announced, then it shows the health computed for the first", () => {
    addQuietly("Drill wells");
    expect(shown("U0COORD", NOW)).toBe(1);
    addQuietly("Train technicians");
    expect(shown("U0COORD2", NOW + HEALTH_REUSE_MS - 1)).toBe(1);
    // At the limit it is read again.
    expect(shown("U0COORD2", NOW + HEALTH_REUSE_MS)).toBe(2);
  });

  it("when a change is announced for the partnership, then the next Home reads the health again at once", () => {
    addQuietly("Drill wells");
    expect(shown("U0COORD", NOW)).toBe(1);
    addQuietly("Train technicians");
    // Another partnership's change leaves it; this partnership's drops it.
    services.changes.emit({
      teamId: TEAM_ID,
      partnershipId: seeded.partnershipId + 1,
      userIds: [],
    });
    expect(shown("U0COORD2", NOW + 1)).toBe(1);
    services.changes.emit({ teamId: TEAM_ID, partnershipId: seeded.partnershipId, userIds: [] });
    expect(shown("U0COORD2", NOW + 2)).toBe(2);
  });

  it("when the clock reads earlier than the kept health, then it is read again", () => {
    expect(shown("U0COORD", NOW)).toBe(0);
    addQuietly("Drill wells");
    expect(shown("U0COORD2", NOW - 1)).toBe(1);
  });

  it("when a partner's Home is built, then it carries no health", () => {
    addQuietly("Drill wells");
    const home = services.home.forUser(TEAM_ID, "U0PART", NOW);
    expect(home.partnerships.map((p) => [p.role, p.health])).toEqual([["partner", null]]);
    expect(home.partnerships[0]?.commitments.map((c) => c.title)).toEqual(["Drill wells"]);
  });
});
