/**
 * The shape of every request Slack sends the app, checked once, at the edge, before any
 * middleware or listener runs (HTTP and Socket Mode alike; see ./dispatch.ts). A listener's `body`,
 * `command`, `action`, `view` and `event` therefore hold the fields it reads, with the types Bolt
 * declares: a request that does not is answered as malformed and reaches no listener.
 *
 * The kinds are told apart in the order Bolt itself uses (an `event` field first, then `command`,
 * then options, actions, shortcuts and views), so the kind checked here is the kind Bolt routes.
 * Only what the app reads is required; anything else Slack adds passes through untouched.
 */
import { z } from "zod";

/** Slack ids (users, channels, callback and action ids) are short; 255 is generous. */
const id = z.string().min(1).max(255);
/**
 * Workspace and organization ids (T…, E…). Bolt keys its client pools by them, so they are held to
 * Slack's form: "constructor" or "__proto__" as a team id would break Bolt, not just the app.
 */
const teamId = z.string().regex(/^[TE][A-Z0-9]{1,30}$/);
const user = z.looseObject({ id, team_id: teamId.optional() });
const team = z.looseObject({ id: teamId }).nullish();
/** Read by Bolt from any interaction before a listener is chosen: absent, or what Slack sends. */
const boltReads = {
  enterprise: z.looseObject({ id: teamId }).nullish(),
  is_enterprise_install: z.boolean().optional(),
  response_url: z.string().optional(),
  response_urls: z.array(z.looseObject({ response_url: z.string() })).optional(),
};
const channel = z.looseObject({ id }).optional();

const command = z.looseObject({
  command: id,
  text: z.string(),
  team_id: teamId,
  enterprise_id: teamId.optional(),
  is_enterprise_install: z.enum(["true", "false"]).optional(),
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string().optional(),
});

/** One element of `actions`: the listener reads its value or its selected option's value. */
const action = z.looseObject({
  type: id,
  action_id: id,
  block_id: z.string().optional(),
  value: z.string().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});

const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user,
  team,
  ...boltReads,
  channel,
  trigger_id: id,
  actions: z.array(action).max(100),
});

/** `state.values`: block id -> action id -> element (read field by field in parsers/viewState). */
const stateValues = z.record(z.string(), z.record(z.string(), z.looseObject({})));

const view = z.looseObject({
  callback_id: z.string(),
  app_installed_team_id: teamId.nullish(),
  private_metadata: z.string().optional(),
  state: z.looseObject({ values: stateValues }),
});

const viewSubmission = z.looseObject({
  type: z.literal("view_submission"),
  user,
  team,
  ...boltReads,
  trigger_id: z.string().optional(),
  view,
});

const viewClosed = z.looseObject({
  type: z.literal("view_closed"),
  user,
  team,
  ...boltReads,
  view: z.looseObject({
    callback_id: z.string(),
    app_installed_team_id: teamId.nullish(),
  }),
});

const options = z.looseObject({
  type: z.literal("block_suggestion"),
  action_id: id,
  user,
  team,
  ...boltReads,
  channel,
  value: z.string(),
});

const shortcut = z.looseObject({
  type: z.enum(["shortcut", "message_action"]),
  callback_id: id,
  trigger_id: id,
  user,
  team,
  ...boltReads,
  channel,
});

/** The events the app listens to, each with the fields its listener reads. */
const EVENTS = {
  app_home_opened: z.looseObject({ type: z.literal("app_home_opened"), user: id, tab: z.string() }),
  app_uninstalled: z.looseObject({ type: z.literal("app_uninstalled") }),
  tokens_revoked: z.looseObject({ type: z.literal("tokens_revoked") }),
  user_change: z.looseObject({
    type: z.literal("user_change"),
    user: z.looseObject({
      id,
      team_id: z.string().optional(),
      name: z.string().optional(),
      real_name: z.string().optional(),
      tz: z.string().nullish(),
      is_bot: z.boolean().optional(),
      deleted: z.boolean().optional(),
      is_stranger: z.boolean().optional(),
      profile: z
        .looseObject({ display_name: z.string().optional(), real_name: z.string().optional() })
        .optional(),
    }),
  }),
} as const;

/**
 * The envelope, with what Bolt itself reads from any event before a listener is chosen (who, which
 * channel, which installation): those fields may be absent but never null or of another type.
 */
