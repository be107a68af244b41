import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface SettingsService {}

export function createSettingsService(_kit: ServiceKit): SettingsService {
  return {};
}
