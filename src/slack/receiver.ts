/**
 * The HTTP receiver: `POST /slack/events` for commands, interactivity and events, plus the app's
 * own GET routes (`/healthz`). Bolt's pieces do the reading, the signature check and the ack;
 * this decides every answer, so none is a 5xx, none waits for Bolt's 3-second "unhandled" timer
 * and none is left open:
 *
 * - 401: signature or timestamp wrong (nothing is read further); 413: body over the limit.
 * - 415: a content type Slack does not send; 400: a body that does not parse, is not a JSON
 *   object, or is not a request Slack sends (PocApp's MalformedRequestError), with a one-line
 *   plain-text reason naming the field, never quoting the body.
 * - 200: everything else, answered by a listener's ack or, when none answers, by PocApp at once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import {
  type App,
  type BufferedIncomingMessage,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Receiver,
} from "@slack/bolt";
import type { Logger } from "../logger.js";
import { MalformedRequestError } from "./dispatch.js";
import { isRecord } from "./requests.js";

const EVENTS_PATH = "/slack/events";

/** A listener that has not answered after this long is answered for it (Slack waits 3 s). */
export const ACK_BUDGET_MS = 2500;

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Hold the HTTP answer until the listeners finish (deterministic tests, FaaS hosts). */
  readonly processBeforeResponse: boolean;
  /** GET routes by exact path. */
  readonly routes: Readonly<Record<string, Route>>;
}

type Parsed = { ok: true; body: unknown } | { ok: false; status: 400 | 415; reason: string };

/** Reads a verified body the way Slack sends it: form fields (interactivity: `payload`) or JSON. */
function parseSlackBody(raw: string, contentType: string | undefined): Parsed {
  const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  try {
    if (media === "application/x-www-form-urlencoded") {
      const fields = parseQuery(raw);
      if (fields.payload === undefined) return { ok: true, body: { ...fields } };
      if (typeof fields.payload !== "string") {
        return { ok: false, status: 400, reason: "the payload field appears more than once" };
      }
      return { ok: true, body: JSON.parse(fields.payload) };
    }
    if (media === "application/json") return { ok: true, body: JSON.parse(raw) };
  } catch {
    return { ok: false, status: 400, reason: "the body is not valid JSON" };
  }
  return {
    ok: false,
    status: 415,
    reason: "Slack sends application/x-www-form-urlencoded or application/json",
  };
}

function answer(res: ServerResponse, status: number, reason?: string): void {
  if (res.headersSent) return;
  if (reason === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(`${reason}\n`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Listens on `port` (0: a free one) with `handler`; rejects when it cannot (e.g. in use). */
export function listen(
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Stops accepting, lets requests in flight finish, and resolves when the server has closed. */
export function close(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/**
 * The path of a request, answering 400 when it has none; then, unless `other` takes it, one of
 * the app's own GET routes, or 404.
 */
export function route(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Readonly<Record<string, Route>>,
  other: (path: string) => boolean = () => false,
): void {
  let path: string;
  try {
    path = new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    answer(res, 400, "bad request target");
    return;
  }
  if (other(path)) return;
  const own = routes[path];
  if (own !== undefined && (req.method === "GET" || req.method === "HEAD")) {
    own(req, res);
    return;
  }
  answer(res, 404, "not found");
}

export class SlackHttpReceiver implements Receiver {
  #app: App | undefined;
  #server: Server | undefined;

  constructor(private readonly options: HttpReceiverOptions) {}

  init(app: App): void {
    this.#app = app;
  }

  async start(port: number): Promise<Server> {
    if (this.#server !== undefined) throw new Error("already listening");
    this.#server = await listen(port, (req, res) =>
      route(req, res, this.options.routes, (path) => this.#events(path, req, res)),
    );
    return this.#server;
  }

  stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    return close(server);
  }

  /** `POST /slack/events`; false for any other path. */
  #events(path: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (path !== EVENTS_PATH) return false;
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      answer(res, 405, "POST only");
      return true;
    }
    this.#slackRequest(req, res).catch((error: unknown) => {
      this.options.logger.error("answering a Slack request failed:", error);
      answer(res, 400, "the request could not be processed");
    });
    return true;
  }

  async #slackRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        {
          enabled: true,
          signingSecret: this.options.signingSecret,
          bodyLimit: HTTPModuleFunctions.defaultBodyLimit,
        },
        req,
      );
    } catch (error) {
      if (HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413) {
        logger.warn("a request body over the size limit was refused (413)");
        answer(res, 413);
        return;
      }
      logger.warn(`a request was refused (401): ${(error as Error).message}`);
      answer(res, 401);
      return;
    }
    const parsed = parseSlackBody(buffered.rawBody.toString(), header(req, "content-type"));
    if (!parsed.ok) {
      logger.warn(`a signed request was refused (${parsed.status}): ${parsed.reason}`);
      answer(res, parsed.status, parsed.reason);
      return;
    }
    const body = parsed.body;
    if (!isRecord(body)) {
      logger.warn("a signed request was refused (400): the body is not a JSON object");
      answer(res, 400, "the body is not a JSON object");
      return;
    }
    if (body.ssl_check === "1") {
      answer(res, 200);
      return;
    }
    let late = false;
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: this.options.processBeforeResponse,
      unhandledRequestTimeoutMillis: ACK_BUDGET_MS,
      unhandledRequestHandler: () => {
        late = true;
        ack.ack();
        logger.error(`a listener did not answer within ${ACK_BUDGET_MS} ms: answered 200`);
        answer(res, 200);
      },
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    const bound = ack.bind();
    try {
      await this.#app?.processEvent({
        body,
        // After the budget the answer has gone: a late ack changes nothing and throws nothing.
        ack: async (response) => {
          if (!late) await bound(response);
        },
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      });
    } catch (error) {
      ack.ack();
      if (error instanceof MalformedRequestError) {
        logger.warn(`a signed request was refused (400): ${error.reason}`);
        answer(res, 400, error.reason);
        return;
      }
      logger.error("a Slack request failed:", error);
      answer(res, 200);
      return;
    }
    if (ack.storedResponse !== undefined && !res.headersSent) {
      HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
    }
  }
}
