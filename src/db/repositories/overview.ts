import type { Db } from "../index.js";

/**
 * Read-only queries across tables for `/poc mine`, `/poc status` and the App Home. Placeholder
 * until the reading slice lands.
 */
// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface OverviewRepository {}

export function createOverviewRepository(_db: Db): OverviewRepository {
  return {};
}
