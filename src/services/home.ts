import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface HomeService {}

export function createHomeService(_kit: ServiceKit): HomeService {
  return {};
}
