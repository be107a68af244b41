import type { Database } from "../../src/db/index.js";
import { silentLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/services/index.js";
import type { Messenger } from "../../src/services/ports.js";

/** Answers every send at once and counts them; nothing leaves the process. */
export function stubMessenger(): Messenger & { readonly posted: () => number } {
  let posted = 0;
  let seq = 0;
  const ts = () => {
    seq += 1;
    return `1800000000.${String(seq).padStart(6, "0")}`;
  };
  return {
    posted: () => posted,
    openDm: async (userId) => `D${userId}`,
    postPrompt: async () => {
      posted += 1;
      return ts();
    },
    findPrompt: async () => undefined,
    postReminder: async () => ts(),
    updatePrompt: async () => {},
    notify: async () => {},
    postBlocker: async () => ts(),
    updateBlocker: async () => {},
    postDigest: async () => ({ ts: ts(), chartOmitted: false }),
  };
}

/** The app's services on an open database, sending through a stub messenger. */
export function stubbedServices(
  database: Database,
  clock?: () => number,
): { services: Services; messenger: ReturnType<typeof stubMessenger> } {
  const messenger = stubMessenger();
  const services = createServices({
    database,
    logger: silentLogger(),
    messenger,
    processId: "bench",
    ...(clock ? { clock } : {}),
  });
  return { services, messenger };
}
