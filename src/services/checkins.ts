/**
 * Check-ins: what an owner does with a prompt (one click *On track, no change*, *Update* and the
 * modal, *Snooze*, *I'm away*) and with `/poc checkin` and `/poc away`.
 *
 * Rules
 * - Only the commitment's owner checks in (`checkin.submit` is "own" for coordinators and
 *   partners). Every id arrives from the client (button values, private_metadata) and is
 *   re-checked: the record must be in a partnership of the caller's workspace, the caller must own
 *   the commitment, and a prompt must belong to that commitment.
 * - One check-in per commitment and period (a unique index): answering again edits it in place
 *   (`editedAt`). The current period is the one the planner prompts for (`currentPeriod` in
 *   domain/schedule.ts): the latest slot's, unless that slot falls inside the period the newest
 *   prompt opened (the schedule was edited since), then that one; before the first slot, the
 *   first. A prompt's answer counts for the period the prompt asks about, even late; a check-in
 *   whose period has ended can no longer be edited.
 * - Recording sets the commitment's status, progress and last check-in; *done* closes it; the
 *   period's prompt is marked answered; a blocker text raises a blocker, posted in the channel.
 * - Snooze: once per period, not after a reminder, until 09:00 the next morning in the owner's
 *   zone (the member's zone from Slack, else the partnership's).
 * - Away: `awayUntil` on the membership; prompts of periods whose slot date (in the owner's zone)
 *   is on or before that date and that nobody answered yet (pending, or sent for the current
 *   period) become `skipped`, so the owner is not counted silent for them.
 *
 * Every method writes in one transaction, audits and announces, and returns the Slack work as
 * `effects` for `deliver`, which the listener calls after it has acked.
 */
