/**
 * The app's Socket Mode link to Slack, on the `ws` package. It replaces @slack/socket-mode 3.1
 * (what Bolt's SocketModeReceiver uses), which waits 5 s before every reconnect, including the
 * routine refresh Slack asks for every few hours, leaves envelopes it cannot read unacked (a null
 * `payload` is an unhandled rejection), and keeps reconnecting after Slack turned the link off.
 * docs/architecture.md says why the project holds its own.
 *
 * - Opening: `apps.connections.open` with the app-level token gives a one-use URL; the link is up
 *   once Slack says `hello` on it.
 * - Refresh (`disconnect`, reason `refresh_requested` or `warning`): a new link is opened first
 *   and the old one closed once the new one said hello, so nothing arrives into a gap.
 * - Lost (closed, cut, or silent: a ping unanswered for `pongTimeoutMs`): reopened at once, then
 *   after 1, 2, 5, 10 and 30 s while that fails. One warn line when it is lost, one info line
 *   when it is back.
 * - For good: `link_disabled`, or Slack refusing the app token when reopening: no more tries;
 *   `onFatal` gets one line naming what to fix.
 * - Every message with an `envelope_id` is acked exactly once: by the app through
 *   `onEnvelope`, or here at once when its type is not one the app handles.
 */
import { WebClient, type WebClientOptions } from "@slack/web-api";
import WebSocket, { type RawData } from "ws";
import { type Logger, silentLogger } from "../logger.js";
import { isRecord } from "./requests.js";
import { appTokenRefused, describeAppTokenFailure, LINK_DISABLED } from "./startup.js";

/** An envelope from Slack: a slash command, an interaction or an event, and its ack. */
export interface Envelope {
  readonly type: string;
  readonly envelopeId: string;
  /** The request itself, unchecked (PocApp checks it). */
  readonly payload: unknown;
  readonly retryNum: number | undefined;
  readonly retryReason: string | undefined;
  /** Sends the ack (a string becomes `{text}`); only the first call sends anything. */
  ack(response?: unknown): Promise<void>;
}

/** The envelope types the app handles; any other is acked at once and logged. */
const ENVELOPE_TYPES: ReadonlySet<string> = new Set([
  "slash_commands",
  "interactive",
  "events_api",
]);

export interface LinkTiming {
  /** How often an open link is pinged. */
  readonly pingIntervalMs: number;
  /** A ping unanswered for this long: the link is cut and reopened. */
  readonly pongTimeoutMs: number;
  /** How long a new link may take to say hello. */
  readonly helloTimeoutMs: number;
  /** The waits before the 1st, 2nd, … try to reopen a lost link; the last one repeats. */
  readonly reconnectDelaysMs: readonly number[];
  /** How long a link being closed may take to answer the close frame before it is cut. */
  readonly closeGraceMs: number;
}

export const DEFAULT_LINK_TIMING: LinkTiming = {
  pingIntervalMs: 1000,
  pongTimeoutMs: 3000,
  helloTimeoutMs: 10_000,
  reconnectDelaysMs: [0, 1000, 2000, 5000, 10_000, 30_000],
  closeGraceMs: 1000,
};

export type LinkStatus =
  | { readonly state: "connecting"; readonly since: number }
  | { readonly state: "connected"; readonly since: number }
  | { readonly state: "reconnecting"; readonly since: number }
  | { readonly state: "stopped"; readonly since: number };

export interface SocketLinkOptions {
  readonly appToken: string;
  /** The Web API client's options (`slackApiUrl`, `timeout`): where to ask for a link. */
  readonly clientOptions: WebClientOptions & { readonly slackApiUrl: string };
  readonly logger: Logger;
  readonly onEnvelope: (envelope: Envelope) => Promise<void>;
  /** The link stopped for good; `message` is one line for the operator. Called once. */
  readonly onFatal: (message: string) => void;
  readonly timing?: Partial<LinkTiming>;
  readonly now?: () => number;
}

interface Conn {
  readonly ws: WebSocket;
  /** Set until hello: settles the open. */
  opened: { resolve: () => void; reject: (error: Error) => void } | undefined;
  awaitingPongSince: number | undefined;
  pinger: NodeJS.Timeout | undefined;
  closed: Promise<void>;
}

/** At most this much of a type Slack sent goes into a log line. */
const shown = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;

