import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface EventsService {}

export function createEventsService(_kit: ServiceKit): EventsService {
  return {};
}
