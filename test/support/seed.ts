/**
 * A ready partnership for tests that are not about setting one up: written straight through the
 * repositories, bound to CHANNEL_ID in TEAM_ID, with Cora as coordinator (Acme), Pat and Priya
 * as partners (Acme and River NGO), Olu as observer (no organization); Oona is not a member.
 */
import type { Commitment, NewCommitment } from "../../src/db/schema.js";
import type { Services } from "../../src/services/index.js";
import { CHANNEL_ID, TEAM_ID } from "./app.js";

export const NOW = Date.parse("2026-11-30T12:00:00Z");

export interface Seeded {
  readonly workspaceId: number;
  readonly partnershipId: number;
  readonly orgs: { readonly acme: number; readonly river: number };
  readonly members: {
    readonly cora: number;
    readonly pat: number;
    readonly priya: number;
    readonly olu: number;
  };
}

export function seedPartnership(
  services: Services,
  channelId = CHANNEL_ID,
  teamId = TEAM_ID,
): Seeded {
  const { repos } = services;
  const ws =
    repos.workspaces.findByTeamId(teamId) ??
    repos.workspaces.upsertWorkspace({ teamId, name: teamId, installedAt: NOW });
  const p = repos.partnerships.create({
    workspaceId: ws.id,
    channelId,
    name: "Clean Water Compact",
    purpose: "Safe water for everyone in the valley",
    timeZone: "Europe/London",
    createdBy: "U0COORD",
    createdAt: NOW,
    updatedAt: NOW,
  });
  const org = (name: string, sector: "business" | "civil_society") =>
    repos.organizations.upsert({
      partnershipId: p.id,
      name,
      normalizedName: name.toLowerCase().replace(/\s+/g, ""),
      sector,
      createdAt: NOW,
    }).id;
  const acme = org("Acme Water", "business");
  const river = org("River NGO", "civil_society");
  const member = (
    slackUserId: string,
    role: "coordinator" | "partner" | "observer",
    organizationId: number | null,
    name: string,
    tz: string,
  ) =>
    repos.members.upsert({
      partnershipId: p.id,
      slackUserId,
      role,
      organizationId,
      displayName: name,
      timeZone: tz,
      timeZoneFetchedAt: NOW,
      createdAt: NOW,
    }).id;
  return {
    workspaceId: ws.id,
    partnershipId: p.id,
    orgs: { acme, river },
    members: {
      cora: member("U0COORD", "coordinator", acme, "Cora Coordinator", "Europe/London"),
      pat: member("U0PART", "partner", acme, "Pat Partner", "America/New_York"),
      priya: member("U0PART2", "partner", river, "Priya Partner", "Australia/Sydney"),
      olu: member("U0OBS", "observer", null, "Olu Observer", "Africa/Lagos"),
    },
  };
}

/**
 * A weekly commitment (Thursday 10:00, started at NOW, no objectives) written straight to the
 * repository: no audit entry, no change announced. `over` names at least its partnership,
 * organization and owner.
 */
export function seedCommitment(
  services: Services,
  over: Pick<NewCommitment, "partnershipId" | "organizationId" | "ownerMemberId"> &
    Partial<NewCommitment>,
  objectiveIds: readonly number[] = [],
): Commitment {
  return services.repos.commitments.create(
    {
      title: "Wells",
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: NOW,
      createdBy: "U0COORD",
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    },
    [...objectiveIds],
  );
}
