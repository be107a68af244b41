/**
 * The app's services on a test database, built the way every process builds them
 * (`createRuntime`): offline unless the test hands in a messenger, so a send that nobody expected
 * fails as retryable and nothing is marked sent.
 */
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/index.js";
import { silentLogger } from "../../src/logger.js";
import { createRuntime, type RuntimeOptions } from "../../src/runtime.js";
import type { Services } from "../../src/services/index.js";

export function servicesOn(
  database: Database,
  options: Omit<RuntimeOptions, "database"> = {},
): Services {
  return createRuntime(loadConfig({ DATABASE_PATH: database.path }), {
    logger: silentLogger(),
    ...options,
    database,
  }).services;
}
