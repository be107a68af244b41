import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** Placeholder until the App Home slice lands. */
export function appHomeOpened(_services: Services, _logger: Logger) {
  return async (_args: HomeArgs): Promise<void> => {};
}
