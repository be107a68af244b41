import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface DigestsService {}

export function createDigestsService(_kit: ServiceKit): DigestsService {
  return {};
}
