import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface AgendaService {}

export function createAgendaService(_kit: ServiceKit): AgendaService {
  return {};
}
