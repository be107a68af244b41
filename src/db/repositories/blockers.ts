import type { Db } from "../index.js";

/** Placeholder until the check-ins slice lands. */
// biome-ignore lint/suspicious/noEmptyInterface: placeholder until its slice lands.
export interface BlockersRepository {}

export function createBlockersRepository(_db: Db): BlockersRepository {
  return {};
}
