import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface ObjectivesService {}

export function createObjectivesService(_kit: ServiceKit): ObjectivesService {
  return {};
}
