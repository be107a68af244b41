import type { Database } from "../../src/db/index.js";
import type { Services } from "../../src/services/index.js";
import { stubMessenger } from "../../test/support/messengers.js";
import { servicesOn } from "../../test/support/services.js";

export { stubMessenger };

/** The app's services on an open database, sending through a stub messenger. */
export function stubbedServices(
  database: Database,
  clock?: () => number,
): { services: Services; messenger: ReturnType<typeof stubMessenger> } {
  const messenger = stubMessenger();
  const services = servicesOn(database, {
    messenger,
    processId: "bench",
    ...(clock ? { clock } : {}),
  });
  return { services, messenger };
}
