import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface CommitmentsService {}

export function createCommitmentsService(_kit: ServiceKit): CommitmentsService {
  return {};
}
