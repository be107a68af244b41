import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface BlockersService {}

export function createBlockersService(_kit: ServiceKit): BlockersService {
  return {};
}
