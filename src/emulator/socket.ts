/**
 * Socket Mode, Slack's side. `apps.connections.open` takes the app-level token (`xapp-…`, with
 * `connections:write`), not the bot token, and answers with a one-use WebSocket URL on the
 * emulator. On that link the emulator says `hello`, delivers slash commands, interactivity and
 * events as envelopes, waits for each envelope's ack (recording when it came and what it held),
 * and can do what Slack's side of a link does to an app: ask it to refresh (`disconnect`,
 * `refresh_requested`), turn it off (`link_disabled`), drop it, or fall silent. The WebSocket
 * protocol itself is the `ws` package's.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";

export interface AppTokenGrant {
  readonly token: string;
  readonly scopes: ReadonlySet<string>;
}

export const CONNECTIONS_SCOPE = "connections:write";

/** What `apps.connections.open` answers for this token (and a fresh link's URL when it may). */
export function openConnection(
  token: string | undefined,
  grant: AppTokenGrant & { readonly revoked?: boolean },
  origin: string,
  ticket: number,
): Record<string, unknown> {
  if (token === undefined || token === "") return { ok: false, error: "not_authed" };
  // A bot or user token where an app-level token belongs.
  if (/^xox[bp]-/.test(token)) return { ok: false, error: "not_allowed_token_type" };
  if (token !== grant.token) return { ok: false, error: "invalid_auth" };
  if (grant.revoked) return { ok: false, error: "token_revoked" };
  if (!grant.scopes.has(CONNECTIONS_SCOPE)) {
    return {
      ok: false,
      error: "missing_scope",
      needed: CONNECTIONS_SCOPE,
      provided: [...grant.scopes].join(","),
    };
  }
  return { ok: true, url: `${origin.replace(/^http/, "ws")}/socket/${ticket}` };
}

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** Why Slack's side sends `disconnect`: refresh (reconnect), a warning, or Socket Mode turned off. */
export type DisconnectReason = "refresh_requested" | "warning" | "link_disabled";

/** One WebSocket link, as the emulator saw it (times are wall-clock milliseconds). */
export interface SocketConnection {
  /** The ticket in its URL: 1 for the first `apps.connections.open`, and so on. */
  readonly id: number;
  readonly openedAt: number;
  closedAt: number | undefined;
  /** Who ended it: the app (a close frame or a dropped TCP link), or the emulator. */
  closedBy: "app" | "emulator" | undefined;
  closeCode: number | undefined;
  /** The `disconnect` reason sent on it, if any. */
  disconnected: DisconnectReason | undefined;
  /** Fallen silent: reads nothing, answers no ping and no close. */
  silenced: boolean;
}

/** An ack the app sent: `{envelope_id, payload}`. */
export interface SocketAck {
  readonly envelopeId: string;
  readonly connection: number;
  /** The envelope's type, or undefined for an envelope id the emulator never sent. */
  readonly type: string | undefined;
  /** Milliseconds from sending the envelope to this ack. */
  readonly ms: number | undefined;
  /** The ack's `payload` (`{}` when the app acked with nothing). */
  readonly payload: unknown;
}

export interface SocketDelivery {
  readonly envelopeId: string;
  /** The link it went out on; undefined when no link was open before the timeout. */
  readonly connection: number | undefined;
  /** Undefined when the app did not ack before the timeout. */
  readonly ack: SocketAck | undefined;
}

export interface DeliverOptions {
  readonly retryAttempt?: number;
  readonly retryReason?: string;
  /** How long to wait for a link and then for the ack (default 10 s; Slack gives up at 3 s). */
  readonly timeoutMs?: number;
}