const eventCallback = z.looseObject({
  type: z.literal("event_callback"),
  team_id: teamId,
  event_id: id,
  enterprise_id: teamId.nullish(),
  authorizations: z
    .array(
      z.looseObject({
        team_id: teamId.nullish(),
        enterprise_id: teamId.nullish(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
  event: z.looseObject({
    type: id,
    user: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    channel: z.union([z.string(), z.looseObject({})]).optional(),
    channel_id: z.string().optional(),
    item: z.looseObject({}).optional(),
    subteam: z.looseObject({}).optional(),
  }),
});

const urlVerification = z.looseObject({
  type: z.literal("url_verification"),
  challenge: z.string().max(1000),
});

/** Events API's notice that it stopped delivering for a minute (the app answers 200). */
const appRateLimited = z.looseObject({
  type: z.literal("app_rate_limited"),
  team_id: z.string().optional(),
  minute_rate_limited: z.number().optional(),
});

/** What a request is, and the one id that says which listener it is for (for the log). */
export type SlackRequest =
  | { readonly kind: "command"; readonly id: string }
  | { readonly kind: "block_actions"; readonly id: string | undefined }
  | { readonly kind: "view_submission"; readonly id: string; readonly firstBlock?: string }
  | { readonly kind: "view_closed"; readonly id: string }
  | { readonly kind: "block_suggestion"; readonly id: string }
  | { readonly kind: "shortcut"; readonly id: string }
  | { readonly kind: "event"; readonly id: string }
  | { readonly kind: "url_verification"; readonly challenge: string }
  | { readonly kind: "app_rate_limited"; readonly id: string };

export type RequestReading =
  | { readonly ok: true; readonly request: SlackRequest }
  | { readonly ok: false; readonly reason: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "actions.0.value: expected string": where and what, never the value itself. */
function reasonOf(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return `malformed ${kind}`;
  const path = issue.path.map(String).join(".");
  const what =
    issue.code === "invalid_type"
      ? `expected ${issue.expected}`
      : issue.code === "too_big" || issue.code === "too_small"
        ? "out of range"
        : issue.code === "invalid_value"
          ? "unexpected value"
          : issue.code.replaceAll("_", " ");
  return `malformed ${kind}: ${path === "" ? "body" : path}: ${what}`;
}

function check<T extends z.ZodType>(
  kind: string,
  schema: T,
  body: unknown,
): { ok: true; data: z.infer<T> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, reason: reasonOf(kind, parsed.error) };
}

/**
 * Reads a parsed request body: which kind it is, or why it is not one Slack sends. Never throws.
 */
export function readRequest(body: unknown): RequestReading {
  if (!isRecord(body)) return { ok: false, reason: "the body is not a JSON object" };
  if (body.event !== undefined) {
    const envelope = check("event_callback", eventCallback, body);
    if (!envelope.ok) return envelope;
    const type = envelope.data.event.type;
    const schema = EVENTS[type as keyof typeof EVENTS];
    if (schema !== undefined) {
      const event = check(type, schema, body.event);
      if (!event.ok) return { ok: false, reason: event.reason.replace(": ", ": event.") };
    }
    return { ok: true, request: { kind: "event", id: type } };
  }
  if (body.command !== undefined) {
    const read = check("slash command", command, body);
    return read.ok ? { ok: true, request: { kind: "command", id: read.data.command } } : read;
  }
  if (body.name !== undefined || body.type === "block_suggestion") {
    const read = check("options request", options, body);
    return read.ok
      ? { ok: true, request: { kind: "block_suggestion", id: read.data.action_id } }
      : read;
  }
  if (body.actions !== undefined || body.type === "block_actions") {
    const read = check("block_actions", blockActions, body);
    return read.ok
      ? { ok: true, request: { kind: "block_actions", id: read.data.actions[0]?.action_id } }
      : read;
  }
  switch (body.type) {
    case "shortcut":
    case "message_action": {
      const read = check(body.type, shortcut, body);
      return read.ok
        ? { ok: true, request: { kind: "shortcut", id: read.data.callback_id } }
        : read;
    }
    case "view_submission": {
      const read = check("view_submission", viewSubmission, body);
      if (!read.ok) return read;
      const firstBlock = Object.keys(read.data.view.state.values)[0];
      return {
        ok: true,
        request: {
          kind: "view_submission",
          id: read.data.view.callback_id,
          ...(firstBlock !== undefined ? { firstBlock } : {}),
        },
      };
    }
    case "view_closed": {
      const read = check("view_closed", viewClosed, body);
      return read.ok
        ? { ok: true, request: { kind: "view_closed", id: read.data.view.callback_id } }
        : read;
    }
    case "url_verification": {
      const read = check("url_verification", urlVerification, body);
      return read.ok
        ? { ok: true, request: { kind: "url_verification", challenge: read.data.challenge } }
        : read;
    }
    case "app_rate_limited": {
      const read = check("app_rate_limited", appRateLimited, body);
      return read.ok
        ? { ok: true, request: { kind: "app_rate_limited", id: read.data.team_id ?? "" } }
        : read;
    }
    default:
      return {
        ok: false,
        reason:
          typeof body.type === "string"
            ? "not a kind of request this app receives"
            : "no request type (not a slash command, interaction or event)",
      };
  }
}

/** "block_actions prompt_on_track", "event user_change": for the log, never with user text. */
export function describeRequest(request: SlackRequest): string {
  if (request.kind === "url_verification") return "url_verification";
  return `${request.kind} ${JSON.stringify(request.id ?? "(none)").slice(0, 80)}`;
}
