/**
 * Socket Mode's front door: `apps.connections.open` takes the app-level token (`xapp-…`, with
 * `connections:write`), not the bot token, and answers with the WebSocket URL to connect to. The
 * emulator checks the token as Slack does, so a wrong or under-scoped app token can be rehearsed.
 */

export interface AppTokenGrant {
  readonly token: string;
  readonly scopes: ReadonlySet<string>;
}

export const CONNECTIONS_SCOPE = "connections:write";

export function openConnection(
  token: string | undefined,
  grant: AppTokenGrant,
  origin: string,
  ticket: number,
): Record<string, unknown> {
  if (token === undefined || token === "") return { ok: false, error: "not_authed" };
  // A bot or user token where an app-level token belongs.
  if (/^xox[bp]-/.test(token)) return { ok: false, error: "not_allowed_token_type" };
  if (token !== grant.token) return { ok: false, error: "invalid_auth" };
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
