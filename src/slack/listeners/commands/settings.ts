import { settingsModal } from "../../views/settings.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc settings`: opens the settings modal (coordinators; the service refuses anyone else). */
export const settingsCommand: SubcommandHandler = async ({
  caller,
  triggerId,
  now,
  client,
  services,
}) => {
  const form = services.settings.form(caller, now);
  await client.views.open({ trigger_id: triggerId, view: settingsModal(form) });
  return undefined;
};
