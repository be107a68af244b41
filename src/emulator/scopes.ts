/**
 * Which bot scope each Web API method the emulator serves needs, as Slack documents it (each
 * method's "Required scopes" on docs.slack.dev). A call whose scope the emulated install was not
 * granted answers `missing_scope` with `needed` and `provided`, as Slack does. The conversation
 * methods need the scope of the conversation's type.
 */

/** A public channel, a private channel, or a DM. */
export type ConversationType = "public" | "private" | "im";

type Need = readonly string[] | { readonly [T in ConversationType]: string };

const HISTORY = { public: "channels:history", private: "groups:history", im: "im:history" };

export const METHOD_SCOPES: Readonly<Record<string, Need>> = {
  "auth.test": [],
  "bots.info": ["users:read"],
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.getPermalink": [],
  "conversations.open": ["im:write"],
  "conversations.info": { public: "channels:read", private: "groups:read", im: "im:read" },
  "conversations.history": HISTORY,
  "conversations.replies": HISTORY,
  // files.uploadV2 in @slack/web-api is these two calls (and a POST to the URL the first gives).
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  "users.info": ["users:read"],
  "users.list": ["users:read"],
  // Views are opened with a trigger or published to a Home: no scope.
  "views.open": [],
  "views.push": [],
  "views.update": [],
  "views.publish": [],
};

/** Every scope a method may need, whatever the conversation (for checking a manifest). */
export function scopesOf(method: string): readonly string[] | undefined {
  const need = METHOD_SCOPES[method];
  if (need === undefined) return undefined;
  return Array.isArray(need) ? need : Object.values(need as Record<ConversationType, string>);
}

/** The one scope this call lacks, or undefined when the install may make it. */
export function missingScope(
  method: string,
  conversation: ConversationType | undefined,
  granted: ReadonlySet<string>,
): string | undefined {
  const need = METHOD_SCOPES[method];
  if (need === undefined) return undefined;
  const wanted = Array.isArray(need)
    ? need
    : conversation === undefined
      ? []
      : [(need as Record<ConversationType, string>)[conversation]];
  return wanted.find((scope) => !granted.has(scope));
}
