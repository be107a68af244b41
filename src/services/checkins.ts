import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface CheckInsService {}

export function createCheckInsService(_kit: ServiceKit): CheckInsService {
  return {};
}
