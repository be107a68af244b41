/**
 * The Bolt adapter: builds the App for HTTP mode (POST /slack/events, GET /healthz) or Socket
 * Mode, pointed at the configured Web API base URL, with listeners registered by kind.
 */
import type { Server, ServerResponse } from "node:http";
import type { App } from "@slack/bolt";
import { type RetryOptions, WebClient } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import { type Logger, silentLogger } from "../logger.js";
import type { Services } from "../services/index.js";
import { DEFAULT_RETRY } from "./client.js";
import { PocApp } from "./dispatch.js";
import { startHomePublisher } from "./home.js";
import { register as registerActions } from "./listeners/actions/index.js";
import { register as registerCommands } from "./listeners/commands/index.js";
import { register as registerEvents, registerGate } from "./listeners/events/index.js";
import { mountListeners } from "./listeners/table.js";
import { register as registerViews } from "./listeners/views/index.js";
import { SlackHttpReceiver } from "./receiver.js";
import type { LinkStatus, LinkTiming } from "./socketLink.js";
import { SlackSocketReceiver } from "./socketReceiver.js";
import { describeSlackFailure, StartupError } from "./startup.js";

export interface SlackAppOptions {
  readonly slack: SlackConfig;
  readonly services: Services;
  readonly logger: Logger;
  readonly retryConfig?: RetryOptions;
  /** Hold the HTTP reply until listeners finish: deterministic tests, FaaS hosts. */
  readonly processBeforeResponse?: boolean;
  /** Shortest time between two publishes of one person's App Home (default 2 s; 0 in tests). */
  readonly homeMinIntervalMs?: number;
  /** Socket Mode: the link stopped for good (link_disabled, the app token refused). */
  readonly onFatal?: (message: string) => void;
  /** Socket Mode: the link's pings and reconnect waits, and /healthz's grace (tests shorten them). */
  readonly socketTiming?: Partial<LinkTiming> & { readonly downGraceMs?: number };
}

/** How long the Socket Mode link may be down before /healthz answers 503: a refresh or a blip must not. */
export const LINK_DOWN_GRACE_MS = 30_000;

export interface LinkHealth {
  readonly ok: boolean;
  readonly slack: "connected" | "reconnecting" | "stopped";
  /** When the link went down (ISO 8601), unless connected. */
  readonly since?: string;
}

/**
 * What /healthz says about the Socket Mode link at `now`: healthy while connected, and while it
 * has been down for less than `graceMs`.
 */
export function linkHealth(status: LinkStatus, now: number, graceMs: number): LinkHealth {
  if (status.state === "connected") return { ok: true, slack: "connected" };
  const since = new Date(status.since).toISOString();
  if (status.state === "stopped") return { ok: false, slack: "stopped", since };
  return { ok: now - status.since < graceMs, slack: "reconnecting", since };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export interface SlackApp {
  readonly app: App;
  /**
   * Verifies the bot token with auth.test; rejects with a StartupError on failure. (The app-level
   * token is checked when `start` opens the Socket Mode link.)
   */
  init(): Promise<void>;
  /**
   * Listens on `port` (0: a free port): in HTTP mode for Slack's requests and /healthz, in Socket
   * Mode for /healthz once the link is open (a refused app token: a StartupError).
   */
  start(port: number): Promise<{ port: number }>;
  /** Resolves once every App Home publish asked for so far is made. */
  homesPublished(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { slack, services, logger } = options;
  const clientOptions = {
    slackApiUrl: slack.apiUrl,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: 10_000,
  };
  const processBeforeResponse = options.processBeforeResponse ?? false;
  let socket: SlackSocketReceiver | undefined;
  const routes = {
    "/healthz": (_req: unknown, res: ServerResponse) => {
      const database = services.health.check();
      if (socket === undefined) return json(res, database.ok ? 200 : 503, database);
      const link = linkHealth(
        socket.status(),
        Date.now(),
        options.socketTiming?.downGraceMs ?? LINK_DOWN_GRACE_MS,
      );
      const ok = database.ok && link.ok;
      json(res, ok ? 200 : 503, { ...database, ...link, ok });
    },
  };
  if (slack.socketMode) {
    socket = new SlackSocketReceiver({
      link: {
        appToken: slack.appToken ?? "",
        // The link asks SLACK_API_URL for its connection, as the Web API does.
        clientOptions: { slackApiUrl: slack.apiUrl, timeout: clientOptions.timeout },
        onFatal: options.onFatal ?? ((message) => logger.error(message)),
        ...(options.socketTiming ? { timing: options.socketTiming } : {}),
      },
      logger: logger.child("socket"),
      processBeforeResponse,
      routes,
    });
  }
  const app = new PocApp({
    token: slack.botToken,
    receiver:
      socket ??
      new SlackHttpReceiver({
        signingSecret: slack.signingSecret ?? "",
        logger,
        processBeforeResponse,
        routes,
      }),
    logger,
    clientOptions,
    deferInitialization: true,
  });

  registerGate(app, services, logger);
  registerCommands(app, services, logger);
  mountListeners(app, (table) => {
    registerViews(table, services, logger);
    registerActions(table, services, logger);
    registerEvents(table, services, logger);
  });
  const homes = startHomePublisher(app.client, services, logger.child("home"), {
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
    },
    async start(port: number) {
      const server = (await app.start(port)) as Server;
      const address = server.address();
      return { port: typeof address === "object" && address !== null ? address.port : port };
    },
    homesPublished: () => homes.idle(),
    async stop() {
      homes.stop();
      await app.stop();
    },
  };
}
