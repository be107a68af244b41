/**
 * Commitments: what one organization promised toward the partnership's objectives, owned by one
 * member and checked in on a cadence (`/poc commit`, `/poc commit edit|close|drop|list`).
 *
 * Permissions (src/domain/permissions.ts): coordinators record and change commitments for anyone;
 * partners only for themselves and their own organization ("own"); observers and non-members
 * neither. Everything that arrives from the modal (owner, organization, objective ids) is checked
 * against this partnership again on submission: ids travel through the client and are never
 * trusted.
 */
import type { CommitmentWithObjectives } from "../db/repositories/commitments.js";
import type { Commitment, Member, Organization } from "../db/schema.js";
import { CHECK_IN_DEFAULTS } from "../domain/defaults.js";
import { DomainError, isDomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { mayOwnCommitments } from "../domain/membership.js";
import { type Action, authorize } from "../domain/permissions.js";
import {
  LIMITS,
  parseChoice,
  parseDate,
  parseTime,
  parseWeekday,
  requireText,
} from "../domain/rules.js";
import { localDate } from "../domain/schedule.js";
import { CADENCES, type Cadence, type Weekday } from "../domain/types.js";
import { literal, quoted, say } from "../domain/wording.js";
import type { Caller, Scope } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";

/** What arrives from the modal, as sent: the service validates every value. */
export interface CommitmentInput {
  readonly title: string;
  readonly ownerUserId: string | undefined;
  readonly organizationId: string | undefined;
  readonly objectiveIds: readonly string[];
  readonly dueDate: string | undefined;
  readonly cadence: string | undefined;
  readonly weekday: string | undefined;
  readonly time: string | undefined;
}

export interface CommitmentForm {
  readonly mode: "create" | "edit";
  readonly commitmentId: number | null;
  /** The caller is a partner: the modal says they can only commit for themselves. */
  readonly ownOnly: boolean;
  readonly title: string | null;
  readonly ownerUserId: string;
  readonly organizationId: number | null;
  readonly objectiveIds: readonly number[];
  readonly dueDate: string | null;
  readonly cadence: Cadence;
  readonly weekday: Weekday;
  readonly time: string;
  /** The partnership's active organizations and objectives: what the selects offer. */
  readonly organizations: readonly { id: number; name: string }[];
  readonly objectives: readonly { id: number; title: string }[];
}

export interface CommitmentView {
  readonly commitment: CommitmentWithObjectives;
  readonly ownerUserId: string;
  readonly ownerName: string | null;
  readonly organizationName: string;
}

export interface CommitmentListing {
  readonly partnershipName: string;
  readonly commitments: readonly CommitmentView[];
}

export interface CommitmentsService {
  /** What `/poc commit` (no id) or `/poc commit edit <id>` opens. Refuses before the modal. */
  form(caller: Caller, commitmentId: number | undefined, now: number): CommitmentForm;
  /** Records (no id) or edits a commitment from the modal. */
  save(
    caller: Caller,
    commitmentId: number | undefined,
    input: CommitmentInput,
    now: number,
  ): Promise<{ commitment: CommitmentView; created: boolean }>;
  close(caller: Caller, commitmentId: number, now: number): CommitmentView;
  drop(caller: Caller, commitmentId: number, now: number): CommitmentView;
  /** The partnership's active commitments. Any member. */
  list(caller: Caller, now: number): CommitmentListing;
}

function notFound(id: number): DomainError {
  return new DomainError(
    "not_found",
    say`No commitment #${id} in this partnership. ${literal("/poc commit list")} shows the active ones.`,
  );
}

/** Re-throws an "own" refusal so the modal shows it next to the field that made it. */
function authorizeAt(
  scope: Scope,
  action: Action,
  ownsTarget: boolean,
  field: string | undefined,
): void {
  try {
    authorize(scope.standing, action, ownsTarget);
  } catch (error) {
    if (isDomainError(error) && field !== undefined) {
      throw new DomainError(error.code, error.wording, field);
    }
    throw error;
  }
}

function parseId(value: string, field: string, what: string): number {
  const text = value.trim();
  if (!/^\d{1,12}$/.test(text)) {
    throw new DomainError("invalid_input", `Choose ${what} from the list.`, field);
  }
  return Number(text);
}

export function createCommitmentsService(kit: ServiceKit): CommitmentsService {
  const { repos, context } = kit;
  const F = FIELDS.commitment;

  const viewOf = (scope: Scope, c: CommitmentWithObjectives): CommitmentView => {
    const owner = repos.members.findById(scope.partnership.id, c.ownerMemberId);
    const org = repos.organizations.findById(scope.partnership.id, c.organizationId);
    return {
      commitment: c,
      ownerUserId: owner?.slackUserId ?? "",
      ownerName: owner?.displayName ?? null,
      organizationName: org?.name ?? "?",
    };
  };

  const find = (scope: Scope, id: number): CommitmentWithObjectives => {
    const found = repos.commitments.findById(scope.partnership.id, id);
    if (found === undefined) throw notFound(id);
    return found;
  };

  /** Refuses standings that may never do `action`, before anything is looked up. */
  const requireSome = (caller: Caller, action: Action, now: number): Scope => {
    const scope = context.scope(caller, now);
    authorize(scope.standing, action, true);
    return scope;
  };

  /** "Own" in the permission table: a commitment the caller owns, for their own organization. */
  const owns = (scope: Scope, c: Commitment): boolean =>
    scope.member !== undefined &&
    c.ownerMemberId === scope.member.id &&
    (scope.standing === "coordinator" || c.organizationId === scope.member.organizationId);

  const requireActive = (c: Commitment, doing: string) => {
    if (c.state !== "active") {
      throw new DomainError(
        "conflict",
        `Commitment #${c.id} is already ${c.state}, so it cannot be ${doing}; nothing was changed.`,
      );
    }
  };

  /** The owner (old and new) and the coordinators see the change on their App Home. */
  const announceTo = (scope: Scope, ownerMemberIds: readonly number[]) => {
    const users = new Set<string>();
    for (const m of repos.members.list(scope.partnership.id)) {
      if (m.role === "coordinator" || ownerMemberIds.includes(m.id)) users.add(m.slackUserId);
    }
    announce(kit, scope, [...users]);
  };

  const resolveOwner = async (
    scope: Scope,
    action: Action,
    ownerUserId: string | undefined,
  ): Promise<Member> => {
    const userId = (ownerUserId ?? "").trim();
    if (userId === "") {
      throw new DomainError("invalid_input", "Choose who owns this commitment.", F.owner);
    }
    // A partner may only name themselves: say so before anything about the person they chose.
    authorizeAt(scope, action, userId === scope.caller.userId, F.owner);
    const member = repos.members.findByUser(scope.partnership.id, userId);
    if (member !== undefined && !mayOwnCommitments(member.role)) {
      // Observers are never asked to report (docs/permissions.md), so they cannot owe a check-in.
      throw new DomainError(
        "invalid_input",
        say`${quoted(member.displayName ?? userId, 60)} is an observer here and observers are never asked to check in; a coordinator can make them a partner with /poc member role.`,
        F.owner,
      );
    }
    if (member !== undefined) return member;
    // The id came from the client: only ask Slack about something shaped like a user id.
    const looked = /^[UW][A-Z0-9]{1,20}$/.test(userId)
      ? await kit.directory.user(scope.caller.teamId, userId).catch(() => null)
      : null;
    const known = looked?.name ?? userId.slice(0, 40);
    throw new DomainError(
      "invalid_input",
      `${known} is not a member of this partnership; a coordinator can add them with /poc member add.`,
      F.owner,
    );
  };

  const resolveOrganization = (
    scope: Scope,
    action: Action,
    raw: string | undefined,
  ): Organization => {
    if (raw === undefined || raw.trim() === "") {
      throw new DomainError(
        "invalid_input",
        "Choose the organization that promises this.",
        F.organization,
      );
    }
    const id = parseId(raw, F.organization, "an organization");
    const org = repos.organizations.findById(scope.partnership.id, id);
    if (org === undefined || org.removedAt !== null) {
      throw new DomainError(
        "invalid_input",
        "That organization is not in this partnership (any more). Choose one from the list.",
        F.organization,
      );
    }
    authorizeAt(scope, action, scope.member?.organizationId === org.id, F.organization);
    return org;
  };

  const resolveObjectives = (scope: Scope, raw: readonly string[]): number[] => {
    const ids = [...new Set(raw.map((r) => parseId(r, F.objectives, "objectives")))];
    for (const id of ids) {
      const objective = repos.objectives.findById(scope.partnership.id, id);
      if (objective === undefined || objective.state !== "active") {
        throw new DomainError(
          "invalid_input",
          `Objective #${id} is not an active objective of this partnership. Choose from the list.`,
          F.objectives,
        );
      }
    }
    return ids.sort((a, b) => a - b);
  };

  const resolveDueDate = (
    scope: Scope,
    raw: string | undefined,
    previous: string | null,
    now: number,
  ): string | null => {
    const text = (raw ?? "").trim();
    if (text === "") return null;
    const date = parseDate(text, "The due date", F.dueDate);
    if (date === previous) return date; // an overdue commitment can still be edited
    const today = localDate(scope.partnership.timeZone, now);
    if (date < today) {
      throw new DomainError(
        "invalid_input",
        `The due date ${date} is in the past (today is ${today} in ${scope.partnership.timeZone}).`,
        F.dueDate,
      );
    }
    return date;
  };

  const parseCadence = (raw: string | undefined): Cadence =>
    parseChoice(CADENCES, raw, "Choose weekly, every two weeks or monthly.", F.cadence);

  const end = (
    caller: Caller,
    commitmentId: number,
    now: number,
    state: "closed" | "dropped",
  ): CommitmentView => {
    const scope = requireSome(caller, "commitment.edit", now);
    const result = kit.transaction(() => {
      const existing = find(scope, commitmentId);
      authorize(scope.standing, "commitment.edit", owns(scope, existing));
      requireActive(existing, state);
      const updated = repos.commitments.update(scope.partnership.id, commitmentId, {
        state,
        closedAt: now,
        updatedAt: now,
      });
      if (updated === undefined) throw new Error(`commitment ${commitmentId} vanished`);
      audit(
        kit,
        scope,
        state === "closed" ? "commitment.close" : "commitment.drop",
        commitmentId,
        { title: existing.title },
        now,
      );
      return { ...updated, objectiveIds: existing.objectiveIds };
    });
    announceTo(scope, [result.ownerMemberId]);
    return viewOf(scope, result);
  };

  return {
    form(caller, commitmentId, now) {
      const action = commitmentId === undefined ? "commitment.create" : "commitment.edit";
      const scope = requireSome(caller, action, now);
      const existing = commitmentId === undefined ? undefined : find(scope, commitmentId);
      if (existing) {
        authorize(scope.standing, "commitment.edit", owns(scope, existing));
        requireActive(existing, "edited");
      }
      const organizations = repos.organizations
        .list(scope.partnership.id)
        .map((o) => ({ id: o.id, name: o.name }));
      if (organizations.length === 0) {
        throw new DomainError(
          "conflict",
          say`This partnership has no organizations yet, and every commitment belongs to one. A coordinator must first add them with ${literal("/poc org add <name> <sector>")}.`,
        );
      }
      const objectives = repos.objectives
        .list(scope.partnership.id)
        .filter((o) => o.state === "active")
        .map((o) => ({ id: o.id, title: o.title }));
      const ownOnly = scope.standing !== "coordinator";
      if (existing === undefined) {
        return {
          mode: "create",
          commitmentId: null,
          ownOnly,
          title: null,
          ownerUserId: caller.userId,
          organizationId: scope.member?.organizationId ?? null,
          objectiveIds: [],
          dueDate: null,
          cadence: CHECK_IN_DEFAULTS.cadence,
          weekday: CHECK_IN_DEFAULTS.weekday,
          time: CHECK_IN_DEFAULTS.time,
          organizations,
          objectives,
        };
      }
      const owner = repos.members.findById(scope.partnership.id, existing.ownerMemberId);
      return {
        mode: "edit",
        commitmentId: existing.id,
        ownOnly,
        title: existing.title,
        ownerUserId: owner?.slackUserId ?? caller.userId,
        organizationId: existing.organizationId,
        objectiveIds: existing.objectiveIds,
        dueDate: existing.dueDate,
        cadence: existing.cadence,
        weekday: existing.checkInWeekday as Weekday,
        time: existing.checkInTime,
        organizations,
        objectives,
      };
    },

    async save(caller, commitmentId, input, now) {
      const action = commitmentId === undefined ? "commitment.create" : "commitment.edit";
      const scope = requireSome(caller, action, now);
      const existing = commitmentId === undefined ? undefined : find(scope, commitmentId);
      if (existing) {
        authorizeAt(scope, "commitment.edit", owns(scope, existing), F.title);
        requireActive(existing, "edited");
      }
      const title = requireText(input.title, "The title", LIMITS.commitmentTitle, F.title);
      const owner = await resolveOwner(scope, action, input.ownerUserId);
      const organization = resolveOrganization(scope, action, input.organizationId);
      const objectiveIds = resolveObjectives(scope, input.objectiveIds);
      const dueDate = resolveDueDate(scope, input.dueDate, existing?.dueDate ?? null, now);
      const cadence = parseCadence(input.cadence);
      const checkInWeekday = parseWeekday(input.weekday, F.weekday);
      const checkInTime = parseTime(input.time, F.time);
      const values = {
        title,
        ownerMemberId: owner.id,
        organizationId: organization.id,
        dueDate,
        cadence,
        checkInWeekday,
        checkInTime,
      };
      const detail = { ...values, ownerUserId: owner.slackUserId, objectiveIds };

      const result = kit.transaction(() => {
        if (commitmentId === undefined || existing === undefined) {
          const created = repos.commitments.create(
            {
              partnershipId: scope.partnership.id,
              ...values,
              startedAt: now,
              state: "active",
              createdBy: caller.userId,
              createdAt: now,
              updatedAt: now,
            },
            objectiveIds,
          );
          audit(kit, scope, "commitment.create", created.id, detail, now);
          return { commitment: created, created: true };
        }
        // Read again inside the transaction: it may have been closed since the checks above.
        const current = find(scope, existing.id);
        requireActive(current, "edited");
        // Links to retired objectives are history: the modal does not offer them, so keep them.
        const retiredLinks = current.objectiveIds.filter(
          (id) => repos.objectives.findById(scope.partnership.id, id)?.state === "retired",
        );
        const links = [...new Set([...objectiveIds, ...retiredLinks])].sort((a, b) => a - b);
        const updated = repos.commitments.update(scope.partnership.id, existing.id, {
          ...values,
          updatedAt: now,
        });
        if (updated === undefined) throw new Error(`commitment ${existing.id} vanished`);
        repos.commitments.setObjectives(existing.id, links);
        audit(kit, scope, "commitment.edit", existing.id, { ...detail, objectiveIds: links }, now);
        return { commitment: { ...updated, objectiveIds: links }, created: false };
      });
      announceTo(scope, [owner.id, ...(existing ? [existing.ownerMemberId] : [])]);
      return { commitment: viewOf(scope, result.commitment), created: result.created };
    },

    close(caller, commitmentId, now) {
      return end(caller, commitmentId, now, "closed");
    },

    drop(caller, commitmentId, now) {
      return end(caller, commitmentId, now, "dropped");
    },

    list(caller, now) {
      const scope = context.require(caller, "partnership.read", now);
      return {
        partnershipName: scope.partnership.name,
        commitments: repos.commitments
          .list(scope.partnership.id, { state: "active" })
          .map((c) => viewOf(scope, c)),
      };
    },
  };
}
