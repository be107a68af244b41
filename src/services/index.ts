/**
 * The use cases, built once in the composition root and handed to adapters by closure.
 */
import { hostname } from "node:os";
import type { Database } from "../db/index.js";
import { createRepositories, type Repositories } from "../db/repositories/index.js";
import type { Logger } from "../logger.js";
import { type AgendaService, createAgendaService } from "./agenda.js";
import { type BlockersService, createBlockersService } from "./blockers.js";
import { type ChangeFeed, createChangeFeed } from "./changes.js";
import { type CheckInsService, createCheckInsService } from "./checkins/index.js";
import { type CommitmentsService, createCommitmentsService } from "./commitments.js";
import { type ContextService, createContextService } from "./context.js";
import { createDecisionsService, type DecisionsService } from "./decisions.js";
import { createDigestsService, type DigestsService } from "./digests.js";
import { createEventsService, type EventsService } from "./events.js";
import { createExporterService, type ExporterService } from "./exporter.js";
import { createHealthService, type HealthService } from "./health.js";
import { createHomeService, type HomeService } from "./home.js";
import { createImporterService, type ImporterService } from "./importer.js";
import type { ServiceKit } from "./kit.js";
import { createMembersService, type MembersService } from "./members.js";
import { createObjectivesService, type ObjectivesService } from "./objectives.js";
import { createOrganizationsService, type OrganizationsService } from "./organizations.js";
import { createPartnershipsService, type PartnershipsService } from "./partnerships.js";
import { type Clock, DeliveryError, type Messenger, type SlackDirectory } from "./ports.js";
import { createReadingService, type ReadingService } from "./reading.js";
import { createSettingsService, type SettingsService } from "./settings.js";
import { createTickService, type TickService } from "./tick.js";

export interface Services {
  readonly clock: Clock;
  readonly repos: Repositories;
  readonly changes: ChangeFeed;
  readonly context: ContextService;
  readonly directory: SlackDirectory;
  readonly health: HealthService;
  readonly partnerships: PartnershipsService;
  readonly tick: TickService;
  readonly checkIns: CheckInsService;
  readonly blockers: BlockersService;
  readonly events: EventsService;
  readonly digests: DigestsService;
  readonly decisions: DecisionsService;
  readonly agenda: AgendaService;
  readonly exporter: ExporterService;
  readonly organizations: OrganizationsService;
  readonly members: MembersService;
  readonly objectives: ObjectivesService;
  readonly commitments: CommitmentsService;
  readonly reading: ReadingService;
  readonly home: HomeService;
  readonly settings: SettingsService;
  readonly importer: ImporterService;
}

export interface ServiceDeps {
  readonly database: Database;
  readonly logger: Logger;
  /** Looks people up in Slack; the CLI, which has no Slack, passes none. */
  readonly directory?: SlackDirectory;
  /** Sends to Slack; the CLI commands that do not send pass none. */
  readonly messenger?: Messenger;
  readonly clock?: Clock;
  /** Names this process in leases; defaults to host and pid. */
  readonly processId?: string;
}

const offline = async (): Promise<never> => {
  throw new DeliveryError("retryable", "offline", "no Slack connection in this process");
};

/** For callers without Slack: every send fails as retryable, so nothing is lost or marked sent. */
export const offlineMessenger: Messenger = {
  openDm: offline,
  postPrompt: offline,
  findPrompt: offline,
  postReminder: offline,
  updatePrompt: offline,
  notify: offline,
  postBlocker: offline,
  updateBlocker: offline,
  postDigest: offline,
};

/** For callers without Slack (the CLI): every lookup answers "unknown". */
export const offlineDirectory: SlackDirectory = {
  user: async () => null,
  findByName: async () => null,
};

export function createServices(deps: ServiceDeps): Services {
  const holder = deps.processId ?? `${hostname()}:${process.pid}`;
  const repos = createRepositories(deps.database.db);
  const transaction = <T>(fn: () => T): T => deps.database.sqlite.transaction(fn)();
  const changes = createChangeFeed((error) => deps.logger.error("change listener failed:", error));
  const context = createContextService(repos);
  const directory = deps.directory ?? offlineDirectory;
  const messenger = deps.messenger ?? offlineMessenger;
  const kit: ServiceKit = {
    repos,
    context,
    changes,
    directory,
    messenger,
    logger: deps.logger,
    transaction,
  };
  const digests = createDigestsService(kit);
  return {
    clock: deps.clock ?? Date.now,
    repos,
    changes,
    context,
    directory,
    health: createHealthService(deps.database),
    partnerships: createPartnershipsService(kit),
    tick: createTickService(kit, { holder, logger: deps.logger.child("tick"), digests }),
    organizations: createOrganizationsService(kit),
    checkIns: createCheckInsService(kit),
    blockers: createBlockersService(kit),
    events: createEventsService(kit),
    digests,
    decisions: createDecisionsService(kit),
    agenda: createAgendaService(kit),
    exporter: createExporterService(kit),
    members: createMembersService(kit),
    objectives: createObjectivesService(kit),
    commitments: createCommitmentsService(kit),
    reading: createReadingService(kit),
    home: createHomeService(kit),
    settings: createSettingsService(kit),
    importer: createImporterService(kit),
  };
}
