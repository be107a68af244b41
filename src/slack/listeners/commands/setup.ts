import { setupModal } from "../../views/setup.js";
import type { SubcommandHandler } from "./types.js";

/** `/poc setup`: opens the set-up modal (create, or edit for a coordinator). */
export const setupCommand: SubcommandHandler = async ({
  caller,
  triggerId,
  now,
  client,
  services,
}) => {
  const user = await services.directory.user(caller.teamId, caller.userId).catch(() => null);
  const form = services.partnerships.setupForm(caller, user?.tz, now);
  await client.views.open({ trigger_id: triggerId, view: setupModal(form, caller.channelId) });
  return undefined;
};
