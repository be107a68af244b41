import type { App } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";

/** Buttons and menus; the check-ins issue adds the prompt's buttons here. */
export function register(_app: App, _services: Services, _logger: Logger): void {}
