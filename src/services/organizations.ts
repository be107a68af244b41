import type { ServiceKit } from "./kit.js";

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface OrganizationsService {}

export function createOrganizationsService(_kit: ServiceKit): OrganizationsService {
  return {};
}
