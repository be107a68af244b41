import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface DecisionsService {}

export function createDecisionsService(_kit: ServiceKit): DecisionsService {
  return {};
}