export interface SocketModeLink {
  /** Every link opened, oldest first. */
  readonly connections: readonly SocketConnection[];
  /** Every ack received, in order (an envelope acked twice appears twice). */
  readonly acks: readonly SocketAck[];
  /** Envelopes sent and not acked yet, by id. */
  pending(): string[];
  /** The newest link that is open and has not been told to disconnect. */
  current(): SocketConnection | undefined;
  /** Resolves with the first link opened with an id above `after` (default: any open one). */
  waitForConnection(options?: { after?: number; timeoutMs?: number }): Promise<SocketConnection>;
  /** Resolves once no link is open. */
  waitForNoConnection(timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the current link (waiting for one) and resolves with its ack. */
  deliver(type: EnvelopeType, payload: unknown, options?: DeliverOptions): Promise<SocketDelivery>;
  /**
   * Sends `message` as is on the current link. If it carries an `envelope_id`, resolves with
   * that envelope's ack (or undefined after `timeoutMs`, default 3 s).
   */
  sendRaw(message: string, options?: { timeoutMs?: number }): Promise<SocketAck | undefined>;
  /** Sends `disconnect` on every open link; the emulator closes them after `closeAfterMs`. */
  disconnect(reason: DisconnectReason, options?: { closeAfterMs?: number }): void;
  /** Cuts every open link at the TCP level, without a close frame. */
  drop(): void;
  /** Makes every open link silent: nothing read, no pong, no close answered. */
  silence(): void;
  /** From now on `apps.connections.open` answers `token_revoked` for the app token. */
  revokeAppToken(): void;
}

/** Slack's default wait for an ack; deliveries wait longer so a loaded machine stays readable. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** Slack closes a link about 10 s after asking the app to refresh it. */
const REFRESH_GRACE_MS = 10_000;

interface Pending {
  readonly type: string;
  readonly sentAt: number;
  readonly resolve: (ack: SocketAck) => void;
}

interface Live {
  readonly record: SocketConnection;
  readonly ws: WebSocket;
  readonly raw: Duplex;
}

export interface SocketModeServer extends SocketModeLink {
  /** `apps.connections.open`'s answer for this token. */
  open(token: string | undefined): Record<string, unknown>;
  close(): void;
}

export function startSocketMode(
  server: Server,
  origin: string,
  grant: AppTokenGrant,
): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  let revoked = false;
  let tickets = 0;
  let envelopes = 0;
  /** Tickets handed out and not used yet: a link URL works once. */
  const unused = new Set<number>();
  const connections: SocketConnection[] = [];
  const live = new Map<number, Live>();
  const acks: SocketAck[] = [];
  const pending = new Map<string, Pending>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const changed = () => {
    for (const waiter of [...waiters]) waiter();
  };
  /** Resolves when `test()` holds (checked now and at every change), or rejects after `ms`. */
  const until = <T>(test: () => T | undefined, ms: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const now = test();
      if (now !== undefined) return resolve(now);
      const check = () => {
        const value = test();
        if (value === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`emulator: ${what} within ${ms} ms`));
      }, ms);
      waiters.add(check);
    });

  const current = (): SocketConnection | undefined =>
    [...live.values()]
      .map((l) => l.record)
      .filter((c) => c.disconnected === undefined)
      .at(-1);

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const match = /^\/socket\/(\d+)$/.exec(new URL(req.url ?? "/", origin).pathname);
    const ticket = match ? Number(match[1]) : undefined;
    if (ticket === undefined || !unused.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ticket, ws, socket));
  }
  server.on("upgrade", onUpgrade);

  function accept(id: number, ws: WebSocket, raw: Duplex): void {
    const record: SocketConnection = {
      id,
      openedAt: Date.now(),
      closedAt: undefined,
      closedBy: undefined,
      closeCode: undefined,
      disconnected: undefined,
      silenced: false,
    };
    connections.push(record);
    live.set(id, { record, ws, raw });
    ws.on("ping", (data) => {
      if (!record.silenced) ws.pong(data);
    });
    ws.on("message", (data, isBinary) => {
      if (!isBinary) received(record, data);
    });
    ws.on("close", (code) => {
      live.delete(id);
      record.closedAt = Date.now();
      record.closedBy ??= "app";
      record.closeCode = code;
      changed();
    });
    ws.on("error", () => {
      // A cut link: `close` follows.
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: live.size,
        debug_info: { host: "emulator", approximate_connection_time: 18060 },
        connection_info: { app_id: "A0EMULAPP" },
      }),
    );
    changed();
  }

  function received(record: SocketConnection, data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown } | null)?.envelope_id;
    if (typeof envelopeId !== "string") return;
    const sent = pending.get(envelopeId);
    const payload = (message as { payload?: unknown }).payload;
    const ack: SocketAck = {
      envelopeId,
      connection: record.id,
      type: sent?.type,
      ms: sent === undefined ? undefined : Date.now() - sent.sentAt,
      payload: payload ?? {},
    };
    acks.push(ack);
    if (sent !== undefined) {
      pending.delete(envelopeId);
      sent.resolve(ack);
    }
    changed();
  }

  function send(
    type: string,
    message: string,
    envelopeId: string,
    connection: Live,
    timeoutMs: number,
  ): Promise<SocketAck | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (pending.get(envelopeId)?.resolve === done) pending.delete(envelopeId);
        resolve(undefined);
      }, timeoutMs);
      timers.add(timer);
      const done = (ack: SocketAck) => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(ack);
      };
      pending.set(envelopeId, { type, sentAt: Date.now(), resolve: done });
      connection.ws.send(message);
    });
  }

  function closeLink(l: Live, code: number): void {
    l.record.closedBy ??= "emulator";
    if (l.record.silenced) l.ws.terminate();
    else l.ws.close(code);
  }

  return {
    connections,
    acks,
    open(token) {
      const ticket = tickets + 1;
      const answer = openConnection(token, { ...grant, revoked }, origin, ticket);
      if (answer.ok === true) {
        tickets = ticket;
        unused.add(ticket);
      }
      return answer;
    },
    pending: () => [...pending.keys()],
    current,
    waitForConnection({ after, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
      return until(
        () =>
          after === undefined
            ? current()
            : connections.find((c) => c.id > after && c.closedAt === undefined),
        timeoutMs,
        after === undefined ? "no Socket Mode link opened" : `no link after #${after} opened`,
      );
    },
    async waitForNoConnection(timeoutMs = DEFAULT_TIMEOUT_MS) {
      await until(() => (live.size === 0 ? true : undefined), timeoutMs, "a link stayed open");
    },
    async deliver(type, payload, options = {}) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      envelopes += 1;
      const envelopeId = `env-${envelopes}-${Date.now().toString(36)}`;
      let link: SocketConnection;
      try {
        link = await this.waitForConnection({ timeoutMs });
      } catch {
        return { envelopeId, connection: undefined, ack: undefined };
      }
      const l = live.get(link.id);
      if (l === undefined) return { envelopeId, connection: undefined, ack: undefined };
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        ...(type === "events_api"
          ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? "" }
          : {}),
      };
      const ack = await send(type, JSON.stringify(envelope), envelopeId, l, timeoutMs);
      return { envelopeId, connection: link.id, ack };
    },
    async sendRaw(message, { timeoutMs = 3000 } = {}) {
      const link = await this.waitForConnection({ timeoutMs });
      const l = live.get(link.id);
      if (l === undefined) return undefined;
      let envelopeId: unknown;
      let type: unknown;
      try {
        ({ envelope_id: envelopeId, type } = JSON.parse(message) ?? {});
      } catch {
        envelopeId = undefined;
      }
      if (typeof envelopeId !== "string") {
        l.ws.send(message);
        return undefined;
      }
      return send(String(type), message, envelopeId, l, timeoutMs);
    },
    disconnect(reason, { closeAfterMs = reason === "link_disabled" ? 0 : REFRESH_GRACE_MS } = {}) {
      for (const l of [...live.values()]) {
        if (l.record.silenced) continue;
        l.record.disconnected = reason;
        l.ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "emulator" } }));
        later(closeAfterMs, () => {
          if (live.has(l.record.id)) closeLink(l, 1000);
        });
      }
      changed();
    },
    drop() {
      for (const l of [...live.values()]) {
        l.record.closedBy = "emulator";
        l.ws.terminate();
      }
    },
    silence() {
      for (const l of live.values()) {
        l.record.silenced = true;
        l.raw.pause();
      }
    },
    revokeAppToken() {
      revoked = true;
    },
    close() {
      server.off("upgrade", onUpgrade);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const l of [...live.values()]) l.ws.terminate();
      wss.close();
    },
  };
}
