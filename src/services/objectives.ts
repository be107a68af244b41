/**
 * The partnership's shared objectives (`/poc objective add|list|edit|retire`). Coordinators manage
 * them; every member can list them. A retired objective stays linked to the commitments that
 * served it (history), but is no longer offered when commitments are recorded or edited.
 */
import type { Objective } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { LIMITS, optionalText, parseDate, requireText } from "../domain/rules.js";
import { literal, say } from "../domain/wording.js";
import type { Caller, Scope } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";

/** What a person typed, as text: the service validates and converts it. */
export interface ObjectiveInput {
  readonly title: string;
  readonly indicator?: string | null;
  readonly unit?: string | null;
  readonly baseline?: string | number | null;
  readonly target?: string | number | null;
  readonly targetDate?: string | null;
}

export interface ObjectiveValues {
  readonly title: string;
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
  readonly targetDate: string | null;
}

export interface ObjectiveForm {
  readonly mode: "create" | "edit";
  readonly objectiveId: number | null;
  readonly values: ObjectiveValues | null;
}

export interface ObjectiveListing {
  readonly partnershipName: string;
  readonly includeRetired: boolean;
  readonly objectives: readonly { objective: Objective; activeCommitments: number }[];
}

/** Numbers people would type for an indicator; anything larger is a typo. */
const MAX_MAGNITUDE = 1e15;

function parseNumber(
  value: string | number | null | undefined,
  label: string,
  field: string,
): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === "") return null;
  const n = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(n)) {
    throw new DomainError("invalid_input", `${label} must be a number, like 1200 or 35.5.`, field);
  }
  if (Math.abs(n) > MAX_MAGNITUDE) {
    throw new DomainError("invalid_input", `${label} is too large.`, field);
  }
  return n;
}

/** Validates an objective as typed (modal or import); errors name the field. */
export function validateObjective(input: ObjectiveInput): ObjectiveValues {
  const F = FIELDS.objective;
  const title = requireText(input.title, "The objective's title", LIMITS.objectiveTitle, F.title);
  const indicator = optionalText(input.indicator, "The indicator", LIMITS.indicator, F.indicator);
  const unit = optionalText(input.unit, "The unit", LIMITS.unit, F.unit);
  const baseline = parseNumber(input.baseline, "The baseline", F.baseline);
  const target = parseNumber(input.target, "The target", F.target);
  const rawDate = (input.targetDate ?? "").trim();
  const targetDate = rawDate === "" ? null : parseDate(rawDate, "The target date", F.targetDate);
  if (indicator === null && (target !== null || baseline !== null)) {
    const what = target !== null ? "a target" : "a baseline";
    throw new DomainError(
      "invalid_input",
      `To set ${what}, say what is measured: add an indicator (e.g. "households with safe water").`,
      F.indicator,
    );
  }
  return { title, indicator, unit, baseline, target, targetDate };
}

export interface ObjectivesService {
  /** What the modal shows: empty for a new objective, the objective's values for an edit. */
  form(caller: Caller, objectiveId: number | undefined, now: number): ObjectiveForm;
  /** Creates (no id) or edits an objective. Coordinators only. */
  save(
    caller: Caller,
    objectiveId: number | undefined,
    input: ObjectiveInput,
    now: number,
  ): { objective: Objective; created: boolean };
  /** Active objectives (and retired ones when asked), with how many active commitments serve each. */
  list(caller: Caller, options: { includeRetired?: boolean }, now: number): ObjectiveListing;
  /** Retires an active objective. Coordinators only. */
  retire(caller: Caller, objectiveId: number, now: number): Objective;
}

