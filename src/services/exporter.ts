import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface ExporterService {}

export function createExporterService(_kit: ServiceKit): ExporterService {
  return {};
}
