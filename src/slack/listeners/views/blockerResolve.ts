import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** Placeholder until its slice lands: closes the modal. */
export function blockerResolveSubmitted(_services: Services, _logger: Logger) {
  return async ({ ack }: ViewArgs): Promise<void> => {
    await ack();
  };
}
