import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface ImporterService {}

export function createImporterService(_kit: ServiceKit): ImporterService {
  return {};
}
