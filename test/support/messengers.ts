/** Messengers that stand in for Slack's Web API where a test or a bench does not need its wire. */
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
