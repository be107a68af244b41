import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";

/** Placeholder until the check-ins slice lands. */
export function promptActions(_app: App, _services: Services, _logger: Logger): void {}
