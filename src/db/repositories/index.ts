export { createLeasesRepository, type LeasesRepository } from "./leases.js";
export {
  createProcessedEventsRepository,
  type ProcessedEventsRepository,
} from "./processed-events.js";
export {
  createWorkspacesRepository,
  type WorkspaceInstall,
  type WorkspacesRepository,
} from "./workspaces.js";
