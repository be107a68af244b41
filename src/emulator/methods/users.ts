/**
 * auth.test, bots.info, users.info, users.list: who the bot is and who the people are.
 */
import { str } from "../http.js";
import type { EmulatorUser } from "../types.js";
import { fail, type MethodHandler, type WorkspaceConfig } from "./context.js";

/** Fields Bolt reads at start-up (`user_id`, `bot_id`; without bot_id it asks auth.test again). */
const authTest: MethodHandler = ({ config }) => ({
  ok: true,
  url: `${config.origin}/`,
  team: config.teamName,
  user: "poc",
  team_id: config.teamId,
  user_id: config.botUserId,
  bot_id: config.botId,
  app_id: config.appId,
  is_enterprise_install: false,
});

const botsInfo: MethodHandler = ({ params, config }) => {
  const bot = str(params, "bot") ?? config.botId;
  if (bot !== config.botId) return fail("bot_not_found");
  return {
    ok: true,
    bot: {
      id: config.botId,
      deleted: false,
      name: "poc",
      app_id: config.appId,
      user_id: config.botUserId,
      updated: 0,
    },
  };
};

const usersInfo: MethodHandler = (ctx) => {
  const user = ctx.store.users.get(str(ctx.params, "user") ?? "");
  if (!user) return fail("user_not_found");
  return { ok: true, user: slackUser(user, ctx) };
};

/** Cursor = index of the next member, as an opaque string like Slack's. */
const usersList: MethodHandler = (ctx) => {
  const all = [...ctx.store.users.values()];
  const start = Number(str(ctx.params, "cursor") ?? "0") || 0;
  const limit = Math.max(1, Number(str(ctx.params, "limit") ?? "200") || 200);
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? String(start + limit) : "";
  return {
    ok: true,
    members: page.map((u) => slackUser(u, ctx)),
    response_metadata: { next_cursor: next },
  };
};

export const userMethods: Record<string, MethodHandler> = {
  "auth.test": authTest,
  "bots.info": botsInfo,
  "users.info": usersInfo,
  "users.list": usersList,
};

/** The user object Slack returns; tz_label/tz_offset follow the zone at the emulator's "now". */
export function slackUser(
  user: EmulatorUser,
  ctx: { config: WorkspaceConfig; now: number },
): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: user.teamId ?? ctx.config.teamId,
    name: user.name,
    real_name: realName,
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    is_stranger: user.isStranger ?? false,
    tz: user.tz,
    tz_label: user.tzLabel ?? zoneLabel(user.tz, ctx.now),
    tz_offset: user.tzOffset ?? zoneOffsetSeconds(user.tz, ctx.now),
    profile: {
      real_name: realName,
      display_name: user.name,
      real_name_normalized: realName,
      display_name_normalized: user.name,
      team: user.teamId ?? ctx.config.teamId,
    },
  };
}

function zonePart(zone: string, at: number, style: "long" | "longOffset"): string | undefined {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: style });
    return parts.formatToParts(new Date(at)).find((p) => p.type === "timeZoneName")?.value;
  } catch {
    return undefined; // an invalid zone in a fixture should not crash the emulator
  }
}

export function zoneLabel(zone: string, at: number): string {
  return zonePart(zone, at, "long") ?? zone;
}

/** "GMT-07:00" -> -25200; "GMT" -> 0. */
export function zoneOffsetSeconds(zone: string, at: number): number {
  const text = zonePart(zone, at, "longOffset") ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(text);
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === "-" ? -seconds : seconds;
}
