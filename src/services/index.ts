/**
 * The use cases, built once in the composition root and handed to adapters by closure.
 */
import { hostname } from "node:os";
import type { Database } from "../db/index.js";
import type { Logger } from "../logger.js";
import { createHealthService, type HealthService } from "./health.js";
import { createTickService, type TickService } from "./tick.js";

export interface Services {
  readonly health: HealthService;
  readonly tick: TickService;
}

export interface ServiceDeps {
  readonly database: Database;
  readonly logger: Logger;
  /** Names this process in leases; defaults to host and pid. */
  readonly processId?: string;
}

export function createServices(deps: ServiceDeps): Services {
  const holder = deps.processId ?? `${hostname()}:${process.pid}`;
  return {
    health: createHealthService(deps.database),
    tick: createTickService({ database: deps.database, logger: deps.logger.child("tick"), holder }),
  };
}