import type { CommitmentWithObjectives } from "../db/repositories/commitments.js";
import type { CheckIn, Commitment, Member, Partnership, Prompt } from "../db/schema.js";
import { DomainError, isDomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { authorize } from "../domain/permissions.js";
import { measuredObjective } from "../domain/progress.js";
import { LIMITS, optionalText, parseDate } from "../domain/rules.js";
import {
  addCalendarDays,
  type CadenceSpec,
  currentPeriod,
  instantOnLocalDate,
  isValidTimeZone,
  localDate,
  type OpenedPeriod,
} from "../domain/schedule.js";
import { STATUS_WORDS, STATUSES, type Status, type Weekday } from "../domain/types.js";
import {
  type CouldHelp,
  type CouldHelpChoices,
  couldHelpChoices,
  couldHelpColumns,
  deliverEffects,
  type Effects,
  NO_EFFECTS,
  parseCouldHelp,
  scopeIn,
} from "./blockers.js";
import { type Caller, isDirectMessage, type Scope } from "./context.js";
import { announce, audit, type ServiceKit, withCoordinators } from "./kit.js";
import type { LastCheckIn, PromptOutcome } from "./ports.js";

/** The hour a snoozed prompt comes back, the next morning in the owner's zone. */
export const SNOOZE_HOUR = 9;

export type ProgressMode =
  | { readonly kind: "percent" }
  | {
      readonly kind: "indicator";
      readonly objectiveTitle: string;
      readonly indicator: string;
      readonly unit: string | null;
      readonly baseline: number | null;
      readonly target: number | null;
    };

export interface CheckInForm {
  /** The prompt being answered, when there is one for the period. */
  readonly promptId: number | null;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly organizationName: string;
  readonly partnershipName: string;
  readonly objectives: readonly string[];
  readonly periodKey: string;
  /** The period asked about has ended (a late answer). */
  readonly late: boolean;
  /** A check-in exists for the period: the modal edits it. */
  readonly editing: boolean;
  readonly progress: ProgressMode;
  readonly initial: {
    readonly status: Status | null;
    readonly progress: number | null;
    readonly whatMoved: string | null;
    readonly nextStep: string | null;
    readonly learning: string | null;
    readonly blocker: string | null;
    /** "user:U…" or "org:<id>". */
    readonly couldHelp: string | null;
  };
  readonly choices: CouldHelpChoices;
}

/** What the modal sends back as private_metadata: never trusted, every id is checked again. */
export interface CheckInTarget {
  readonly promptId?: number | undefined;
  readonly commitmentId: number;
  readonly periodKey: string;
}

/** What arrives from the modal, as sent. */
export interface CheckInInput {
  readonly status: string | undefined;
  readonly progress: string;
  readonly whatMoved: string;
  readonly nextStep: string;
  readonly blocker: string;
  readonly couldHelp: string | undefined;
  readonly learning: string;
}

export interface CheckInRecorded {
  readonly checkIn: CheckIn;
  readonly created: boolean;
  /** The check-in said *done*: the commitment is closed. */
  readonly closed: boolean;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly periodKey: string;
  readonly late: boolean;
  /** The prompt message that will show the result, if the period had one in Slack. */
  readonly promptMessage: boolean;
  readonly blockerId: number | null;
  readonly effects: Effects;
}

export interface PickableCommitment {
  readonly id: number;
  readonly title: string;
  readonly organizationName: string;
  readonly partnershipName: string;
}

export type CheckInStart =
  | { readonly kind: "form"; readonly form: CheckInForm }
  | { readonly kind: "pick"; readonly commitments: readonly PickableCommitment[] };

export interface Snoozed {
  readonly promptId: number;
  readonly until: number;
  readonly zone: string;
  readonly effects: Effects;
}

export interface AwayForm {
  readonly promptId: number;
  readonly partnershipName: string;
  /** "YYYY-MM-DD" in the owner's zone. */
  readonly today: string;
  readonly until: string | null;
}

export interface AwayResult {
  /** null: away switched off. */
  readonly until: string | null;
  readonly partnerships: readonly { readonly name: string; readonly channelId: string }[];
  readonly skippedPrompts: number;
  readonly effects: Effects;
}

export interface CheckInsService {
  /** `/poc checkin`: the modal for the caller's only active commitment, or a list to pick from. */
  start(caller: Caller, now: number): CheckInStart;
  /** The modal for a prompt (*Update*) or a commitment (`/poc checkin`, the picker). */
  form(
    caller: Caller,
    target: { readonly promptId: number } | { readonly commitmentId: number },
    now: number,
  ): CheckInForm;
  /** The modal's submission. */
  submit(caller: Caller, target: CheckInTarget, input: CheckInInput, now: number): CheckInRecorded;
  /** *On track, no change*: on track, progress carried from the last check-in. */
  onTrack(caller: Caller, promptId: number, now: number): CheckInRecorded;
  snooze(caller: Caller, promptId: number, now: number): Snoozed;
  /** What *I'm away* opens. */
  awayForm(caller: Caller, promptId: number, now: number): AwayForm;
  /** The away modal's submission (from a prompt). */
  awayFromPrompt(
    caller: Caller,
    promptId: number,
    until: string | undefined,
    now: number,
  ): AwayResult;
  /**
   * `/poc away <date>` (or null for `/poc away off`): in a partnership's channel, there; in a
   * DM, in every partnership the caller belongs to.
   */
  away(caller: Caller, until: string | null, now: number): AwayResult;
  /** The Slack work after a change; logs failures, never throws. */
  deliver(effects: Effects): Promise<void>;
}

/** The zone a member's check-ins follow: theirs from Slack, else the partnership's. */
export function ownerZone(member: Member | undefined, partnership: Partnership): string {
  const zone = member?.timeZone;
  return zone && isValidTimeZone(zone) ? zone : partnership.timeZone;
}

export function cadenceSpec(
  c: Pick<CommitmentWithObjectives, "cadence" | "checkInWeekday" | "checkInTime" | "startedAt">,
  zone: string,
): CadenceSpec {
  return {
    cadence: c.cadence,
    weekday: c.checkInWeekday as Weekday,
    localTime: c.checkInTime,
    zone,
    anchor: c.startedAt,
  };
}

/** The period a check-in given now answers: the one the planner prompts (or prompted) for. */
export function currentPeriodKey(
  spec: CadenceSpec,
  now: number,
  opened: OpenedPeriod | null,
): string {
  return currentPeriod(spec, now, opened).periodKey;
}

/** 09:00 on the day after `now`'s local date in `zone` (daylight saving handled by the zone). */
export function nextMorning(zone: string, now: number): number {
  return instantOnLocalDate(zone, addCalendarDays(localDate(zone, now), 1), SNOOZE_HOUR, 0);
}

/** The same calendar date a year later (29 February becomes 1 March). */
function aYearAfter(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

function lastOf(checkIn: CheckIn): LastCheckIn {
  return {
    status: checkIn.status,
    progress: checkIn.progress,
    whatMoved: checkIn.whatMoved,
    nextStep: checkIn.nextStep,
    at: checkIn.editedAt ?? checkIn.createdAt,
  };
}

/** The commitment an owner acts on, with everything the rules need. */
interface Owned {
  readonly scope: Scope;
  readonly member: Member;
  readonly commitment: CommitmentWithObjectives;
  readonly zone: string;
  readonly spec: CadenceSpec;
}

interface Values {
  readonly status: Status;
  readonly progress: number | null;
  readonly whatMoved: string | null;
  readonly nextStep: string | null;
  readonly learning: string | null;
  readonly blocker: { readonly text: string; readonly couldHelp: CouldHelp } | null;
  readonly oneClick: boolean;
}

export function createCheckInsService(kit: ServiceKit): CheckInsService {
  const { repos, context } = kit;
  const F = FIELDS.checkIn;

  const commitmentNotFound = (id: number) =>
    new DomainError(
      "not_found",
      `Commitment #${id} is not one you can check in on. \`/poc mine\` lists yours.`,
    );
  const promptNotFound = () =>
    new DomainError(
      "not_found",
      "This check-in request no longer exists. `/poc checkin` opens the form for your commitments.",
    );

  /** The current period of a commitment under `spec` (its schedule now, in its owner's zone). */
  const currentOf = (
    c: Pick<Commitment, "id" | "periodOpenedOn">,
    spec: CadenceSpec,
    now: number,
  ) =>
    currentPeriodKey(spec, now, {
      openedOn: c.periodOpenedOn,
      periodKey: repos.prompts.newestPeriodKey(c.id) ?? null,
    });

  const withField = (error: unknown, field: string | undefined): unknown =>
    isDomainError(error) && field !== undefined && error.field === undefined
      ? new DomainError(error.code, error.message, field)
      : error;

  /** The commitment, if the caller owns it and it is still active. */
  const owned = (caller: Caller, commitmentId: number, now: number, field?: string): Owned => {
    try {
      const scope = scopeIn(
        kit,
        caller,
        repos.checkIns.partnershipOfCommitment(commitmentId),
        now,
        () => commitmentNotFound(commitmentId),
      );
      const commitment = repos.commitments.findById(scope.partnership.id, commitmentId);
      if (commitment === undefined) throw commitmentNotFound(commitmentId);
      const member = scope.member;
      // Outside the commitment's partnership: the same answer as an id that does not exist, so
      // ids cannot be probed across partnerships.
      if (member === undefined) throw commitmentNotFound(commitmentId);
      if (commitment.ownerMemberId !== member.id) {
        const owner = repos.members.findById(scope.partnership.id, commitment.ownerMemberId);
        throw new DomainError(
          "forbidden",
          `Only the commitment's owner${owner ? ` (<@${owner.slackUserId}>)` : ""} can check in on it; nothing was changed.`,
        );
      }
      authorize(scope.standing, "checkin.submit", true);
      if (commitment.state !== "active") {
        throw new DomainError(
          "conflict",
          `Commitment #${commitment.id} is ${commitment.state}, so its check-ins have stopped; nothing was changed.`,
        );
      }
      const zone = ownerZone(member, scope.partnership);
      return { scope, member, commitment, zone, spec: cadenceSpec(commitment, zone) };
    } catch (error) {
      throw withField(error, field);
    }
  };

  const ownedPrompt = (caller: Caller, promptId: number, now: number) => {
    const prompt = repos.prompts.findById(promptId);
    if (prompt === undefined) throw promptNotFound();
    try {
      return { ...owned(caller, prompt.commitmentId, now), prompt };
    } catch (error) {
      // Someone else's prompt from another workspace reads as "not found", not as its number.
      if (isDomainError(error) && error.code === "not_found") throw promptNotFound();
      throw error;
    }
  };

  const endedError = (periodKey: string) =>
    new DomainError(
      "conflict",
      `The period of this check-in (${periodKey}) has ended, so it can no longer be edited. Check in for the current period with \`/poc checkin\`.`,
    );

  const organizationName = (o: Owned) =>
    repos.organizations.findById(o.scope.partnership.id, o.commitment.organizationId)?.name ?? "?";

  const activeObjectives = (o: Owned) =>
    o.commitment.objectiveIds
      .map((id) => repos.objectives.findById(o.scope.partnership.id, id))
      .filter((x) => x !== undefined && x.state === "active");

  /** Percent, unless exactly one of its objectives has an indicator: then that indicator. */
  const progressMode = (o: Owned): ProgressMode => {
    const only = measuredObjective(activeObjectives(o).filter((x) => x !== undefined));
    if (only === undefined) return { kind: "percent" };
    return {
      kind: "indicator",
      objectiveTitle: only.title,
      indicator: only.indicator,
      unit: only.unit,
      baseline: only.baseline,
      target: only.target,
    };
  };

  const couldHelpValue = (userId: string | null, orgId: number | null): string | null =>
    userId !== null ? `user:${userId}` : orgId !== null ? `org:${orgId}` : null;

  const buildForm = (o: Owned, prompt: Prompt | undefined, periodKey: string, now: number) => {
    const current = currentOf(o.commitment, o.spec, now);
    const existing = repos.checkIns.findForPeriod(o.commitment.id, periodKey);
    if (existing !== undefined && periodKey !== current) throw endedError(periodKey);
    let initial: CheckInForm["initial"];
    if (existing !== undefined) {
      const blocker = repos.blockers.openOfCheckIn(existing.id);
      initial = {
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
    } else {
      const last = repos.checkIns.latest(o.commitment.id);
      initial = {
        status: last?.status ?? o.commitment.currentStatus,
        progress: last?.progress ?? o.commitment.progress,
        whatMoved: null,
        nextStep: last?.nextStep ?? null,
        learning: null,
        blocker: null,
        couldHelp: null,
      };
    }
    const form: CheckInForm = {
      promptId: prompt?.id ?? null,
      commitmentId: o.commitment.id,
      commitmentTitle: o.commitment.title,
      organizationName: organizationName(o),
      partnershipName: o.scope.partnership.name,
      objectives: activeObjectives(o).map((x) => x?.title ?? ""),
      periodKey,
      late: periodKey !== current,
      editing: existing !== undefined,
      progress: progressMode(o),
      initial,
      choices: couldHelpChoices(kit, o.scope.partnership),
    };
    return form;
  };

  const parseStatus = (raw: string | undefined): Status => {
    const status = STATUSES.find((s) => s === raw);
    if (status === undefined) {
      throw new DomainError(
        "invalid_input",
        "Choose a status: on track, at risk, off track or done.",
        F.status,
      );
    }
    return status;
  };

  const parseProgress = (raw: string, mode: ProgressMode, status: Status): number | null => {
    const text = raw.trim();
    if (text === "") return mode.kind === "percent" && status === "done" ? 100 : null;
    const value = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (mode.kind === "percent") {
      if (!Number.isFinite(value) || value < 0 || value > 100) {
        throw new DomainError(
          "invalid_input",
          `Progress is a percentage from 0 to 100; ${text.slice(0, 20)} is not.`,
          F.progress,
        );
      }
      return value;
    }
    if (!Number.isFinite(value) || Math.abs(value) > 1e12) {
      throw new DomainError(
        "invalid_input",
        `Progress is the value of "${mode.indicator.slice(0, 60)}"; ${text.slice(0, 20)} is not a number.`,
        F.progress,
      );
    }
    return value;
  };

  /** Writes the period's check-in and everything that follows from it, in one transaction. */
  const record = (
    o: Owned,
    prompt: Prompt | undefined,
    periodKey: string,
    values: Values,
    now: number,
  ): CheckInRecorded => {
    const current = currentOf(o.commitment, o.spec, now);
    const { scope, commitment, member } = o;
    const result = kit.transaction(() => {
      const existing = repos.checkIns.findForPeriod(commitment.id, periodKey);
      if (existing !== undefined && periodKey !== current) throw endedError(periodKey);
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
      if (checkIn === undefined)
        throw new Error(`check-in of commitment ${commitment.id} vanished`);
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
          ...(periodKey !== current ? { late: true } : {}),
        },
        now,
      );
      if (closed) {
        audit(kit, scope, "commitment.close", commitment.id, { via: "check_in" }, now);
      }
      let blockerId: number | null = null;
      let blockerMode: "post" | "update" | null = null;
      if (values.blocker !== null) {
        const columns = couldHelpColumns(values.blocker.couldHelp);
        const linked =
          existing === undefined ? undefined : repos.blockers.openOfCheckIn(existing.id);
        if (linked === undefined) {
          const created = repos.blockers.create({
            commitmentId: commitment.id,
            checkInId: checkIn.id,
            text: values.blocker.text,
            raisedByMemberId: member.id,
            ...columns,
            state: "open",
            createdAt: now,
          });
          audit(
            kit,
            scope,
            "blocker.create",
            created.id,
            { commitmentId: commitment.id, checkInId: checkIn.id, text: created.text, ...columns },
            now,
          );
          blockerId = created.id;
          blockerMode = "post";
        } else if (
          linked.text !== values.blocker.text ||
          linked.couldHelpUserId !== columns.couldHelpUserId ||
          linked.couldHelpOrganizationId !== columns.couldHelpOrganizationId
        ) {
          repos.blockers.update(linked.id, { text: values.blocker.text, ...columns });
          audit(
            kit,
            scope,
            "blocker.edit",
            linked.id,
            { before: linked.text, text: values.blocker.text, ...columns },
            now,
          );
          blockerId = linked.id;
          blockerMode = "update";
        } else {
          blockerId = linked.id;
        }
      }
      return { checkIn, created: existing === undefined, closed, blockerId, blockerMode };
    });
    announce(kit, scope, withCoordinators(kit, scope, member.slackUserId));
    const outcome: PromptOutcome = {
      kind: "recorded",
      checkIn: lastOf(result.checkIn),
      edited: !result.created,
    };
    const shown = prompt ?? repos.checkIns.promptFor(commitment.id, periodKey);
    const promptMessage =
      shown !== undefined &&
      ((shown.dmChannelId !== null && shown.messageTs !== null) ||
        shown.channelFallbackTs !== null);
    return {
      checkIn: result.checkIn,
      created: result.created,
      closed: result.closed,
      commitmentId: commitment.id,
      commitmentTitle: commitment.title,
      periodKey,
      late: periodKey !== current,
      promptMessage,
      blockerId: result.blockerId,
      effects: {
        ...NO_EFFECTS,
        prompts: shown === undefined ? [] : [{ promptId: shown.id, outcome }],
        blockers:
          result.blockerId !== null && result.blockerMode !== null
            ? [
                {
                  partnershipId: scope.partnership.id,
                  blockerId: result.blockerId,
                  mode: result.blockerMode,
                },
              ]
            : [],
      },
    };
  };

  const parseUntil = (raw: string | undefined, zone: string, now: number): string => {
    const text = (raw ?? "").trim();
    if (text === "") {
      throw new DomainError(
        "invalid_input",
        "Choose the last day you are away.",
        FIELDS.away.until,
      );
    }
    const date = parseDate(text, "The date", FIELDS.away.until);
    const today = localDate(zone, now);
    if (date < today) {
      throw new DomainError(
        "invalid_input",
        `${date} is in the past (today is ${today} in ${zone}). Choose today or a later day.`,
        FIELDS.away.until,
      );
    }
    const limit = aYearAfter(today);
    if (date > limit) {
      throw new DomainError(
        "invalid_input",
        `${date} is more than a year ahead; choose a day up to ${limit}, and extend it later if needed.`,
        FIELDS.away.until,
      );
    }
    return date;
  };

  /**
   * Sets (or clears) a member's away date and skips the prompts it covers. Call inside a
   * transaction. Returns the prompts skipped that were already in Slack (to show "away").
   */
  const applyAway = (
    scope: Scope,
    member: Member,
    until: string | null,
    now: number,
    clickedPromptId?: number,
  ): { skipped: number; shown: number[] } => {
    repos.members.update(scope.partnership.id, member.id, { awayUntil: until });
    let skipped: Prompt[] = [];
    if (until !== null) {
      const zone = ownerZone(member, scope.partnership);
      const owned = repos.commitments.list(scope.partnership.id, {
        state: "active",
        ownerMemberId: member.id,
      });
      const byId = new Map(owned.map((c) => [c.id, c]));
      const candidates = repos.checkIns.openPrompts(owned.map((c) => c.id)).filter((p) => {
        const c = byId.get(p.commitmentId);
        if (c === undefined || localDate(zone, p.dueAt) > until) return false;
        if (p.state === "pending" || p.id === clickedPromptId) return true;
        // A sent prompt of an earlier period stays what it was: its silence already happened.
        return p.periodKey === currentOf(c, cadenceSpec(c, zone), now);
      });
      const changed = new Set(
        repos.checkIns.skipPrompts(
          candidates.map((p) => p.id),
          now,
        ),
      );
      skipped = candidates.filter((p) => changed.has(p.id));
    }
    audit(
      kit,
      scope,
      "member.away",
      member.id,
      { until, before: member.awayUntil, skippedPromptIds: skipped.map((p) => p.id) },
      now,
    );
    return {
      skipped: skipped.length,
      shown: skipped.filter((p) => p.state === "sent").map((p) => p.id),
    };
  };

  const awayEffects = (until: string | null, shown: readonly number[]): Effects => ({
    ...NO_EFFECTS,
    prompts:
      until === null
        ? []
        : shown.map((promptId) => ({ promptId, outcome: { kind: "away" as const, until } })),
  });

  const formFor: CheckInsService["form"] = (caller, target, now) => {
    if ("promptId" in target) {
      const o = ownedPrompt(caller, target.promptId, now);
      return buildForm(o, o.prompt, o.prompt.periodKey, now);
    }
    const o = owned(caller, target.commitmentId, now);
    const periodKey = currentOf(o.commitment, o.spec, now);
    return buildForm(o, repos.checkIns.promptFor(o.commitment.id, periodKey), periodKey, now);
  };

  return {
    start(caller, now) {
      const scopes = isDirectMessage(caller.channelId)
        ? context.scopesOf(caller.teamId, caller.userId, now)
        : [context.scope(caller, now)];
      if (scopes.length === 0) context.scope(caller, now); // throws what to do
      const mine: PickableCommitment[] = [];
      for (const scope of scopes) {
        if (scope.member === undefined) continue;
        for (const c of repos.overview.activeCommitmentsOf(scope.partnership.id, scope.member.id)) {
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
        return { kind: "form", form: formFor(caller, { commitmentId: only.id }, now) };
      }
      if (mine.length === 0) {
        const where =
          scopes.length === 1 && scopes[0] !== undefined
            ? ` in ${scopes[0].partnership.name.slice(0, 80)}`
            : "";
        throw new DomainError(
          "conflict",
          `You own no active commitment${where}, so there is nothing to check in on. \`/poc commit\` records one; \`/poc mine\` shows yours.`,
        );
      }
      return { kind: "pick", commitments: mine };
    },

    form: formFor,

    submit(caller, target, input, now) {
      const o = owned(caller, target.commitmentId, now, F.status);
      let prompt: Prompt | undefined;
      if (target.promptId !== undefined) {
        prompt = repos.prompts.findById(target.promptId);
        if (prompt === undefined || prompt.commitmentId !== o.commitment.id) {
          throw new DomainError(
            "forbidden",
            "This form does not match its check-in request; nothing was saved. Open it again from the message.",
            F.status,
          );
        }
      }
      const current = currentOf(o.commitment, o.spec, now);
      let periodKey = prompt?.periodKey ?? current;
      if (prompt === undefined && target.periodKey !== current) {
        // The form was opened for a period that has ended since: it answers that period's
        // prompt if there was one, else it is stale.
        prompt = repos.checkIns.promptFor(o.commitment.id, target.periodKey);
        if (prompt === undefined) {
          throw new DomainError(
            "conflict",
            "A new check-in period started while this form was open; nothing was saved. Run `/poc checkin` again.",
            F.status,
          );
        }
        periodKey = prompt.periodKey;
      }
      prompt ??= repos.checkIns.promptFor(o.commitment.id, periodKey);
      const existing = repos.checkIns.findForPeriod(o.commitment.id, periodKey);
      if (existing !== undefined && periodKey !== current) {
        const ended = endedError(periodKey);
        throw new DomainError(ended.code, ended.message, F.status);
      }
      const status = parseStatus(input.status);
      const progress = parseProgress(input.progress, progressMode(o), status);
      const whatMoved = optionalText(
        input.whatMoved,
        "What moved",
        LIMITS.checkInText,
        F.whatMoved,
      );
      const nextStep = optionalText(input.nextStep, "Next step", LIMITS.checkInText, F.nextStep);
      const learning = optionalText(input.learning, "Learning", LIMITS.checkInText, F.learning);
      const blockerText = optionalText(input.blocker, "The blocker", LIMITS.checkInText, F.blocker);
      // "Who could help" only means something with a blocker; without one it is ignored.
      const couldHelp =
        blockerText === null
          ? null
          : parseCouldHelp(kit, o.scope.partnership, input.couldHelp, F.blocker);
      return record(
        o,
        prompt,
        periodKey,
        {
          status,
          progress,
          whatMoved,
          nextStep,
          learning,
          blocker: blockerText === null ? null : { text: blockerText, couldHelp },
          oneClick: false,
        },
        now,
      );
    },

    onTrack(caller, promptId, now) {
      const o = ownedPrompt(caller, promptId, now);
      const existing = repos.checkIns.findForPeriod(o.commitment.id, o.prompt.periodKey);
      if (existing !== undefined) {
        throw new DomainError(
          "conflict",
          `You already checked in for this period (${STATUS_WORDS[existing.status]}); nothing was changed. Use *Update* to change it.`,
        );
      }
      const last = repos.checkIns.latest(o.commitment.id);
      return record(
        o,
        o.prompt,
        o.prompt.periodKey,
        {
          status: "on_track",
          progress: last?.progress ?? o.commitment.progress,
          whatMoved: null,
          nextStep: null,
          learning: null,
          blocker: null,
          oneClick: true,
        },
        now,
      );
    },

    snooze(caller, promptId, now) {
      const o = ownedPrompt(caller, promptId, now);
      const { prompt } = o;
      if (prompt.answeredAt !== null || prompt.state === "answered") {
        throw new DomainError(
          "conflict",
          "This check-in is already answered, so there is nothing to snooze.",
        );
      }
      if (prompt.state !== "sent") {
        throw new DomainError(
          "conflict",
          prompt.state === "skipped"
            ? "You are marked away for this period, so this check-in will not come back."
            : "Only a check-in that reached your DMs can be snoozed; answer it with *On track* or *Update*.",
        );
      }
      if (prompt.snoozedUntil !== null) {
        throw new DomainError(
          "conflict",
          `You already snoozed this check-in once this period (it comes back <!date^${Math.floor(prompt.snoozedUntil / 1000)}^{date_short_pretty} at {time}|${new Date(prompt.snoozedUntil).toISOString()}>). Answer it with *On track* or *Update*.`,
        );
      }
      if (prompt.remindersSent > 0) {
        throw new DomainError(
          "conflict",
          "A reminder was already sent for this period, so it can no longer be snoozed. Answer it with *On track* or *Update*.",
        );
      }
      const until = nextMorning(o.zone, now);
      kit.transaction(() => {
        repos.prompts.setSnoozed(prompt.id, until, now);
        audit(
          kit,
          o.scope,
          "prompt.snooze",
          prompt.id,
          { commitmentId: o.commitment.id, periodKey: prompt.periodKey, until, zone: o.zone },
          now,
        );
      });
      return {
        promptId: prompt.id,
        until,
        zone: o.zone,
        effects: { ...NO_EFFECTS, prompts: [{ promptId, outcome: { kind: "snoozed", until } }] },
      };
    },

    awayForm(caller, promptId, now) {
      const o = ownedPrompt(caller, promptId, now);
      const today = localDate(o.zone, now);
      const until =
        o.member.awayUntil !== null && o.member.awayUntil >= today ? o.member.awayUntil : null;
      return { promptId, partnershipName: o.scope.partnership.name, today, until };
    },

    awayFromPrompt(caller, promptId, raw, now) {
      const o = ownedPrompt(caller, promptId, now);
      const until = parseUntil(raw, o.zone, now);
      const applied = kit.transaction(() => applyAway(o.scope, o.member, until, now, promptId));
      announce(kit, o.scope, withCoordinators(kit, o.scope, o.member.slackUserId));
      return {
        until,
        partnerships: [
          { name: o.scope.partnership.name, channelId: o.scope.partnership.channelId },
        ],
        skippedPrompts: applied.skipped,
        effects: awayEffects(until, applied.shown),
      };
    },

    away(caller, raw, now) {
      const scopes = isDirectMessage(caller.channelId)
        ? context.scopesOf(caller.teamId, caller.userId, now)
        : [context.scope(caller, now)];
      if (scopes.length === 0) context.scope(caller, now); // throws what to do
      const memberships = scopes.flatMap((s) =>
        s.member === undefined ? [] : [{ scope: s, member: s.member }],
      );
      const first = memberships[0];
      if (first === undefined) {
        throw new DomainError(
          "forbidden",
          "You are not a member of this partnership, so you have no check-ins to pause.",
        );
      }
      const until =
        raw === null
          ? null
          : parseUntil(raw, ownerZone(first.member, first.scope.partnership), now);
      const applied = kit.transaction(() =>
        memberships.map(({ scope, member }) => applyAway(scope, member, until, now)),
      );
      for (const { scope, member } of memberships) {
        announce(kit, scope, withCoordinators(kit, scope, member.slackUserId));
      }
      return {
        until,
        partnerships: memberships.map(({ scope }) => ({
          name: scope.partnership.name,
          channelId: scope.partnership.channelId,
        })),
        skippedPrompts: applied.reduce((n, a) => n + a.skipped, 0),
        effects: awayEffects(
          until,
          applied.flatMap((a) => a.shown),
        ),
      };
    },

    deliver(effects) {
      return deliverEffects(kit, effects);
    },
  };
}
