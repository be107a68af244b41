import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { publishHome } from "../../home.js";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/**
 * `app_home_opened` on the Home tab: publish the person's Home as it is now. Opening it again
 * simply publishes again, so a retried delivery needs no de-duplication.
 */
export function appHomeOpened(services: Services, logger: Logger) {
  return async ({ event, body, context, client }: HomeArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const teamId = body.team_id ?? context.teamId;
    if (!teamId) {
      logger.warn("app_home_opened without a team id; Home not published");
      return;
    }
    try {
      await publishHome(client, services, teamId, event.user);
    } catch (error) {
      logger.warn(`App Home of ${event.user} not published:`, error);
    }
  };
}
