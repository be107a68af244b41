/**
 * The one composition root below the Slack app: config -> database -> Slack's Web API adapters ->
 * services. `npm start` (main.ts adds the Bolt app and the scheduler on top), every `poc`
 * subcommand, the demo, the benchmarks and the tests' support all build their services here, so
 * a process never wires the use cases differently from another.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RetryOptions } from "@slack/web-api";
import type { Config } from "./config.js";
import { type Database, openDatabase } from "./db/index.js";
import { createLogger, type Logger } from "./logger.js";
import { createServices, type Services } from "./services/index.js";
import type { Clock, Messenger, SlackDirectory } from "./services/ports.js";
import { createSlackClient, DEFAULT_RETRY, OUTBOX_RETRY } from "./slack/client.js";
import { createSlackDirectory } from "./slack/directory.js";
import { createSlackMessenger } from "./slack/messenger/index.js";

export interface RuntimeOptions {
  /** Where `now` comes from (default: the real clock). */
  readonly clock?: Clock;
  /** Default: one at the config's level. */
  readonly logger?: Logger;
  /**
   * An open database the runtime takes over and closes: a dry run's in-memory copy, or one
   * opened without creating it (`poc tick`). Default: DATABASE_PATH, created and migrated.
   */
  readonly database?: Database;
  /**
   * What sends to Slack and looks people up there. Default: Slack's Web API at SLACK_API_URL
   * when the config has a bot token; otherwise offline (every send fails as retryable, so
   * nothing is lost or marked sent, and every lookup answers "unknown").
   */
  readonly messenger?: Messenger;
  readonly directory?: SlackDirectory;
  /** The retry policy of lookups (sends are retried by the outbox, not the client). */
  readonly retryConfig?: RetryOptions;
  /** Names this process in leases (default: host, pid and a random suffix). */
  readonly processId?: string;
}

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly database: Database;
  readonly services: Services;
  /** Closes the database (once). */
  close(): void;
}

export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? Date.now;
  const database = options.database ?? openDatabase(config.databasePath);
  const slack = config.slack;
  const directory =
    options.directory ??
    (slack &&
      createSlackDirectory(
        createSlackClient(slack, options.retryConfig ?? DEFAULT_RETRY, logger.child("web")),
        clock,
      ));
  const messenger =
    options.messenger ??
    (slack && createSlackMessenger(createSlackClient(slack, OUTBOX_RETRY, logger.child("send"))));
  const services = createServices({
    database,
    logger,
    clock,
    processId: options.processId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ...(directory ? { directory } : {}),
    ...(messenger ? { messenger } : {}),
  });
  let closed = false;
  return {
    config,
    logger,
    clock,
    database,
    services,
    close() {
      if (closed) return;
      closed = true;
      database.close();
    },
  };
}
