/**
 * The Bolt adapter: builds the App for HTTP mode (POST /slack/events, GET /healthz) or Socket
 * Mode, pointed at the configured Web API base URL, with listeners registered by kind.
 */
import type { Server } from "node:http";
import { type App, SocketModeReceiver } from "@slack/bolt";
import { type RetryOptions, WebClient } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import { type Logger, silentLogger } from "../logger.js";
import type { Services } from "../services/index.js";
import { envelopeErrorHandler, PocApp } from "./dispatch.js";
import { startHomePublisher } from "./home.js";
import { register as registerActions } from "./listeners/actions/index.js";
import { register as registerCommands } from "./listeners/commands/index.js";
import { register as registerEvents, registerGate } from "./listeners/events/index.js";
import { register as registerViews } from "./listeners/views/index.js";
import { SlackHttpReceiver } from "./receiver.js";

/**
 * The Web API client's retries. @slack/web-api retries any failed call 10 times over about 30
 * minutes by default; an interactive call (views.open has a 3-second trigger) must fail fast, and
 * scheduled sends are retried by the outbox's `next attempt at`, never by a loop in the client.
 * 429s are separate: the client pauses its queue for `Retry-After` and tries again.
 */
export const DEFAULT_RETRY: RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 2000,
};

export interface SlackAppOptions {
  readonly slack: SlackConfig;
  readonly services: Services;
  readonly logger: Logger;
  readonly retryConfig?: RetryOptions;
  /** Hold the HTTP reply until listeners finish: deterministic tests, FaaS hosts. */
  readonly processBeforeResponse?: boolean;
  /** Shortest time between two publishes of one person's App Home (default 2 s; 0 in tests). */
  readonly homeMinIntervalMs?: number;
}

export interface SlackApp {
  readonly app: App;
  /**
   * Verifies the bot token with auth.test (and in Socket Mode the app-level token with
   * apps.connections.open); rejects with a StartupError on failure.
   */
  init(): Promise<void>;
  /** Listens on `port` (0: a free port) in HTTP mode, or connects in Socket Mode. */
  start(port: number): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

/** A start-up failure that main.ts prints as one line before exiting 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export function describeSlackFailure(error: unknown, apiUrl: string): string {
  const e = error as {
    code?: string;
    data?: { error?: string };
    original?: Error;
    message?: string;
  };
  if (e?.data?.error === "invalid_auth" || e?.data?.error === "not_authed") {
    return `Slack rejected SLACK_BOT_TOKEN (${e.data.error}): check the bot token under OAuth & Permissions`;
  }
  if (e?.data?.error !== undefined) {
    return `Slack answered auth.test with "${e.data.error}"`;
  }
  const original = e?.original as
    | (Error & { cause?: { code?: string; message?: string } })
    | undefined;
  const cause =
    original?.cause?.code ?? original?.cause?.message ?? original?.message ?? e?.message;
  return `Cannot reach Slack at ${apiUrl} (SLACK_API_URL): ${cause ?? String(error)}`;
}

/** Where an app-level token comes from, for every message that asks for a new one. */
const APP_TOKEN_FIX =
  "generate an app-level token with the connections:write scope under Basic Information > App-Level Tokens (or leave SLACK_APP_TOKEN unset for HTTP mode)";

const APP_TOKEN_REJECTED = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "not_allowed_token_type",
]);

/**
 * What Socket Mode's `apps.connections.open` failing with SLACK_APP_TOKEN means to an operator,
 * in one line naming the variable and the fix. (Left to the Socket Mode client, `invalid_auth`
 * reads "An API error occurred: invalid_auth", and a token without `connections:write` is retried
 * for ever.)
 */
export function describeAppTokenFailure(error: unknown, apiUrl: string): string {
  const code = (error as { data?: { error?: string } })?.data?.error;
  if (code === undefined) return describeSlackFailure(error, apiUrl);
  if (APP_TOKEN_REJECTED.has(code)) {
    return `Slack rejected SLACK_APP_TOKEN (${code}): ${APP_TOKEN_FIX}`;
  }
  if (code === "missing_scope") {
    return `SLACK_APP_TOKEN lacks the connections:write scope (missing_scope): ${APP_TOKEN_FIX}`;
  }
  return `Slack refused a Socket Mode connection for SLACK_APP_TOKEN ("${code}"): check that Socket Mode is on in the app's settings, or ${APP_TOKEN_FIX}`;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { slack, services, logger } = options;
  const clientOptions = {
    slackApiUrl: slack.apiUrl,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: 10_000,
  };
  const app = slack.socketMode
    ? new PocApp({
        token: slack.botToken,
        socketMode: true,
        receiver: new SocketModeReceiver({
          appToken: slack.appToken ?? "",
          logger,
          // The Socket Mode client asks SLACK_API_URL for its connection, as the Web API does.
          installerOptions: { clientOptions },
          processEventErrorHandler: envelopeErrorHandler(logger),
        }),
        logger,
        clientOptions,
        deferInitialization: true,
      })
    : new PocApp({
        token: slack.botToken,
        receiver: new SlackHttpReceiver({
          signingSecret: slack.signingSecret ?? "",
          logger,
          processBeforeResponse: options.processBeforeResponse ?? false,
          routes: {
            "/healthz": (_req, res) => {
              const health = services.health.check();
              res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
              res.end(JSON.stringify(health));
            },
          },
        }),
        logger,
        clientOptions,
        deferInitialization: true,
      });

  registerGate(app, services, logger);
  registerCommands(app, services, logger);
  registerViews(app, services, logger);
  registerActions(app, services, logger);
  registerEvents(app, services, logger);
  const stopHome = startHomePublisher(app.client, services, logger.child("home"), {
    ...(options.homeMinIntervalMs !== undefined
      ? { minIntervalMs: options.homeMinIntervalMs }
      : {}),
  });

  return {
    app,
    async init() {
      try {
        // A quiet auth.test first: a bad token or an unreachable Slack becomes one clear line
        // instead of a warning per retry from the app's own client.
        const probe = new WebClient(slack.botToken, {
          ...clientOptions,
          logger: silentLogger(),
        });
        await probe.auth.test();
        await app.init();
      } catch (error) {
        throw new StartupError(describeSlackFailure(error, slack.apiUrl));
      }
      if (slack.socketMode) {
        // The same check for the app-level token: one quiet apps.connections.open (the URL it
        // hands out expires unused), so a wrong token or a missing scope is one line, not a loop.
        try {
          const appProbe = new WebClient(slack.appToken, {
            ...clientOptions,
            logger: silentLogger(),
          });
          await appProbe.apps.connections.open();
        } catch (error) {
          throw new StartupError(describeAppTokenFailure(error, slack.apiUrl));
        }
      }
    },
    async start(port: number) {
      if (slack.socketMode) {
        try {
          await app.start();
        } catch (error) {
          throw new StartupError(describeAppTokenFailure(error, slack.apiUrl));
        }
        return { port: undefined };
      }
      const server = (await app.start(port)) as Server;
      const address = server.address();
      return { port: typeof address === "object" && address !== null ? address.port : port };
    },
    async stop() {
      stopHome();
      await app.stop();
    },
  };
}