export function createObjectivesService(kit: ServiceKit): ObjectivesService {
  const { repos, context } = kit;

  const find = (scope: Scope, id: number): Objective => {
    const objective = repos.objectives.findById(scope.partnership.id, id);
    if (objective === undefined) {
      throw new DomainError(
        "not_found",
        say`No objective #${id} in this partnership. ${literal("/poc objective list all")} shows them.`,
      );
    }
    return objective;
  };

  const findActive = (scope: Scope, id: number): Objective => {
    const objective = find(scope, id);
    if (objective.state !== "active") {
      throw new DomainError(
        "conflict",
        `Objective #${id} is retired; it can no longer be changed.`,
        FIELDS.objective.title,
      );
    }
    return objective;
  };

  /** Coordinators, and the owners of the active commitments that serve the objective. */
  const affected = (scope: Scope, objectiveId: number | null): string[] => {
    const members = repos.members.list(scope.partnership.id);
    const users = new Set(
      members.filter((m) => m.role === "coordinator").map((m) => m.slackUserId),
    );
    if (objectiveId !== null) {
      const owners = new Set(
        repos.commitments
          .list(scope.partnership.id, { state: "active" })
          .filter((c) => c.objectiveIds.includes(objectiveId))
          .map((c) => c.ownerMemberId),
      );
      for (const m of members) if (owners.has(m.id)) users.add(m.slackUserId);
    }
    return [...users];
  };

  return {
    form(caller, objectiveId, now) {
      const scope = context.require(caller, "objective.manage", now);
      if (objectiveId === undefined) return { mode: "create", objectiveId: null, values: null };
      const o = findActive(scope, objectiveId);
      return {
        mode: "edit",
        objectiveId: o.id,
        values: {
          title: o.title,
          indicator: o.indicator,
          unit: o.unit,
          baseline: o.baseline,
          target: o.target,
          targetDate: o.targetDate,
        },
      };
    },

    save(caller, objectiveId, input, now) {
      const scope = context.require(caller, "objective.manage", now);
      const values = validateObjective(input);
      const result = kit.transaction(() => {
        if (objectiveId === undefined) {
          const objective = repos.objectives.create({
            partnershipId: scope.partnership.id,
            ...values,
            state: "active",
            createdAt: now,
            updatedAt: now,
          });
          audit(kit, scope, "objective.create", objective.id, { ...values }, now);
          return { objective, created: true };
        }
        findActive(scope, objectiveId);
        const objective = repos.objectives.update(scope.partnership.id, objectiveId, {
          ...values,
          updatedAt: now,
        });
        if (objective === undefined) throw new Error(`objective ${objectiveId} vanished`);
        audit(kit, scope, "objective.edit", objective.id, { ...values }, now);
        return { objective, created: false };
      });
      announce(kit, scope, affected(scope, result.objective.id));
      return result;
    },

    list(caller, options, now) {
      const scope = context.require(caller, "partnership.read", now);
      const includeRetired = options.includeRetired ?? false;
      const counts = repos.commitments.activeCountsByObjective(scope.partnership.id);
      const objectives = repos.objectives
        .list(scope.partnership.id, { includeRetired })
        .sort((a, b) => (a.state === b.state ? a.id - b.id : a.state === "active" ? -1 : 1))
        .map((objective) => ({ objective, activeCommitments: counts.get(objective.id) ?? 0 }));
      return { partnershipName: scope.partnership.name, includeRetired, objectives };
    },

    retire(caller, objectiveId, now) {
      const scope = context.require(caller, "objective.manage", now);
      const objective = kit.transaction(() => {
        const existing = find(scope, objectiveId);
        if (existing.state === "retired") {
          throw new DomainError(
            "conflict",
            `Objective #${objectiveId} is already retired; nothing was changed.`,
          );
        }
        const retired = repos.objectives.update(scope.partnership.id, objectiveId, {
          state: "retired",
          updatedAt: now,
        });
        if (retired === undefined) throw new Error(`objective ${objectiveId} vanished`);
        audit(kit, scope, "objective.retire", objectiveId, { title: existing.title }, now);
        return retired;
      });
      announce(kit, scope, affected(scope, objective.id));
      return objective;
    },
  };
}
