/**
 * The people of a partnership (`/poc member add|list|role|move|remove`). A person is found in
 * Slack (users.info, or users.list for a name Slack did not turn into a mention) before any
 * transaction opens; their name, time zone and whether they come from another organization's
 * workspace are stored on the membership, so later reads never wait for Slack.
 *
 * The membership rules (a partnership keeps a coordinator, a partner speaks for an organization,
 * an observer owns nothing, an owner hands over before leaving) are domain/membership.ts; this
 * file finds the people and words the refusals.
 */
import type { Member, Organization } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { type Membership, ruleBrokenBy, ruleBrokenByChange } from "../domain/membership.js";
import { normalizeName } from "../domain/rules.js";
import { ROLES, type Role } from "../domain/types.js";
import { joined, literal, type Part, person, quoted, say, typed } from "../domain/wording.js";
import type { Caller, Scope } from "./context.js";
import { announce, audit, coordinatorsOf, type ServiceKit, withCoordinators } from "./kit.js";
import { meansNoOrganization, memberName } from "./organizations.js";
import type { DirectoryUser } from "./ports.js";

/**
 * A person as typed. `id` when the text names a Slack user id (an escaped mention `<@U…>` or a
 * bare id); `name` when it may be a handle or a full name to look up. A bare id carries both: it
 * might be someone's handle in capitals.
 */
export interface UserRef {
  /** What the person typed, for error messages. */
  readonly typed: string;
  readonly id?: string;
  readonly name?: string;
}

export interface AddMemberInput {
  readonly user: UserRef;
  /**
   * What follows the person: an organization's name (or `-` / `none` for none), optionally then a
   * role; e.g. `["Acme", "Water", "observer"]` or `["Acme Water"]`. The longest prefix that names
   * an organization is the organization; the role defaults to partner.
   */
  readonly words: readonly string[];
}

export type AddMemberResult =
  | {
      readonly outcome: "added" | "restored";
      readonly member: Member;
      readonly organization: Organization | null;
    }
  /** The person was already an active member; nothing changed. */
  | {
      readonly outcome: "already";
      readonly member: Member;
      readonly organization: Organization | null;
    };

export interface MemberGroup {
  /** null: members without an organization (observers, some coordinators). */
  readonly organization: Organization | null;
  readonly members: readonly Member[];
}

export interface MemberListing {
  readonly partnershipName: string;
  /** Used for members whose Slack profile has no time zone. */
  readonly partnershipZone: string;
  readonly groups: readonly MemberGroup[];
}

export interface MembersService {
  add(caller: Caller, input: AddMemberInput, now: number): Promise<AddMemberResult>;
  /** Active members grouped by organization (by name; no organization last). */
  list(caller: Caller, now: number): MemberListing;
  setRole(
    caller: Caller,
    user: UserRef,
    role: string,
    now: number,
  ): Promise<{ member: Member; previous: Role }>;
  /** Moves a member to another organization (`-` / `none`: no organization). */
  move(
    caller: Caller,
    user: UserRef,
    organization: string,
    now: number,
  ): Promise<{ member: Member; from: Organization | null; to: Organization | null }>;
  remove(caller: Caller, user: UserRef, now: number): Promise<Member>;
}

export const ROLE_LIST = ROLES.join(", ");

export function parseRole(text: string): Role | undefined {
  const word = text.trim().toLowerCase();
  return (ROLES as readonly string[]).includes(word) ? (word as Role) : undefined;
}

function requireRole(text: string): Role {
  const role = parseRole(text);
  if (role === undefined) {
    throw new DomainError(
      "invalid_input",
      say`${quoted(text, 40)} is not a role. Use one of: ${ROLE_LIST}.`,
      "role",
    );
  }
  return role;
}

/** The person in a message: their stored name, else a mention of their (validated) id. */
function who(member: Member | undefined, user: DirectoryUser | undefined, id: string): Part {
  if (member) return memberName(member);
  if (user?.name) return quoted(user.name, 60);
  return person(id);
}

/** A member as the membership rules see them (domain/membership.ts). */
function membershipOf(member: Member, open: readonly unknown[]): Membership {
  return {
    role: member.role,
    hasOrganization: member.organizationId !== null,
    ownsOpenCommitments: open.length > 0,
  };
}

function onlyCoordinator(name: Part, field?: string): DomainError {
  return new DomainError(
    "conflict",
    say`${name} is the only coordinator: make someone else coordinator first (${literal("/poc member role @user coordinator")}). Nothing was changed.`,
    field,
  );
}

