export { type AuditRecord, type AuditRepository, createAuditRepository } from "./audit.js";
export {
  type CommitmentPatch,
  type CommitmentsRepository,
  type CommitmentWithObjectives,
  createCommitmentsRepository,
} from "./commitments.js";
export { createLeasesRepository, type LeasesRepository } from "./leases.js";
export { createMembersRepository, type MemberPatch, type MembersRepository } from "./members.js";
export {
  createObjectivesRepository,
  type ObjectivePatch,
  type ObjectivesRepository,
} from "./objectives.js";
export {
  createOrganizationsRepository,
  type OrganizationsRepository,
} from "./organizations.js";
export {
  createPartnershipsRepository,
  type PartnershipPatch,
  type PartnershipsRepository,
} from "./partnerships.js";
export {
  createProcessedEventsRepository,
  type ProcessedEventsRepository,
} from "./processed-events.js";
export {
  createWorkspacesRepository,
  type WorkspaceInstall,
  type WorkspacesRepository,
} from "./workspaces.js";

import type { Db } from "../index.js";
import { createAuditRepository } from "./audit.js";
import { createBlockersRepository } from "./blockers.js";
import { createCheckInsRepository } from "./checkins.js";
import { createCommitmentsRepository } from "./commitments.js";
import { createDecisionsRepository } from "./decisions.js";
import { createDigestsRepository } from "./digestsRepo.js";
import { createLeasesRepository } from "./leases.js";
import { createMembersRepository } from "./members.js";
import { createObjectivesRepository } from "./objectives.js";
import { createOrganizationsRepository } from "./organizations.js";
import { createOverviewRepository } from "./overview.js";
import { createPartnershipsRepository } from "./partnerships.js";
import { createProcessedEventsRepository } from "./processed-events.js";
import { createPromptsRepository } from "./prompts.js";
import { createWorkspacesRepository } from "./workspaces.js";

/** Every repository over one connection: what the services are built from. */
export function createRepositories(db: Db) {
  return {
    workspaces: createWorkspacesRepository(db),
    partnerships: createPartnershipsRepository(db),
    organizations: createOrganizationsRepository(db),
    members: createMembersRepository(db),
    objectives: createObjectivesRepository(db),
    commitments: createCommitmentsRepository(db),
    audit: createAuditRepository(db),
    overview: createOverviewRepository(db),
    prompts: createPromptsRepository(db),
    checkIns: createCheckInsRepository(db),
    blockers: createBlockersRepository(db),
    digests: createDigestsRepository(db),
    decisions: createDecisionsRepository(db),
    processedEvents: createProcessedEventsRepository(db),
    leases: createLeasesRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
