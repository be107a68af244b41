/**
 * A check-in's database writes, inside the caller's transaction: the period's check-in (created
 * or edited in place), the commitment's status, progress and last check-in (*done* closes it),
 * the period's prompt marked answered, and the check-in's blocker raised or edited. Each audited.
 */
import type { CheckIn, Prompt } from "../../db/schema.js";
import type { Status } from "../../domain/types.js";
import { type CouldHelp, couldHelpColumns } from "../couldHelp.js";
import { audit, type ServiceKit } from "../kit.js";
import { endedError, type Owned } from "./owned.js";

/** A check-in's values, validated. */
export interface Values {
  readonly status: Status;
  readonly progress: number | null;
  readonly whatMoved: string | null;
  readonly nextStep: string | null;
  readonly learning: string | null;
  readonly blocker: { readonly text: string; readonly couldHelp: CouldHelp } | null;
  readonly oneClick: boolean;
}

/** The period's check-in written (or edited) and the commitment and prompt updated. */
export function writeCheckIn(
  kit: ServiceKit,
  o: Owned,
  prompt: Prompt | undefined,
  periodKey: string,
  values: Values,
  late: boolean,
  now: number,
): { checkIn: CheckIn; existing: CheckIn | undefined; closed: boolean } {
  const { repos } = kit;
  const { scope, commitment, member } = o;
  const existing = repos.checkIns.findForPeriod(commitment.id, periodKey);
  if (existing !== undefined && late) throw endedError(periodKey);
  const fields = {
    status: values.status,
    progress: values.progress,
    whatMoved: values.whatMoved,
    nextStep: values.nextStep,
    learning: values.learning,
    promptId: prompt?.id ?? existing?.promptId ?? null,
  };
  const checkIn =
    existing === undefined
      ? repos.checkIns.upsert({
          commitmentId: commitment.id,
          periodKey,
          authorMemberId: member.id,
          ...fields,
          createdAt: now,
          editedAt: null,
        })
      : repos.checkIns.update(existing.id, { ...fields, editedAt: now });
  if (checkIn === undefined) throw new Error(`check-in of commitment ${commitment.id} vanished`);
  const closed = values.status === "done";
  repos.commitments.update(scope.partnership.id, commitment.id, {
    currentStatus: values.status,
    progress: values.progress ?? commitment.progress,
    lastCheckInAt: now,
    updatedAt: now,
    ...(closed ? { state: "closed" as const, closedAt: now } : {}),
  });
  if (prompt !== undefined && prompt.answeredAt === null) {
    repos.prompts.markAnswered(prompt.id, now);
  }
  audit(
    kit,
    scope,
    existing === undefined ? "check_in.create" : "check_in.edit",
    checkIn.id,
    {
      commitmentId: commitment.id,
      periodKey,
      promptId: fields.promptId,
      status: values.status,
      progress: values.progress,
      whatMoved: values.whatMoved,
      nextStep: values.nextStep,
      learning: values.learning,
      ...(values.oneClick ? { oneClick: true } : {}),
      ...(late ? { late: true } : {}),
    },
    now,
  );
  if (closed) audit(kit, scope, "commitment.close", commitment.id, { via: "check_in" }, now);
  return { checkIn, existing, closed };
}

/** The check-in's blocker raised, or edited when it changed: what to post or update. */
export function saveBlocker(
  kit: ServiceKit,
  o: Owned,
  checkIn: CheckIn,
  existing: CheckIn | undefined,
  blocker: NonNullable<Values["blocker"]>,
  now: number,
): { blockerId: number; mode: "post" | "update" | null } {
  const { repos } = kit;
  const { scope, commitment, member } = o;
  const columns = couldHelpColumns(blocker.couldHelp);
  const linked = existing === undefined ? undefined : repos.blockers.openOfCheckIn(existing.id);
  if (linked === undefined) {
    const created = repos.blockers.create({
      commitmentId: commitment.id,
      checkInId: checkIn.id,
      text: blocker.text,
      raisedByMemberId: member.id,
      ...columns,
      state: "open",
      createdAt: now,
    });
    const detail = { commitmentId: commitment.id, checkInId: checkIn.id, text: created.text };
    audit(kit, scope, "blocker.create", created.id, { ...detail, ...columns }, now);
    return { blockerId: created.id, mode: "post" };
  }
  if (
    linked.text === blocker.text &&
    linked.couldHelpUserId === columns.couldHelpUserId &&
    linked.couldHelpOrganizationId === columns.couldHelpOrganizationId
  ) {
    return { blockerId: linked.id, mode: null };
  }
  repos.blockers.update(linked.id, { text: blocker.text, ...columns });
  const detail = { before: linked.text, text: blocker.text, ...columns };
  audit(kit, scope, "blocker.edit", linked.id, detail, now);
  return { blockerId: linked.id, mode: "update" };
}
