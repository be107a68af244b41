import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface ReadingService {}

export function createReadingService(_kit: ServiceKit): ReadingService {
  return {};
}