export class SocketLink {
  readonly #options: SocketLinkOptions;
  readonly #timing: LinkTiming;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #conns = new Set<Conn>();
  #current: Conn | undefined;
  #state: LinkStatus;
  #refreshing = false;
  #done = false;
  #attempts = 0;
  #retry: NodeJS.Timeout | undefined;
  /** A failed reopen since the link was last up has been logged at warn (later ones at debug). */
  #failureLogged = false;

  constructor(options: SocketLinkOptions) {
    this.#options = options;
    this.#timing = { ...DEFAULT_LINK_TIMING, ...options.timing };
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#state = { state: "connecting", since: this.#now() };
  }

  status(): LinkStatus {
    return this.#state;
  }

  /** Opens the first link; rejects with Slack's error (e.g. the token refused) when it cannot. */
  async start(): Promise<void> {
    await this.#open();
  }

  /** Closes every link (a close frame, then cut after the grace) and never reopens. */
  async stop(): Promise<void> {
    this.#finish();
    await Promise.all([...this.#conns].map((conn) => this.#close(conn)));
  }

  #finish(): void {
    this.#done = true;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#state = { state: "stopped", since: this.#now() };
  }

  async #connectionUrl(): Promise<string> {
    const client = new WebClient(this.#options.appToken, {
      ...this.#options.clientOptions,
      // One try: the link's own schedule decides when to ask again.
      retryConfig: { retries: 0 },
      logger: silentLogger(),
    });
    const answer = await client.apps.connections.open();
    if (typeof answer.url !== "string") throw new Error("apps.connections.open gave no url");
    return answer.url;
  }

  /** Opens a link and makes it the current one once Slack says hello (closing the one before). */
  async #open(): Promise<void> {
    const url = await this.#connectionUrl();
    if (this.#done) return;
    const ws = new WebSocket(url, { handshakeTimeout: this.#timing.helloTimeoutMs });
    const conn: Conn = {
      ws,
      opened: undefined,
      awaitingPongSince: undefined,
      pinger: undefined,
      closed: new Promise((resolve) => ws.once("close", () => resolve())),
    };
    this.#conns.add(conn);
    const hello = new Promise<void>((resolve, reject) => {
      conn.opened = { resolve, reject };
    });
    ws.on("message", (data, isBinary) => this.#received(conn, data, isBinary));
    ws.on("pong", () => {
      conn.awaitingPongSince = undefined;
    });
    ws.on("error", (error) => conn.opened?.reject(error));
    ws.on("close", (code) => this.#closed(conn, code));
    const timer = setTimeout(
      () => conn.opened?.reject(new Error(`no hello within ${this.#timing.helloTimeoutMs} ms`)),
      this.#timing.helloTimeoutMs,
    );
    try {
      await hello;
    } catch (error) {
      ws.terminate();
      throw error;
    } finally {
      clearTimeout(timer);
      conn.opened = undefined;
    }
    if (this.#done) {
      await this.#close(conn);
      return;
    }
    const now = this.#now();
    conn.pinger = setInterval(() => this.#check(conn), this.#timing.pingIntervalMs);
    const previous = this.#current;
    this.#current = conn;
    if (this.#state.state === "reconnecting") {
      this.#logger.info(`the Socket Mode link is back after ${now - this.#state.since} ms`);
    }
    this.#state = { state: "connected", since: now };
    this.#attempts = 0;
    this.#failureLogged = false;
    if (previous !== undefined) void this.#close(previous);
  }

  /** Pings an open link; one whose last ping went unanswered too long is cut (and reopened). */
  #check(conn: Conn): void {
    const now = this.#now();
    if (conn.awaitingPongSince === undefined) {
      conn.awaitingPongSince = now;
      conn.ws.ping();
      return;
    }
    if (now - conn.awaitingPongSince >= this.#timing.pongTimeoutMs) {
      this.#logger.warn(
        `the Socket Mode link went silent (no answer to a ping for ${now - conn.awaitingPongSince} ms): cutting it`,
      );
      conn.ws.terminate();
    }
  }

  #closed(conn: Conn, code: number): void {
    clearInterval(conn.pinger);
    this.#conns.delete(conn);
    conn.opened?.reject(new Error(`the link closed (code ${code}) before hello`));
    if (conn !== this.#current) return;
    this.#current = undefined;
    if (this.#done) return;
    this.#state = { state: "reconnecting", since: this.#now() };
    this.#logger.warn(`the Socket Mode link was lost (code ${code}): reopening it`);
    if (!this.#refreshing) this.#reconnect();
  }

  #reconnect(): void {
    if (this.#done || this.#retry !== undefined) return;
    const delays = this.#timing.reconnectDelaysMs;
    const delay = delays[Math.min(this.#attempts, delays.length - 1)] ?? 0;
    this.#attempts += 1;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#open().catch((error: unknown) => this.#openFailed(error));
    }, delay);
  }

  #openFailed(error: unknown): void {
    if (this.#done) return;
    if (appTokenRefused(error)) {
      this.#giveUp(describeAppTokenFailure(error, this.#options.clientOptions.slackApiUrl));
      return;
    }
    const line = `the Socket Mode link could not be reopened, still trying: ${describeAppTokenFailure(error, this.#options.clientOptions.slackApiUrl)}`;
    if (this.#failureLogged) this.#logger.debug(line);
    else this.#logger.warn(line);
    this.#failureLogged = true;
    if (this.#current === undefined) this.#reconnect();
  }

  /** Slack asked for a new link: opened before this one is closed. */
  async #refresh(conn: Conn, reason: string): Promise<void> {
    if (conn !== this.#current || this.#refreshing) return;
    this.#logger.debug(`Slack asked for a new Socket Mode link (${reason}): opening it`);
    this.#refreshing = true;
    try {
      await this.#open();
    } catch (error) {
      this.#openFailed(error);
    } finally {
      this.#refreshing = false;
    }
  }

  #giveUp(message: string): void {
    if (this.#done) return;
    this.#finish();
    for (const conn of this.#conns) void this.#close(conn);
    this.#options.onFatal(message);
  }

  /** A close frame, then the link is cut if Slack has not answered within the grace. */
  #close(conn: Conn): Promise<void> {
    clearInterval(conn.pinger);
    if (conn.ws.readyState === WebSocket.OPEN) {
      conn.ws.close(1000);
      const cut = setTimeout(() => conn.ws.terminate(), this.#timing.closeGraceMs);
      void conn.closed.then(() => clearTimeout(cut));
    } else conn.ws.terminate();
    return conn.closed;
  }

  #received(conn: Conn, data: RawData, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      message = undefined;
    }
    if (!isRecord(message)) {
      this.#logger.warn("a Socket Mode message that is not a JSON object was ignored");
      return;
    }
    const type = message.type;
    if (type === "hello") {
      conn.opened?.resolve();
      return;
    }
    if (type === "disconnect") {
      if (message.reason === "link_disabled") this.#giveUp(LINK_DISABLED);
      else void this.#refresh(conn, String(shown(message.reason)));
      return;
    }
    const envelopeId = message.envelope_id;
    if (typeof envelopeId !== "string" || envelopeId === "") {
      this.#logger.warn(
        `a Socket Mode message of type ${shown(type)} without an envelope_id was ignored`,
      );
      return;
    }
    const envelope: Envelope = {
      type: typeof type === "string" ? type : "",
      envelopeId,
      payload: message.payload,
      retryNum: typeof message.retry_attempt === "number" ? message.retry_attempt : undefined,
      retryReason: typeof message.retry_reason === "string" ? message.retry_reason : undefined,
      ack: this.#acker(conn, envelopeId),
    };
    if (!ENVELOPE_TYPES.has(envelope.type)) {
      this.#logger.warn(`an envelope of a type the app does not handle (${shown(type)}) was acked`);
      void envelope.ack();
      return;
    }
    this.#options.onEnvelope(envelope).catch((error: unknown) => {
      this.#logger.error(`envelope ${envelopeId} failed:`, error);
      void envelope.ack();
    });
  }

  /** The ack for one envelope: sent once, on its own link if still open, else on the current. */
  #acker(conn: Conn, envelopeId: string): (response?: unknown) => Promise<void> {
    let sent = false;
    return (response) => {
      if (sent) return Promise.resolve();
      sent = true;
      const link = conn.ws.readyState === WebSocket.OPEN ? conn : this.#current;
      if (link === undefined || link.ws.readyState !== WebSocket.OPEN) {
        this.#logger.warn(`the ack for envelope ${envelopeId} was not sent: no open link`);
        return Promise.resolve();
      }
      const payload = typeof response === "string" ? { text: response } : response;
      const message = JSON.stringify({
        envelope_id: envelopeId,
        ...(payload === undefined ? {} : { payload }),
      });
      return new Promise((resolve) => {
        link.ws.send(message, (error) => {
          if (error) this.#logger.warn(`the ack for envelope ${envelopeId} was not sent:`, error);
          resolve();
        });
      });
    };
  }
}
