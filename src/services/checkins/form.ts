/**
 * The check-in modal: what it shows for a prompt (*Update*) or a commitment (`/poc checkin`, the
 * picker), and `/poc checkin` itself, which opens it for the caller's only active commitment or
 * lists them to pick from. An existing check-in for the period is edited in place; a new one
 * starts from the last check-in.
 */
import type { CheckIn, Objective, Prompt } from "../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import { progressMeasureOf } from "../../domain/progress.js";
import { literal, say } from "../../domain/wording.js";
import type { Caller } from "../context.js";
import { couldHelpChoices } from "../couldHelp.js";
import type { ServiceKit } from "../kit.js";
import { endedError, type Owned, type Ownership } from "./owned.js";
import type { CheckInForm, CheckInStart, PickableCommitment, ProgressMode } from "./types.js";

/** What the form is for: a prompt (*Update*) or a commitment (`/poc checkin`, the picker). */
export type FormTarget = { readonly promptId: number } | { readonly commitmentId: number };

function activeObjectives(kit: ServiceKit, o: Owned): Objective[] {
  return o.commitment.objectiveIds
    .map((id) => kit.repos.objectives.findById(o.scope.partnership.id, id))
    .filter((x): x is Objective => x !== undefined && x.state === "active");
}

/** Percent, unless exactly one of its objectives has an indicator: then that indicator. */
export function progressMode(kit: ServiceKit, o: Owned): ProgressMode {
  const objectives = activeObjectives(kit, o);
  const measure = progressMeasureOf(objectives);
  if (measure.kind === "percent") return measure;
  const title = objectives.find((x) => x.id === measure.objectiveId)?.title ?? "";
  return { ...measure, objectiveTitle: title };
}

function couldHelpValue(userId: string | null, orgId: number | null): string | null {
  return userId !== null ? `user:${userId}` : orgId !== null ? `org:${orgId}` : null;
}

/** The values the form starts with: the period's check-in, else carried from the last one. */
function initialValues(
  kit: ServiceKit,
  o: Owned,
  existing: CheckIn | undefined,
): CheckInForm["initial"] {
  if (existing !== undefined) {
    const blocker = kit.repos.blockers.openOfCheckIn(existing.id);
    return {
      status: existing.status,
      progress: existing.progress,
      whatMoved: existing.whatMoved,
      nextStep: existing.nextStep,
      learning: existing.learning,
      blocker: blocker?.text ?? null,
      couldHelp: blocker
        ? couldHelpValue(blocker.couldHelpUserId, blocker.couldHelpOrganizationId)
        : null,
    };
  }
  const last = kit.repos.checkIns.latest(o.commitment.id);
  return {
    status: last?.status ?? o.commitment.currentStatus,
    progress: last?.progress ?? o.commitment.progress,
    whatMoved: null,
    nextStep: last?.nextStep ?? null,
    learning: null,
    blocker: null,
    couldHelp: null,
  };
}

function buildForm(
  kit: ServiceKit,
  own: Ownership,
  o: Owned,
  prompt: Prompt | undefined,
  periodKey: string,
  now: number,
): CheckInForm {
  const current = own.currentOf(o.commitment, o.spec, now);
  const existing = kit.repos.checkIns.findForPeriod(o.commitment.id, periodKey);
  if (existing !== undefined && periodKey !== current) throw endedError(periodKey);
  const partnershipId = o.scope.partnership.id;
  return {
    promptId: prompt?.id ?? null,
    commitmentId: o.commitment.id,
    commitmentTitle: o.commitment.title,
    organizationName:
      kit.repos.organizations.findById(partnershipId, o.commitment.organizationId)?.name ?? "?",
    partnershipName: o.scope.partnership.name,
    objectives: activeObjectives(kit, o).map((x) => x.title),
    periodKey,
    late: periodKey !== current,
    editing: existing !== undefined,
    progress: progressMode(kit, o),
    initial: initialValues(kit, o, existing),
    choices: couldHelpChoices(kit, o.scope.partnership),
  };
}

/** The modal for a prompt (*Update*) or a commitment (`/poc checkin`, the picker). */
export function checkInForm(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  target: FormTarget,
  now: number,
): CheckInForm {
  if ("promptId" in target) {
    const o = own.ownedPrompt(caller, target.promptId, now);
    return buildForm(kit, own, o, o.prompt, o.prompt.periodKey, now);
  }
  const o = own.owned(caller, target.commitmentId, now);
  const periodKey = own.currentOf(o.commitment, o.spec, now);
  const prompt = kit.repos.checkIns.promptFor(o.commitment.id, periodKey);
  return buildForm(kit, own, o, prompt, periodKey, now);
}

/** `/poc checkin`: the modal for the caller's only active commitment, or a list to pick from. */
export function startCheckIn(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  now: number,
): CheckInStart {
  const { context } = kit;
  const scopes = context.scopesFor(caller, now);
  const mine: PickableCommitment[] = [];
  for (const scope of scopes) {
    if (scope.member === undefined) continue;
    for (const c of kit.repos.overview.activeCommitmentsOf(scope.partnership.id, scope.member.id)) {
      mine.push({
        id: c.id,
        title: c.title,
        organizationName: c.organizationName,
        partnershipName: scope.partnership.name,
      });
    }
  }
  const only = mine.length === 1 ? mine[0] : undefined;
  if (only !== undefined) {
    return { kind: "form", form: checkInForm(kit, own, caller, { commitmentId: only.id }, now) };
  }
  if (mine.length === 0) {
    const where =
      scopes.length === 1 && scopes[0] !== undefined
        ? ` in ${scopes[0].partnership.name.slice(0, 80)}`
        : "";
    throw new DomainError(
      "conflict",
      say`You own no active commitment${where}, so there is nothing to check in on. ${literal("/poc commit")} records one; ${literal("/poc mine")} shows yours.`,
    );
  }
  return { kind: "pick", commitments: mine };
}
