/**
 * The partner organizations of a partnership (`/poc org add|list|rename|remove`). Names are unique
 * per partnership whatever their case and spacing ("ACME  Water" is "Acme Water"); a removed
 * organization keeps its name, and adding that name again brings it back.
 */
import type { CommitmentWithObjectives } from "../db/repositories/index.js";
import type { Member, Organization } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { LIMITS, normalizeName, parseSector, requireText, SECTOR_LABELS } from "../domain/rules.js";
import type { Sector } from "../domain/types.js";
import {
  joined,
  literal,
  type Part,
  person,
  quoted,
  say,
  type Wording,
} from "../domain/wording.js";
import type { Caller, Scope } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";

/** Words that mean "no organization" where one is asked for. */
export const NO_ORGANIZATION = ["-", "none"] as const;

export function meansNoOrganization(text: string): boolean {
  return (NO_ORGANIZATION as readonly string[]).includes(text.trim().toLowerCase());
}

export interface AddOrganizationInput {
  readonly name: string;
  /** As typed ("civil society", "NGO"); undefined means other. */
  readonly sector?: string | undefined;
}

export interface RenameOrganizationInput {
  readonly from: string;
  readonly to: string;
}

export interface OrganizationRow {
  readonly organization: Organization;
  readonly activeMembers: number;
  readonly openCommitments: number;
}

export interface OrganizationsService {
  /** Adds an organization, or brings back a removed one of the same name. */
  add(
    caller: Caller,
    input: AddOrganizationInput,
    now: number,
  ): { organization: Organization; restored: boolean };
  /** Active organizations by name, with their active members and open commitments. */
  list(caller: Caller, now: number): { partnershipName: string; rows: OrganizationRow[] };
  /**
   * Renames an organization. `choices` are the readings of what was typed (a name may itself hold
   * the word "to"); the first whose `from` names an active organization is carried out.
   */
  rename(
    caller: Caller,
    choices: RenameOrganizationInput | readonly RenameOrganizationInput[],
    now: number,
  ): { before: Organization; after: Organization };
  /** Removes an organization that no active member or open commitment belongs to. */
  remove(caller: Caller, name: string, now: number): Organization;
  /** The active organization with this name (case- and space-insensitive), if any. */
  find(partnershipId: number, name: string): Organization | undefined;
}

function sectorOf(text: string | undefined): Sector {
  if (text === undefined || text.trim() === "") return "other";
  try {
    return parseSector(text);
  } catch {
    throw new DomainError(
      "invalid_input",
      say`${quoted(text, 40)} is not a sector. Use one of: ${Object.values(SECTOR_LABELS).join(", ")}.`,
      "sector",
    );
  }
}

function validName(text: string): string {
  const name = requireText(text, "The organization's name", LIMITS.organizationName, "name");
  if (meansNoOrganization(name)) {
    throw new DomainError(
      "invalid_input",
      say`${quoted(name)} means "no organization" in ${literal("/poc member add")}; choose another name.`,
      "name",
    );
  }
  return name;
}

function describeOrganization(org: Organization): Wording {
  return say`${quoted(org.name)} (${SECTOR_LABELS[org.sector]})`;
}

function commitmentList(commitments: readonly CommitmentWithObjectives[]): Wording {
  const shownOnes = commitments.slice(0, 10).map((c) => say`#${c.id} ${quoted(c.title, 60)}`);
  const more = commitments.length > 10 ? ` and ${commitments.length - 10} more` : "";
  return say`${joined(shownOnes, ", ")}${more}`;
}

export function memberName(member: Member): Part {
  return member.displayName ? quoted(member.displayName, 60) : person(member.slackUserId);
}

function memberList(members: readonly Member[]): Wording {
  const names = members.slice(0, 10).map((m) => [memberName(m)]);
  const more = members.length > 10 ? ` and ${members.length - 10} more` : "";
  return say`${joined(names, ", ")}${more}`;
}

