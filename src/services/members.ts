import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface MembersService {}

export function createMembersService(_kit: ServiceKit): MembersService {
  return {};
}
