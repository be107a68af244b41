/**
 * The emulator's HTTP server and router:
 *   POST /api/<method>      Slack Web API (what WebClient/Bolt call via `slackApiUrl`)
 *   POST /upload/<file_id>  upload URLs handed out by files.getUploadURLExternal
 *   POST /response/<name>   response_url sink (what Bolt's `respond()` posts to)
 *   GET  /socket/<ticket>   a Socket Mode link (WebSocket upgrade), see ./socket.ts
 * Each Web API call goes: token -> scope -> injected failure -> rate limit -> method, and is
 * recorded. `apps.connections.open` (Socket Mode) checks the app-level token instead (./socket.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FailureRules } from "./failures.js";
import { parseParams, readBody, sendJson, sendText, str, tokenOf, uploadedBytes } from "./http.js";
import { invalidBlocks, messageBlockErrors } from "./methods/context.js";
import { methods, type WorkspaceConfig } from "./methods/index.js";
import { RateLimits } from "./rateLimits.js";
import { missingScope } from "./scopes.js";
import { CONNECTIONS_SCOPE, startSocketMode } from "./socket.js";
import { EmulatorStore, tsMicros } from "./store.js";
import type {
  Emulator,
  EmulatorOptions,
  FailRule,
  MountedHandler,
  RecordedCall,
  SinkResponse,
  StoredMessage,
} from "./types.js";

/** Slack lets a response_url be used 5 times within 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = opts.clock ?? Date.now;
  const botToken = opts.botToken ?? "xoxb-emulator";
  const granted = opts.scopes === undefined ? undefined : new Set(opts.scopes);
  const mounts = new Map<string, MountedHandler>();
  /** trigger_id -> the person it was issued to, so a person finds the modals opened for them. */
  const triggerUsers = new Map<string, string>();
  const store = new EmulatorStore();
  const failures = new FailureRules();
  const rateLimits = new RateLimits(opts.rateLimits);
  const calls: RecordedCall[] = [];
  const responses: SinkResponse[] = [];
  /** response_urls minted by `responseUrl()`: issue time and uses, for Slack's 5-use/30-min rule. */
  const responseUrls = new Map<string, { issuedAt: number; uses: number }>();
  let seq = 0;
  let minted = 0;

  const partialConfig = {
    teamId: opts.teamId ?? "T0EMULATOR",
    teamName: opts.teamName ?? "Emulated Workspace",
    botUserId: opts.botUserId ?? "U0EMULBOT",
    botId: opts.botId ?? "B0EMULBOT",
    appId: "A0EMULAPP",
    unsupportedBlockTypes: new Set(opts.unsupportedBlockTypes ?? []),
  };
  for (const user of opts.users ?? []) store.users.set(user.id, { ...user });
  for (const channel of opts.channels ?? []) store.channels.set(channel.id, { ...channel });
  // The bot is a user too (users.info on it works; conversations.open to it is cannot_dm_bot).
  if (!store.users.has(partialConfig.botUserId)) {
    store.users.set(partialConfig.botUserId, {
      id: partialConfig.botUserId,
      name: "poc",
      realName: "Partnership Operations Center",
      tz: "UTC",
      isBot: true,
    });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { ok: false, error: "internal_error", detail: String(error) });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Idle keep-alive sockets stay open until close(): a server-side idle timeout races the
    // client reusing the socket when a busy event loop delays both timers (seen in the demo's
    // tick loop as "fetch failed" on a POST, which undici cannot retry).
    server.keepAliveTimeout = 10 * 60_000;
    server.requestTimeout = 0;
    server.headersTimeout = 10 * 60_000 + 1000;
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  const config: WorkspaceConfig = { ...partialConfig, origin };
  const socketMode = startSocketMode(server, origin, {
    token: opts.appToken ?? "xapp-emulator",
    scopes: new Set(opts.appTokenScopes ?? [CONNECTIONS_SCOPE]),
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const [, area, ...rest] = url.pathname.split("/");
    let parts: string[];
    try {
      parts = rest.map(decodeURIComponent);
    } catch {
      return sendJson(res, 400, { ok: false, error: "invalid_path" });
    }
    const name = parts.join("/");
    if (area === "api" && name) return handleApi(name, req, res, url.searchParams);
    if (req.method === "POST" && area === "upload" && name) return handleUpload(name, req, res);
    if (req.method === "POST" && area === "response") return handleResponse(url, req, res);
    const mounted = area === undefined ? undefined : mounts.get(area);
    if (mounted) return mounted(req, res, parts, url);
    sendText(res, 404, "not found");
  }

  async function handleApi(
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): Promise<void> {
    const body = await readBody(req);
    const at = clock();
    let params: Record<string, unknown> = {};
    let parseError = false;
    try {
      params = await parseParams(req, body, query);
    } catch {
      parseError = true;
    }
    const token = tokenOf(req, params);
    delete params.token;
    const reply = (status: number, response: unknown, headers: Record<string, string> = {}) => {
      seq += 1;
      calls.push({ seq, method, params, token, at, status, response });
      sendJson(res, status, response, headers);
    };

    if (parseError) return reply(200, { ok: false, error: "invalid_form_data" });
    if (method === "apps.connections.open") {
      // Failure rules apply here too, to rehearse Slack refusing new links for a while.
      const rule = failures.take({ method, users: [], channels: [] });
      if (rule) {
        const failed = failureReply(rule);
        return reply(failed.status, failed.response, failed.headers);
      }
      return reply(200, socketMode.open(token));
    }
    const handler = methods[method];
    if (!handler) return reply(200, { ok: false, error: "unknown_method" });
    // Missing and wrong tokens both answer invalid_auth (Slack says not_authed for a missing one;
    // the app treats both as fatal, so one error keeps tests simple).
    if (token !== botToken) return reply(200, { ok: false, error: "invalid_auth" });

    const channelParam = str(params, "channel") ?? str(params, "channel_id");
    const resolved = store.resolveChannel(channelParam);
    if (granted !== undefined) {
      const conversation =
        resolved === undefined
          ? undefined
          : resolved.kind === "im"
            ? "im"
            : resolved.channel.isPrivate
              ? "private"
              : "public";
      const needed = missingScope(method, conversation, granted);
      if (needed !== undefined) {
        return reply(200, {
          ok: false,
          error: "missing_scope",
          needed,
          provided: [...granted].join(","),
        });
      }
    }
    const rule = failures.take({
      method,
      users: usersNamed(params, resolved?.kind === "im" ? resolved.user.id : undefined),
      channels: [channelParam, resolved?.id].filter((c): c is string => c !== undefined),
    });
    if (rule) {
      const failed = failureReply(rule);
      return reply(failed.status, failed.response, failed.headers);
    }

    const retryAfter = rateLimits.admit(method, resolved?.id ?? channelParam, at);
    if (retryAfter !== undefined) {
      return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
    }
    let result: unknown;
    try {
      result = handler({ params, store, config, validator: opts.validator, now: at });
    } catch (error) {
      // An emulator bug should show up in `calls`, not only as a client-side 500.
      return reply(500, { ok: false, error: "internal_error", detail: String(error) });
    }
    reply(200, result);
  }

  async function handleUpload(fileId: string, req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const file = store.files.get(fileId);
    if (!file) return sendText(res, 404, "file not found");
    file.content = await uploadedBytes(req, body);
    // Slack's upload endpoint answers in plain text like this.
    sendText(res, 200, `OK - ${file.content.length}`);
  }

  async function handleResponse(url: URL, req: IncomingMessage, res: ServerResponse) {
    const raw = (await readBody(req)).toString("utf8");
    const at = clock();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      // Form-encoded `payload=<json>` is the other shape Slack accepts.
      const payload = new URLSearchParams(raw).get("payload");
      try {
        body = payload ? JSON.parse(payload) : undefined;
      } catch {
        body = undefined;
      }
    }
    if (body === undefined || typeof body !== "object" || body === null) {
      return sendJson(res, 400, { ok: false, error: "invalid_payload" });
    }
    const fullUrl = `${origin}${url.pathname}`;
    const mintedUrl = responseUrls.get(fullUrl);
    if (mintedUrl && at - mintedUrl.issuedAt > RESPONSE_URL_TTL_MS) {
      return sendJson(res, 404, { ok: false, error: "expired_url" });
    }
    if (mintedUrl && mintedUrl.uses >= RESPONSE_URL_USES) {
      return sendJson(res, 404, { ok: false, error: "used_url" });
    }
    const blocks = (body as { blocks?: unknown }).blocks;
    if (blocks !== undefined) {
      if (!Array.isArray(blocks)) return sendJson(res, 400, { ok: false, error: "invalid_blocks" });
      const errors = messageBlockErrors(blocks, opts.validator, config.unsupportedBlockTypes);
      if (errors.length > 0) return sendJson(res, 400, invalidBlocks(errors));
    }
    if (mintedUrl) mintedUrl.uses += 1;
    responses.push({ url: fullUrl, body, at });
    sendText(res, 200, "ok");
  }

  /** Users a call is about, for failure rules keyed by user. */
  function usersNamed(params: Record<string, unknown>, dmUser: string | undefined): string[] {
    const named = [str(params, "user"), str(params, "user_id"), dmUser];
    const list = (str(params, "users") ?? "").split(",").map((u) => u.trim());
    return [...named, ...list].filter((u): u is string => u !== undefined && u !== "");
  }

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responses,
    responseUrl(name) {
      minted += 1;
      const url = `${origin}/response/${encodeURIComponent(name ?? `R${minted}`)}`;
      responseUrls.set(url, { issuedAt: clock(), uses: 0 });
      return url;
    },
    triggerId(forUser) {
      minted += 1;
      const trigger = `${minted}.${clock()}.emulator`;
      store.triggers.set(trigger, clock());
      if (forUser !== undefined) triggerUsers.set(trigger, forUser);
      return trigger;
    },
    triggerUser: (trigger) => triggerUsers.get(trigger),
    addUser: (user) => void store.users.set(user.id, { ...user }),
    addChannel: (channel) => void store.channels.set(channel.id, { ...channel }),
    updateUser(id, patch) {
      const user = store.users.get(id);
      if (!user) throw new Error(`emulator: no user ${id}`);
      store.users.set(id, { ...user, ...patch, id });
    },
    failNext: (rule) => void failures.add(rule, 1),
    failAlways: (rule) => failures.add(rule, Number.POSITIVE_INFINITY),
    clearFailures: () => failures.clear(),
    reset() {
      calls.length = 0;
      responses.length = 0;
      seq = 0;
      failures.clear();
      rateLimits.clear();
      responseUrls.clear();
      store.clearActivity();
      triggerUsers.clear();
    },
    messages(channel) {
      const ref = channel ? (store.resolveChannel(channel)?.id ?? channel) : undefined;
      return store.messages
        .filter((m) => ref === undefined || m.channel === ref)
        .sort((a, b) => tsMicros(a.ts) - tsMicros(b.ts))
        .map((m): StoredMessage => structuredClone(m));
    },
    homeView(userId) {
      const id = store.homeViews.get(userId);
      const view = id ? store.views.get(id) : undefined;
      return view ? structuredClone(view) : undefined;
    },
    files: () => store.uploadedFiles(),
    mount(area, handler) {
      if (["api", "upload", "response"].includes(area)) {
        throw new Error(`emulator: /${area} is the emulator's own`);
      }
      mounts.set(area, handler);
    },
    socketMode,
    close: () =>
      new Promise<void>((resolve, reject) => {
        socketMode.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (fetch keeps them) would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

/** What an injected failure looks like on the wire. */
function failureReply(rule: FailRule): {
  status: number;
  response: Record<string, unknown>;
  headers: Record<string, string>;
} {
  switch (rule.kind) {
    case "rate_limited":
      return {
        status: 429,
        response: { ok: false, error: "ratelimited" },
        headers: { "retry-after": String(rule.retryAfter) },
      };
    case "http_500":
      return { status: 500, response: { ok: false, error: "internal_error" }, headers: {} };
    case "error":
      return { status: 200, response: { ok: false, error: rule.error }, headers: {} };
  }
}