export function createOrganizationsService(kit: ServiceKit): OrganizationsService {
  const { repos, context } = kit;

  const find = (partnershipId: number, name: string) =>
    repos.organizations.findByNormalizedName(partnershipId, normalizeName(name.trim()));

  const notFound = (scope: Scope, name: string): DomainError => {
    const known = repos.organizations.list(scope.partnership.id).map((o) => [quoted(o.name, 40)]);
    return new DomainError(
      "not_found",
      say`No organization named ${quoted(name)} in this partnership. ${
        known.length === 0
          ? say`It has none yet: add one with ${literal("/poc org add <name> [sector]")}.`
          : say`Its organizations: ${joined(known, ", ")}.`
      }`,
      "name",
    );
  };

  return {
    find,

    add(caller, input, now) {
      const name = validName(input.name);
      const sector = sectorOf(input.sector);
      const normalizedName = normalizeName(name);
      const result = kit.transaction(() => {
        const scope = context.require(caller, "organization.manage", now);
        const pid = scope.partnership.id;
        const existing = repos.organizations.findAnyByNormalizedName(pid, normalizedName);
        if (existing && existing.removedAt === null) {
          throw new DomainError(
            "conflict",
            say`This partnership already has ${describeOrganization(existing)}; names count as the same whatever their case or spacing. Nothing was changed.`,
            "name",
          );
        }
        const organization = repos.organizations.upsert({
          partnershipId: pid,
          name,
          normalizedName,
          sector,
          createdAt: now,
        });
        const restored = existing !== undefined;
        audit(
          kit,
          scope,
          "organization.create",
          organization.id,
          restored
            ? { name, sector, restored: true, previousName: existing.name }
            : { name, sector },
          now,
        );
        return { organization, restored, scope };
      });
      announce(kit, result.scope);
      return { organization: result.organization, restored: result.restored };
    },

    list(caller, now) {
      const scope = context.require(caller, "partnership.read", now);
      const pid = scope.partnership.id;
      const members = repos.members.list(pid);
      const open = repos.commitments.list(pid, { state: "active" });
      const rows = repos.organizations
        .list(pid)
        .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }))
        .map((organization) => ({
          organization,
          activeMembers: members.filter((m) => m.organizationId === organization.id).length,
          openCommitments: open.filter((c) => c.organizationId === organization.id).length,
        }));
      return { partnershipName: scope.partnership.name, rows };
    },

    rename(caller, choices, now) {
      const readings: readonly RenameOrganizationInput[] = Array.isArray(choices)
        ? choices
        : [choices as RenameOrganizationInput];
      if (readings.length === 0) {
        throw new DomainError("invalid_input", "Say which organization to rename, and to what.");
      }
      const result = kit.transaction(() => {
        const scope = context.require(caller, "organization.manage", now);
        const pid = scope.partnership.id;
        const picked = readings
          .map((r) => ({ reading: r, org: find(pid, r.from) }))
          .find((r) => r.org !== undefined);
        if (picked === undefined || picked.org === undefined) {
          throw notFound(scope, (readings[0] as RenameOrganizationInput).from);
        }
        const before = picked.org;
        const name = validName(picked.reading.to);
        const normalizedName = normalizeName(name);
        if (name === before.name) {
          throw new DomainError(
            "invalid_input",
            say`${quoted(before.name)} already has that name; nothing was changed.`,
            "name",
          );
        }
        if (normalizedName !== before.normalizedName) {
          const clash = repos.organizations.findAnyByNormalizedName(pid, normalizedName);
          if (clash && clash.removedAt === null) {
            throw new DomainError(
              "conflict",
              say`This partnership already has ${describeOrganization(clash)}; names count as the same whatever their case or spacing. Nothing was changed.`,
              "name",
            );
          }
          if (clash) {
            throw new DomainError(
              "conflict",
              say`${quoted(clash.name)} is the name of a removed organization. Bring it back with ${literal("/poc org add")}, or choose another name. Nothing was changed.`,
              "name",
            );
          }
        }
        const after = repos.organizations.update(pid, before.id, { name, normalizedName });
        if (after === undefined) throw notFound(scope, before.name);
        audit(kit, scope, "organization.rename", before.id, { from: before.name, to: name }, now);
        return { before, after, scope };
      });
      announce(kit, result.scope);
      return { before: result.before, after: result.after };
    },

    remove(caller, name, now) {
      const result = kit.transaction(() => {
        const scope = context.require(caller, "organization.manage", now);
        const pid = scope.partnership.id;
        const org = find(pid, name);
        if (org === undefined) throw notFound(scope, name);
        const open = repos.commitments.list(pid, { state: "active", organizationId: org.id });
        const members = repos.members.list(pid).filter((m) => m.organizationId === org.id);
        const reasons: Wording[] = [];
        if (open.length > 0) {
          reasons.push(
            say`it still owns ${open.length} open commitment${open.length === 1 ? "" : "s"}: ${commitmentList(open)} (close or drop them with ${literal("/poc commit close|drop <id>")})`,
          );
        }
        if (members.length > 0) {
          reasons.push(
            say`${members.length === 1 ? "a member still belongs" : `${members.length} members still belong`} to it: ${memberList(members)} (move them with ${literal("/poc member move @user <organization>")} or remove them)`,
          );
        }
        if (reasons.length > 0) {
          throw new DomainError(
            "conflict",
            say`${quoted(org.name)} cannot be removed while ${joined(reasons, "; and ")}. Nothing was changed.`,
          );
        }
        const removed = repos.organizations.update(pid, org.id, { removedAt: now }) ?? org;
        audit(kit, scope, "organization.remove", org.id, { name: org.name }, now);
        return { removed, scope };
      });
      announce(kit, result.scope);
      return result.removed;
    },
  };
}
