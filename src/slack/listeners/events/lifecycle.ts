import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  Middleware,
  SlackEventMiddlewareArgs,
} from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { toDirectoryUser } from "../../directory.js";
import { guarded } from "../../dispatch.js";
import type { ListenerTable } from "../table.js";

/**
 * Global middleware: an Events API delivery whose event_id was already handled (a replay, or a
 * retry carrying X-Slack-Retry-Num after a slow answer) stops here. Bolt has already acked it.
 * Any other request from a workspace marked uninstalled proves the app is back: sending resumes.
 */
export function eventGate(services: Services, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const b = body as {
      event_id?: unknown;
      team_id?: unknown;
      team?: { id?: unknown };
      event?: { type?: unknown };
    };
    const teamId =
      typeof b.team_id === "string"
        ? b.team_id
        : typeof b.team?.id === "string"
          ? b.team.id
          : undefined;
    if (typeof b.event_id === "string") {
      if (!services.events.firstDelivery(b.event_id, teamId ?? "", services.clock())) {
        logger.debug(`event ${b.event_id} already handled: skipped`);
        return;
      }
    }
    const type = b.event?.type;
    if (teamId !== undefined && type !== "app_uninstalled" && type !== "tokens_revoked") {
      services.events.resumeIfStopped(teamId);
    }
    await next();
  };
}

type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

export function lifecycleEvents(table: ListenerTable, services: Services, logger: Logger): void {
  const stop = async ({ body }: EventArgs<"app_uninstalled"> | EventArgs<"tokens_revoked">) => {
    services.events.stopSending(body.team_id, services.clock());
  };
  table.event("app_uninstalled", guarded("app_uninstalled", logger, stop));
  table.event("tokens_revoked", guarded("tokens_revoked", logger, stop));
  table.event(
    "user_change",
    guarded("user_change", logger, async ({ body, event }: EventArgs<"user_change">) => {
      const user = toDirectoryUser(
        event.user as Parameters<typeof toDirectoryUser>[0],
        body.team_id,
      );
      const changed = services.events.userChanged(body.team_id, user, services.clock());
      if (changed > 0) logger.debug(`user_change ${user.id}: ${changed} membership(s) refreshed`);
    }),
  );
}
