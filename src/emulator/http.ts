/**
 * Reading requests the way Slack does: @slack/web-api sends form-encoded bodies with JSON-valued
 * fields (`blocks`, `view`, ...) as strings; other clients send JSON. Both end up as one params
 * object with those fields parsed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Fields Slack documents as JSON-encoded when they travel inside a form. */
const JSON_FIELDS = new Set(["blocks", "view", "metadata", "attachments", "files"]);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Parses the body (form, JSON or multipart) merged over the query string. */
export async function parseParams(
  req: IncomingMessage,
  body: Buffer,
  query: URLSearchParams,
): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(query);
  const type = mediaType(req);
  if (type === "application/json") {
    const parsed: unknown = body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      Object.assign(params, parsed);
    }
  } else if (type === "multipart/form-data") {
    const form = await multipartForm(req, body);
    for (const [key, value] of form) {
      if (typeof value === "string") params[key] = value;
    }
  } else {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  }
  for (const key of JSON_FIELDS) {
    const value = params[key];
    if (typeof value === "string") params[key] = parseJsonOr(value);
  }
  return params;
}

/** Leaves malformed JSON as the raw string so the method can answer with Slack's format error. */
function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Node's fetch Response parses multipart bodies: no hand-rolled boundary parsing needed. */
export function multipartForm(req: IncomingMessage, body: Buffer): Promise<FormData> {
  return new Response(body, {
    headers: { "content-type": req.headers["content-type"] ?? "" },
  }).formData();
}

/** The file bytes of an upload: the first file part of a multipart body, else the raw body. */
export async function uploadedBytes(req: IncomingMessage, body: Buffer): Promise<Buffer> {
  if (mediaType(req) !== "multipart/form-data") return body;
  const form = await multipartForm(req, body);
  for (const [, value] of form) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

/** Bearer header first (how WebClient sends it), then a `token` form field (Slack accepts both). */
export function tokenOf(req: IncomingMessage, params: Record<string, unknown>): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  if (match?.[1]) return match[1].trim();
  return typeof params.token === "string" ? params.token : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a string-ish parameter: form values are strings, JSON bodies may carry numbers. */
export function str(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") return String(value);
  return undefined;
}

export function bool(params: Record<string, unknown>, key: string): boolean {
  const value = params[key];
  return value === true || value === "true" || value === "1" || value === 1;
}

export function num(params: Record<string, unknown>, key: string): number | undefined {
  const raw = params[key];
  const value = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}