function orgLabel(org: Organization | null): Part {
  return org ? quoted(org.name) : "no organization";
}

export function createMembersService(kit: ServiceKit): MembersService {
  const { repos, context, directory } = kit;

  /** The added or changed person, and every coordinator (their Home shows the partnership). */
  const affected = (scope: Scope, ...userIds: string[]) => withCoordinators(kit, scope, ...userIds);

  const unknownUser = (ref: UserRef) =>
    new DomainError(
      "not_found",
      say`I can't find anyone in Slack matching ${typed(ref.typed)}. Mention them with @ and pick them from the list, or use their member ID. Nothing was changed.`,
      "user",
    );

  /** Asks Slack who `ref` is: by id first, then by handle or name. */
  const lookUp = async (teamId: string, ref: UserRef): Promise<DirectoryUser | null> => {
    if (ref.id !== undefined) {
      const user = await directory.user(teamId, ref.id);
      if (user) return user;
    }
    if (ref.name !== undefined) return directory.findByName(teamId, ref.name);
    return null;
  };

  /**
   * The Slack id of an existing (or removed) member named by `ref`: their id or stored name
   * first, so a member whose Slack account was deactivated can still be removed; Slack after.
   */
  const memberId = async (scope: Scope, ref: UserRef): Promise<string> => {
    const pid = scope.partnership.id;
    if (ref.id !== undefined && repos.members.findAnyByUser(pid, ref.id)) return ref.id;
    if (ref.name !== undefined) {
      const wanted = normalizeName(ref.name);
      const byName = repos.members
        .list(pid)
        .filter((m) => m.displayName && normalizeName(m.displayName) === wanted);
      if (byName.length === 1) return (byName[0] as Member).slackUserId;
    }
    const user = await lookUp(scope.caller.teamId, ref);
    if (user === null) throw unknownUser(ref);
    return user.id;
  };

  /** The active member with this id, or a clear refusal that names them. */
  const activeMember = (scope: Scope, slackUserId: string): Member => {
    const pid = scope.partnership.id;
    const member = repos.members.findByUser(pid, slackUserId);
    if (member) return member;
    const removed = repos.members.findAnyByUser(pid, slackUserId);
    throw new DomainError(
      "not_found",
      removed
        ? say`${who(removed, undefined, slackUserId)} was removed from this partnership. Add them back with ${literal("/poc member add")}. Nothing was changed.`
        : say`${person(slackUserId)} is not a member of this partnership. Add them with ${literal("/poc member add")}. Nothing was changed.`,
      "user",
    );
  };

  const openCommitmentsOf = (pid: number, member: Member) =>
    repos.commitments.list(pid, { state: "active", ownerMemberId: member.id });

  const commitmentRefs = (list: readonly { id: number; title: string }[]) => {
    const some = list.slice(0, 10).map((c) => say`#${c.id} ${quoted(c.title, 60)}`);
    return say`${joined(some, ", ")}${list.length > 10 ? ` and ${list.length - 10} more` : ""}`;
  };

  const unknownOrganization = (scope: Scope, text: string) => {
    const known = repos.organizations.list(scope.partnership.id).map((o) => [quoted(o.name, 40)]);
    return new DomainError(
      "not_found",
      say`No organization named ${quoted(text)} in this partnership. ${
        known.length === 0
          ? say`It has none yet: add one with ${literal("/poc org add <name> [sector]")},`
          : say`Its organizations: ${joined(known, ", ")}; add another with ${literal("/poc org add")},`
      } or use ${literal("-")} for none. Nothing was changed.`,
      "organization",
    );
  };

  const organizationNamed = (scope: Scope, text: string): Organization | null => {
    if (meansNoOrganization(text)) return null;
    const org = repos.organizations.findByNormalizedName(
      scope.partnership.id,
      normalizeName(text.trim()),
    );
    if (org === undefined) throw unknownOrganization(scope, text);
    return org;
  };

  /** Reads `[organization words…] [role]`: the longest prefix naming an organization wins. */
  const organizationAndRole = (
    scope: Scope,
    words: readonly string[],
  ): { organization: Organization | null; role: Role } => {
    const byName = new Map(
      repos.organizations.list(scope.partnership.id).map((o) => [o.normalizedName, o]),
    );
    for (let k = words.length; k >= 1; k -= 1) {
      const head = words.slice(0, k).join(" ");
      const organization =
        k === 1 && meansNoOrganization(head) ? null : byName.get(normalizeName(head));
      if (organization === undefined) continue;
      const rest = words.slice(k);
      if (rest.length === 0) return { organization, role: "partner" };
      if (rest.length === 1) return { organization, role: requireRole(rest[0] as string) };
      throw new DomainError(
        "invalid_input",
        say`After ${orgLabel(organization)} I expected a role (${ROLE_LIST}), not ${quoted(rest.join(" "), 40)}. Nothing was changed.`,
        "role",
      );
    }
    const last = words.at(-1) ?? "";
    const role = parseRole(last);
    if (role !== undefined && words.length === 1) return { organization: null, role };
    const orgWords = role !== undefined ? words.slice(0, -1) : words;
    throw unknownOrganization(scope, orgWords.join(" "));
  };

  const partnerNeedsOrganization = (name: Part) =>
    new DomainError(
      "invalid_input",
      say`A partner speaks for an organization: name ${name}'s, e.g. ${literal("/poc member add @user Acme Water partner")}. Only observers and coordinators may have none (${literal("-")}). Nothing was changed.`,
      "organization",
    );

  return {
    async add(caller, input, now) {
      context.require(caller, "member.manage", now);
      if (input.words.length === 0) {
        throw new DomainError(
          "invalid_input",
          say`Say which organization they belong to (or ${literal("-")} for none), e.g. ${literal("/poc member add @user Acme Water partner")}.`,
          "organization",
        );
      }
      const user = await lookUp(caller.teamId, input.user);
      if (user === null) throw unknownUser(input.user);
      if (user.deleted) {
        throw new DomainError(
          "invalid_input",
          say`${quoted(user.name, 60)}'s Slack account is deactivated, so they cannot be added. Nothing was changed.`,
          "user",
        );
      }
      if (user.isBot) {
        throw new DomainError(
          "invalid_input",
          say`${quoted(user.name, 60)} is an app, not a person: only people can be members. Nothing was changed.`,
          "user",
        );
      }
      const result = kit.transaction((): AddMemberResult & { scope: Scope } => {
        const scope = context.require(caller, "member.manage", now);
        const pid = scope.partnership.id;
        const current = repos.members.findByUser(pid, user.id);
        if (current) {
          const organization =
            current.organizationId === null
              ? null
              : (repos.organizations.findById(pid, current.organizationId) ?? null);
          return { outcome: "already", member: current, organization, scope };
        }
        const { organization, role } = organizationAndRole(scope, input.words);
        const joining = {
          role,
          hasOrganization: organization !== null,
          ownsOpenCommitments: false,
        };
        if (ruleBrokenBy(joining) === "partner_has_organization") {
          throw partnerNeedsOrganization(quoted(user.name, 60));
        }
        const before = repos.members.findAnyByUser(pid, user.id);
        const member = repos.members.upsert({
          partnershipId: pid,
          slackUserId: user.id,
          organizationId: organization?.id ?? null,
          role,
          displayName: user.name || null,
          timeZone: user.tz ?? null,
          timeZoneFetchedAt: now,
          isExternal: user.isExternal,
          createdAt: now,
        });
        const outcome = before ? "restored" : "added";
        audit(
          kit,
          scope,
          "member.create",
          member.id,
          {
            slackUserId: user.id,
            role,
            organizationId: organization?.id ?? null,
            ...(before ? { restored: true } : {}),
          },
          now,
        );
        return { outcome, member, organization, scope };
      });
      const { scope, ...answer } = result;
      if (answer.outcome !== "already") announce(kit, scope, affected(scope, user.id));
      return answer;
    },

    list(caller, now) {
      const scope = context.require(caller, "partnership.read", now);
      const pid = scope.partnership.id;
      const members = repos.members.list(pid);
      const byName = (a: Member, b: Member) =>
        (a.displayName ?? a.slackUserId).localeCompare(b.displayName ?? b.slackUserId, "en", {
          sensitivity: "base",
        });
      const orgs = repos.organizations
        .list(pid)
        .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
      const groups: MemberGroup[] = orgs
        .map((organization) => ({
          organization,
          members: members.filter((m) => m.organizationId === organization.id).sort(byName),
        }))
        .filter((g) => g.members.length > 0);
      const known = new Set(orgs.map((o) => o.id));
      const without = members
        .filter((m) => m.organizationId === null || !known.has(m.organizationId))
        .sort(byName);
      if (without.length > 0) groups.push({ organization: null, members: without });
      return {
        partnershipName: scope.partnership.name,
        partnershipZone: scope.partnership.timeZone,
        groups,
      };
    },

    async setRole(caller, ref, roleText, now) {
      const role = requireRole(roleText);
      const first = context.require(caller, "member.manage", now);
      const slackUserId = await memberId(first, ref);
      const result = kit.transaction(() => {
        const scope = context.require(caller, "member.manage", now);
        const pid = scope.partnership.id;
        const current = activeMember(scope, slackUserId);
        const name = who(current, undefined, slackUserId);
        if (current.role === role) {
          throw new DomainError(
            "invalid_input",
            say`${name} is already a ${role}; nothing was changed.`,
            "role",
          );
        }
        const open = openCommitmentsOf(pid, current);
        const before = membershipOf(current, open);
        const after = { ...before, role };
        const broken = ruleBrokenByChange(before, after, coordinatorsOf(kit, pid).length);
        if (broken === "keeps_a_coordinator") throw onlyCoordinator(name, "role");
        if (broken === "partner_has_organization") {
          throw new DomainError(
            "invalid_input",
            say`A partner speaks for an organization and ${name} has none: give them one first with ${literal("/poc member move @user <organization>")}. Nothing was changed.`,
            "role",
          );
        }
        if (broken === "observer_owns_nothing") {
          throw new DomainError(
            "conflict",
            say`${name} owns open commitments (${commitmentRefs(open)}) and an observer is never asked to check in: hand them to someone else or close them first. Nothing was changed.`,
            "role",
          );
        }
        const member = repos.members.update(pid, current.id, { role }) ?? current;
        audit(
          kit,
          scope,
          "member.role",
          member.id,
          { slackUserId, from: current.role, to: role },
          now,
        );
        return { member, previous: current.role, scope };
      });
      announce(kit, result.scope, affected(result.scope, slackUserId));
      return { member: result.member, previous: result.previous };
    },

    async move(caller, ref, organizationText, now) {
      const first = context.require(caller, "member.manage", now);
      const slackUserId = await memberId(first, ref);
      const result = kit.transaction(() => {
        const scope = context.require(caller, "member.manage", now);
        const pid = scope.partnership.id;
        const current = activeMember(scope, slackUserId);
        const to = organizationNamed(scope, organizationText);
        const from =
          current.organizationId === null
            ? null
            : (repos.organizations.findById(pid, current.organizationId) ?? null);
        const name = who(current, undefined, slackUserId);
        if ((to?.id ?? null) === current.organizationId) {
          throw new DomainError(
            "invalid_input",
            say`${name} is already with ${orgLabel(to)}; nothing was changed.`,
            "organization",
          );
        }
        // A move changes no role and no commitment: only the organization rule can break.
        const moved = {
          role: current.role,
          hasOrganization: to !== null,
          ownsOpenCommitments: false,
        };
        if (ruleBrokenBy(moved) === "partner_has_organization") {
          throw partnerNeedsOrganization(name);
        }
        const member =
          repos.members.update(pid, current.id, { organizationId: to?.id ?? null }) ?? current;
        audit(
          kit,
          scope,
          "member.edit",
          member.id,
          { slackUserId, organizationFrom: from?.id ?? null, organizationTo: to?.id ?? null },
          now,
        );
        return { member, from, to, scope };
      });
      const { scope, ...answer } = result;
      announce(kit, scope, affected(scope, slackUserId));
      return answer;
    },

    async remove(caller, ref, now) {
      const first = context.require(caller, "member.manage", now);
      const slackUserId = await memberId(first, ref);
      const result = kit.transaction(() => {
        const scope = context.require(caller, "member.manage", now);
        const pid = scope.partnership.id;
        const current = activeMember(scope, slackUserId);
        const name = who(current, undefined, slackUserId);
        const open = openCommitmentsOf(pid, current);
        const before = membershipOf(current, open);
        const broken = ruleBrokenByChange(before, "removed", coordinatorsOf(kit, pid).length);
        if (broken === "keeps_a_coordinator") throw onlyCoordinator(name);
        if (broken === "owner_hands_over_first") {
          throw new DomainError(
            "conflict",
            say`${name} still owns ${open.length} open commitment${open.length === 1 ? "" : "s"}: ${commitmentRefs(open)}. Hand them to someone else, close or drop them first. Nothing was changed.`,
          );
        }
        const member = repos.members.update(pid, current.id, { removedAt: now }) ?? current;
        audit(kit, scope, "member.remove", member.id, { slackUserId }, now);
        return { member, scope };
      });
      announce(kit, result.scope, affected(result.scope, slackUserId));
      return result.member;
    },
  };
}
