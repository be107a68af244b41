/**
 * The rules a partnership's membership keeps, whichever way it changes (`/poc member`, a
 * commitment's owner, `poc import`). Each surface words its own refusal; the rules are here once.
 *
 * - A partnership keeps a coordinator: the last one cannot step down or leave.
 * - A partner speaks for an organization: only observers and coordinators may have none.
 * - An observer is never asked to check in, so an observer owns no open commitment.
 * - Nobody leaves while owning an open commitment: it is handed over, closed or dropped first.
 */
import type { Role } from "./types.js";

/** One person's membership, as far as the rules care. */
export interface Membership {
  readonly role: Role;
  readonly hasOrganization: boolean;
  /** Whether they own an open (active) commitment. */
  readonly ownsOpenCommitments: boolean;
}

export type MembershipRule =
  | "keeps_a_coordinator"
  | "partner_has_organization"
  | "observer_owns_nothing"
  | "owner_hands_over_first";

/** Whether someone in this role may own a commitment (and so be asked to check in). */
export function mayOwnCommitments(role: Role): boolean {
  return role !== "observer";
}

/** The rule a membership in this state breaks, if any. */
export function ruleBrokenBy(membership: Membership): MembershipRule | undefined {
  if (membership.role === "partner" && !membership.hasOrganization) {
    return "partner_has_organization";
  }
  if (!mayOwnCommitments(membership.role) && membership.ownsOpenCommitments) {
    return "observer_owns_nothing";
  }
  return undefined;
}

/**
 * The first rule that changing `before` into `after` (or removing it) breaks, given how many
 * coordinators the partnership has now; undefined when the change keeps every rule.
 */
export function ruleBrokenByChange(
  before: Membership,
  after: Membership | "removed",
  coordinators: number,
): MembershipRule | undefined {
  const stepsDown = after === "removed" || after.role !== "coordinator";
  if (before.role === "coordinator" && stepsDown && coordinators <= 1) {
    return "keeps_a_coordinator";
  }
  if (after === "removed") {
    return before.ownsOpenCommitments ? "owner_hands_over_first" : undefined;
  }
  return ruleBrokenBy(after);
}

/** Whether a partnership whose members hold these roles has a coordinator. */
export function keepsACoordinator(roles: Iterable<Role>): boolean {
  for (const role of roles) if (role === "coordinator") return true;
  return false;
}
