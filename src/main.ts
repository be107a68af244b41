/**
 * The app's process: the runtime (config -> database (+migrate) -> services, runtime.ts) -> Slack
 * app -> scheduler -> start. SIGTERM/SIGINT stop the scheduler, let in-flight requests finish, close the database and
 * exit 0. Any start-up failure is one line on stderr and exit code 1, never a stack trace.
 */
import { pathToFileURL } from "node:url";
import type { RetryOptions } from "@slack/web-api";
import { type AppConfig, ConfigError, readConfig } from "./config.js";
import type { Database } from "./db/index.js";
import { createLogger, type Logger } from "./logger.js";
import { createRuntime, type Runtime } from "./runtime.js";
import { createScheduler, type Scheduler } from "./scheduler/index.js";
import type { Services } from "./services/index.js";
import type { Clock } from "./services/ports.js";
import { createSlackApp, type SlackAppOptions } from "./slack/app.js";
import { DEFAULT_RETRY } from "./slack/client.js";
import { StartupError } from "./slack/startup.js";

export interface StartOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Overrides config.port (0: a free port). */
  readonly port?: number;
  readonly retryConfig?: RetryOptions;
  readonly processBeforeResponse?: boolean;
  /** Shortest time between two publishes of one person's App Home (default 2 s; 0 in tests). */
  readonly homeMinIntervalMs?: number;
  /** Socket Mode: the link stopped for good; `message` names what to fix (default: logged). */
  readonly onFatal?: (message: string) => void;
  readonly socketTiming?: SlackAppOptions["socketTiming"];
}

export interface RunningPoc {
  /** The HTTP port: Slack's requests and /healthz in HTTP mode, /healthz in Socket Mode. */
  readonly port: number;
  readonly services: Services;
  readonly database: Database;
  /** Resolves once every App Home publish the changes so far asked for is made. */
  homesPublished(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPoc(config: AppConfig, options: StartOptions = {}): Promise<RunningPoc> {
  const retryConfig = options.retryConfig ?? DEFAULT_RETRY;
  let runtime: Runtime;
  try {
    runtime = createRuntime(config, {
      retryConfig,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  const { logger, clock, services, database } = runtime;
  const slackApp = createSlackApp({
    slack: config.slack,
    services,
    logger: logger.child("slack"),
    retryConfig,
    ...(options.processBeforeResponse !== undefined
      ? { processBeforeResponse: options.processBeforeResponse }
      : {}),
    ...(options.homeMinIntervalMs !== undefined
      ? { homeMinIntervalMs: options.homeMinIntervalMs }
      : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    ...(options.socketTiming ? { socketTiming: options.socketTiming } : {}),
  });
  let scheduler: Scheduler | undefined;
  try {
    await slackApp.init();
    const { port } = await slackApp.start(options.port ?? config.port);
    if (config.scheduler === "on") {
      scheduler = createScheduler({
        tick: services.tick,
        clock,
        logger: logger.child("scheduler"),
      });
      scheduler.start();
    }
    let stopping: Promise<void> | undefined;
    return {
      port,
      services,
      database,
      homesPublished: () => slackApp.homesPublished(),
      stop() {
        stopping ??= (async () => {
          await scheduler?.stop();
          await slackApp.stop();
          runtime.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await scheduler?.stop();
    runtime.close();
    throw error;
  }
}

function fail(message: string): never {
  process.stderr.write(`poc: ${message}\n`);
  process.exit(1);
}

export async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = readConfig("app");
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled rejection:", reason);
  });
  let running: RunningPoc | undefined;
  // The Socket Mode link stopped for good (turned off, or the app token revoked): one line, then
  // a clean stop and a non-zero exit, so a supervisor sees it.
  const fatal = (message: string) => {
    process.stderr.write(`poc: ${message}\n`);
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  try {
    running = await startPoc(config, { logger, onFatal: fatal });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    fail((error as Error).message ?? String(error));
  }
  const mode = config.slack.socketMode
    ? `Socket Mode, /healthz on port ${running.port}`
    : `HTTP on port ${running.port}`;
  logger.info(
    `POC ready (${mode}, database ${config.databasePath}, scheduler ${config.scheduler})`,
  );
  const shutdown = (signal: string) => {
    logger.info(`${signal}: stopping`);
    (running?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${(error as Error).message}`),
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main();
}
