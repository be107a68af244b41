/**
 * The weekly digest as plain data: what the whole partnership reads once a week. Pure: the rows
 * come from `gatherDigestInput` (src/db/repositories/digestData.ts), the time from the window;
 * nothing here reads the clock or the database.
 *
 * The week: a digest is posted at its slot (`digestSlot`: the partnership's weekday and local
 * time in its zone) and covers the week before it, [previous slot, this slot). `digestWindow`
 * computes it, with the eight weekly windows of the status history (oldest first, the last one
 * being the digest's own week) and the local date of the window's end (for decisions due).
 *
 * Rules (instants are compared with half-open windows [start, end) everywhere):
 * - Status of a commitment "as of" an instant t: its newest check-in (by createdAt, then id)
 *   created before t; a commitment without any check-in row falls back on its own
 *   `currentStatus`, known from `lastCheckInAt` (else `createdAt`), as the overview does. Its
 *   current status is the same with no bound.
 * - Progress: the commitment's `progress` column (the last value reported), else the newest
 *   check-in that has one. It is a percent 0-100, unless exactly one of the commitment's active
 *   objectives has an indicator (the check-in modal's rule): then it is that indicator's value.
 *   Progress toward target is a fraction 0..1 (clamped): percent / 100, or
 *   (value - baseline) / (target - baseline) with a missing baseline read as 0; null when there
 *   is no value, no target, or target = baseline.
 * - Objective roll-up: the mean of its active commitments' progress toward target (those that
 *   have one; null if none), with the number measured and the counts by current status.
 * - Changes in the window, among commitments active at the window's end: newly at risk / off
 *   track = at risk or off track at the end, and at the start none, on track, done, or less
 *   severe (at_risk -> off_track counts, off_track -> at_risk does not); recovered = at risk or
 *   off track at the start, on track at the end. Done = closed (not dropped) in the window, or a
 *   done check-in created in it. New = created in the window (dropped ones left out).
 * - Gaps: active objectives no active commitment serves; organizations (not removed) with no
 *   active commitment; active commitments linked to no active objective (a link to a retired
 *   objective serves nothing any more).
 * - Participation, by the commitment's organization, over prompts due in the window: sent =
 *   state sent, answered or failed, or answered at all; answered = `answeredAt` set; away =
 *   skipped and never answered (left out of both). Pending and sending prompts are not counted.
 *   Listed: organizations not removed, and removed ones that had prompts. Silent owners come
 *   from `silentOwners` of the overview repository (the same rule), two or more periods.
 * - Blockers: open ones oldest first with their age in whole days at `now`; helpers are the
 *   recorded helper then everyone in the `blocker.help` audit entries, deduplicated in order;
 *   escalated = open with escalationLevel > 0; newly resolved = resolved in the window.
 * - Learnings: check-ins created in the window with a non-blank learning.
 * - Decisions: open ones whose due date is on or before the window's end date in the
 *   partnership's zone (`overdue` when before it); `openTotal` counts every open decision.
 * - History: for each of the eight weeks, the commitments active at the week's end by their
 *   status as of that end (on_track, at_risk, off_track, done, none = no check-in yet), plus the
 *   commitments closed (not dropped) during that week, counted as done. A commitment is active at
 *   t when created before t and not closed (or dropped) before t.
 */
import { tzOffset } from "@date-fns/tz";
import { type DigestSpec, digestSlot } from "./schedule.js";
import type {
  BlockerState,
  CommitmentState,
  DecisionState,
  ObjectiveState,
  PromptState,
  Sector,
  Status,
  Weekday,
} from "./types.js";

/** Weeks in the status history (the chart). */
export const HISTORY_WEEKS = 8;
/** Periods in a row without an answer that make an owner "silent" in the digest. */
export const SILENT_PERIODS = 2;

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

// ---- the window ---------------------------------------------------------------------------

/** One week: [start, end), named by the digest slot that ends it. */
export interface WeekWindow {
  readonly start: number;
  readonly end: number;
  /** The `D:YYYY-Www` key of the digest posted at `end`. */
  readonly periodKey: string;
}

/** The week a digest covers, plus what the rest of the model needs to know about time. */
export interface DigestWindow extends WeekWindow {
  /** "YYYY-MM-DD": the local date of `end` in the partnership's zone. */
  readonly endDate: string;
  /** The last HISTORY_WEEKS weeks, oldest first; the last one is [start, end) itself. */
  readonly weeks: readonly WeekWindow[];
}

/** The local calendar date of `instant` in `zone`, "YYYY-MM-DD". */
export function localDateOf(zone: string, instant: number): string {
  const offset = tzOffset(zone, new Date(instant)) * MS_PER_MINUTE;
  return new Date(instant + offset).toISOString().slice(0, 10);
}

/**
 * The week of the latest digest slot at or before `now`: [previous slot, that slot), with the
 * eight weeks of history ending at it. Slots are wall-clock times in the zone, so a week across a
 * daylight-saving change is 167 or 169 hours long.
 */
export function digestWindow(spec: DigestSpec, now: number): DigestWindow {
  const slots = [digestSlot(spec, now)];
  for (let i = 0; i < HISTORY_WEEKS; i++) {
    const earliest = slots[0];
    if (earliest === undefined) break;
    slots.unshift(digestSlot(spec, earliest.at - 1));
  }
  const weeks: WeekWindow[] = [];
  for (let i = 1; i < slots.length; i++) {
    const from = slots[i - 1];
    const to = slots[i];
    if (from !== undefined && to !== undefined) {
      weeks.push({ start: from.at, end: to.at, periodKey: to.periodKey });
    }
  }
  const last = weeks[weeks.length - 1] as WeekWindow;
  return { ...last, endDate: localDateOf(spec.zone, last.end), weeks };
}

/** The digest schedule of a partnership row. */
export function digestSpecOf(p: {
  readonly digestWeekday: number;
  readonly digestTime: string;
  readonly timeZone: string;
}): DigestSpec {
  return { weekday: p.digestWeekday as Weekday, localTime: p.digestTime, zone: p.timeZone };
}

// ---- the input: plain rows ------------------------------------------------------------------

export interface DigestPartnershipRow {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
  readonly timeZone: string;
}

export interface DigestOrganizationRow {
  readonly id: number;
  readonly name: string;
  readonly sector: Sector;
  readonly removedAt: number | null;
}

export interface DigestMemberRow {
  readonly id: number;
  readonly slackUserId: string;
  readonly displayName: string | null;
  readonly organizationId: number | null;
  readonly removedAt: number | null;
}

export interface DigestObjectiveRow {
  readonly id: number;
  readonly title: string;
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
  readonly targetDate: string | null;
  readonly state: ObjectiveState;
}

export interface DigestCommitmentRow {
  readonly id: number;
  readonly title: string;
  readonly organizationId: number;
  readonly ownerMemberId: number;
  readonly state: CommitmentState;
  readonly dueDate: string | null;
  readonly currentStatus: Status | null;
  readonly progress: number | null;
  readonly lastCheckInAt: number | null;
  readonly createdAt: number;
  readonly closedAt: number | null;
}

export interface DigestLinkRow {
  readonly commitmentId: number;
  readonly objectiveId: number;
}

export interface DigestCheckInRow {
  readonly id: number;
  readonly commitmentId: number;
  readonly authorMemberId: number;
  readonly status: Status;
  readonly progress: number | null;
  readonly learning: string | null;
  readonly createdAt: number;
}

export interface DigestPromptRow {
  readonly commitmentId: number;
  readonly state: PromptState;
  readonly dueAt: number;
  readonly answeredAt: number | null;
}

export interface DigestSilentOwnerRow {
  readonly memberId: number;
  readonly silentPeriods: number;
  readonly silentCommitments: number;
}

export interface DigestBlockerRow {
  readonly id: number;
  readonly commitmentId: number;
  readonly text: string;
  readonly raisedByMemberId: number;
  readonly couldHelpUserId: string | null;
  readonly couldHelpOrganizationId: number | null;
  readonly helperMemberId: number | null;
  readonly state: BlockerState;
  readonly escalationLevel: number;
  readonly lastEscalatedAt: number | null;
  readonly resolvedByMemberId: number | null;
  readonly resolvedAt: number | null;
  readonly resolution: string | null;
  readonly createdAt: number;
}

/** One `blocker.help` audit entry: a Slack user who offered help. */
export interface DigestHelperRow {
  readonly blockerId: number;
  readonly userId: string;
}

export interface DigestDecisionRow {
  readonly id: number;
  readonly text: string;
  readonly ownerMemberId: number | null;
  readonly dueDate: string | null;
  readonly state: DecisionState;
  readonly createdAt: number;
}

/**
 * Everything the digest is computed from, one array per table. What `gatherDigestInput` returns:
 * - commitments: all of the partnership's;
 * - checkIns: those created from the first history week's start on, plus each commitment's
 *   newest one before it (its status when the history begins), oldest first;
 * - prompts: those due in the window; blockers: open ones and those resolved in the window;
 *   helpers: the `blocker.help` entries of those blockers, in order; decisions: open ones.
 */
export interface DigestInput {
  /** When the input was gathered: ages are measured to it. */
  readonly now: number;
  readonly partnership: DigestPartnershipRow;
  readonly organizations: readonly DigestOrganizationRow[];
  readonly members: readonly DigestMemberRow[];
  readonly objectives: readonly DigestObjectiveRow[];
  readonly commitments: readonly DigestCommitmentRow[];
  readonly links: readonly DigestLinkRow[];
  readonly checkIns: readonly DigestCheckInRow[];
  readonly prompts: readonly DigestPromptRow[];
  readonly silentOwners: readonly DigestSilentOwnerRow[];
  readonly blockers: readonly DigestBlockerRow[];
  readonly helpers: readonly DigestHelperRow[];
  readonly decisions: readonly DigestDecisionRow[];
}

// ---- the model ------------------------------------------------------------------------------

/** A status, or "none" before the first check-in. */
export type StatusKey = Status | "none";
export const STATUS_KEYS = ["on_track", "at_risk", "off_track", "done", "none"] as const;

export type StatusCounts = { readonly [K in StatusKey]: number };

export interface PersonRef {
  readonly memberId: number;
  readonly slackUserId: string;
  readonly displayName: string | null;
}

export interface CommitmentRef {
  readonly id: number;
  readonly title: string;
  readonly organizationId: number;
  readonly organizationName: string;
  readonly owner: PersonRef;
}

/** How a commitment's progress is measured. */
export type ProgressMeasure =
  | { readonly kind: "percent" }
  | {
      readonly kind: "indicator";
      readonly objectiveId: number;
      readonly indicator: string;
      readonly unit: string | null;
      readonly baseline: number | null;
      readonly target: number | null;
    };

export interface CommitmentProgress extends CommitmentRef {
  readonly status: Status | null;
  readonly dueDate: string | null;
  /** The last value reported: a percent, or the indicator's value (see `measure`). */
  readonly progress: number | null;
  readonly measure: ProgressMeasure;
  /** 0..1, or null when it cannot be told. */
  readonly towardTarget: number | null;
}

export interface ObjectiveProgress {
  readonly id: number;
  readonly title: string;
  readonly indicator: string | null;
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
  readonly targetDate: string | null;
  /** Its active commitments, by id. */
  readonly commitments: readonly CommitmentProgress[];
  readonly rollUp: {
    /** Mean progress toward target (0..1) of the commitments that have one; null if none. */
    readonly towardTarget: number | null;
    /** How many commitments the mean is over. */
    readonly measured: number;
    readonly counts: StatusCounts;
  };
}

export interface StatusChange extends CommitmentRef {
  readonly from: StatusKey;
  readonly to: Status;
}

export interface DoneChange extends CommitmentRef {
  /** When it was closed (or the done check-in, when not closed). */
  readonly at: number;
}

export interface NewCommitment extends CommitmentRef {
  readonly createdAt: number;
}

export interface Changes {
  readonly newlyAtRisk: readonly StatusChange[];
  readonly recovered: readonly StatusChange[];
  readonly done: readonly DoneChange[];
  readonly created: readonly NewCommitment[];
}

export interface Gaps {
  readonly objectivesWithoutCommitments: readonly { readonly id: number; readonly title: string }[];
  readonly organizationsWithoutCommitments: readonly {
    readonly id: number;
    readonly name: string;
    readonly sector: Sector;
  }[];
  readonly commitmentsWithoutObjectives: readonly CommitmentRef[];
}

export interface OrganizationParticipation {
  readonly organizationId: number;
  readonly organizationName: string;
  readonly sent: number;
  readonly answered: number;
  /** Prompts skipped while the owner was away: in neither count. */
  readonly away: number;
  /** answered / sent, null when nothing was sent. */
  readonly rate: number | null;
}

export interface SilentOwnerLine extends PersonRef {
  readonly organizationId: number | null;
  readonly organizationName: string | null;
  readonly silentPeriods: number;
  readonly silentCommitments: number;
}

export interface Participation {
  readonly organizations: readonly OrganizationParticipation[];
  readonly total: { readonly sent: number; readonly answered: number; readonly away: number };
  readonly silentOwners: readonly SilentOwnerLine[];
}

export type CouldHelpRef =
  | { readonly userId: string }
  | { readonly organizationId: number; readonly organizationName: string }
  | null;

export interface OpenBlockerLine {
  readonly id: number;
  readonly text: string;
  readonly commitment: CommitmentRef;
  readonly raisedByUserId: string | null;
  readonly createdAt: number;
  /** Whole days from creation to `now`. */
  readonly ageDays: number;
  readonly couldHelp: CouldHelpRef;
  /** Slack user ids of everyone who offered help, first offer first. */
  readonly helperUserIds: readonly string[];
  readonly escalationLevel: number;
}

export interface ResolvedBlockerLine {
  readonly id: number;
  readonly text: string;
  readonly commitment: CommitmentRef;
  readonly resolvedAt: number;
  readonly resolvedByUserId: string | null;
  readonly resolution: string | null;
  readonly helperUserIds: readonly string[];
}

export interface BlockerSection {
  /** Oldest first. */
  readonly open: readonly OpenBlockerLine[];
  /** Open ones with escalationLevel > 0, oldest first (also in `open`). */
  readonly escalated: readonly OpenBlockerLine[];
  /** Resolved in the window, in order. */
  readonly resolved: readonly ResolvedBlockerLine[];
}

export interface LearningLine {
  readonly checkInId: number;
  readonly commitment: CommitmentRef;
  readonly author: PersonRef | null;
  readonly text: string;
  readonly at: number;
}

export interface DecisionLine {
  readonly id: number;
  readonly text: string;
  readonly owner: PersonRef | null;
  readonly dueDate: string;
  /** Due before the window's end date (not merely on it). */
  readonly overdue: boolean;
}

export interface HistoryWeek extends WeekWindow {
  readonly counts: StatusCounts;
  readonly total: number;
}

export interface DigestHeadline {
  readonly activeCommitments: number;
  readonly byStatus: StatusCounts;
  readonly openBlockers: number;
  readonly escalatedBlockers: number;
  readonly gaps: number;
  readonly answered: number;
  readonly sent: number;
}

export interface Digest {
  readonly partnershipId: number;
  readonly partnershipName: string;
  readonly channelId: string;
  readonly window: {
    readonly start: number;
    readonly end: number;
    readonly periodKey: string;
    readonly endDate: string;
  };
  readonly generatedAt: number;
  readonly headline: DigestHeadline;
  /** Active objectives, by id. */
  readonly objectives: readonly ObjectiveProgress[];
  readonly changes: Changes;
  readonly gaps: Gaps;
  readonly participation: Participation;
  readonly blockers: BlockerSection;
  /** Oldest first. */
  readonly learnings: readonly LearningLine[];
  readonly decisions: { readonly due: readonly DecisionLine[]; readonly openTotal: number };
  /** HISTORY_WEEKS weeks, oldest first. */
  readonly history: readonly HistoryWeek[];
}

// ---- computing ------------------------------------------------------------------------------

export function emptyCounts(): { [K in StatusKey]: number } {
  return { on_track: 0, at_risk: 0, off_track: 0, done: 0, none: 0 };
}

const SEVERITY: Readonly<Record<StatusKey, number>> = {
  none: 0,
  done: 0,
  on_track: 0,
  at_risk: 1,
  off_track: 2,
};

const isTroubled = (s: StatusKey): s is "at_risk" | "off_track" =>
  s === "at_risk" || s === "off_track";

const within = (t: number | null, w: { start: number; end: number }): t is number =>
  t !== null && t >= w.start && t < w.end;

const byIdAsc = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** Progress toward target, 0..1 (clamped), or null. */
export function towardTarget(progress: number | null, measure: ProgressMeasure): number | null {
  if (progress === null || !Number.isFinite(progress)) return null;
  let fraction: number;
  if (measure.kind === "percent") {
    fraction = progress / 100;
  } else {
    if (measure.target === null) return null;
    const baseline = measure.baseline ?? 0;
    if (measure.target === baseline) return null;
    fraction = (progress - baseline) / (measure.target - baseline);
  }
  return Math.min(1, Math.max(0, fraction));
}

/**
 * Computes the digest of one week from its input rows. Pure and deterministic: the same input
 * and window give the same digest.
 */
export function buildDigest(input: DigestInput, window: DigestWindow): Digest {
  const orgs = new Map(input.organizations.map((o) => [o.id, o]));
  const people = new Map(input.members.map((m) => [m.id, m]));
  const objectives = new Map(input.objectives.map((o) => [o.id, o]));
  const commitments = [...input.commitments].sort(byIdAsc);
  const commitmentById = new Map(commitments.map((c) => [c.id, c]));

  const personRef = (memberId: number | null): PersonRef | null => {
    if (memberId === null) return null;
    const m = people.get(memberId);
    return m === undefined
      ? null
      : { memberId: m.id, slackUserId: m.slackUserId, displayName: m.displayName };
  };
  const refOf = (c: DigestCommitmentRow): CommitmentRef => ({
    id: c.id,
    title: c.title,
    organizationId: c.organizationId,
    organizationName: orgs.get(c.organizationId)?.name ?? "?",
    owner: personRef(c.ownerMemberId) ?? {
      memberId: c.ownerMemberId,
      slackUserId: "",
      displayName: null,
    },
  });

  // Objective links of each commitment (only to objectives of this partnership).
  const linksOf = new Map<number, number[]>();
  for (const link of input.links) {
    if (!objectives.has(link.objectiveId) || !commitmentById.has(link.commitmentId)) continue;
    const list = linksOf.get(link.commitmentId) ?? [];
    if (!list.includes(link.objectiveId)) list.push(link.objectiveId);
    linksOf.set(link.commitmentId, list);
  }
  const activeObjectivesOf = (commitmentId: number): DigestObjectiveRow[] =>
    (linksOf.get(commitmentId) ?? [])
      .map((id) => objectives.get(id))
      .filter((o): o is DigestObjectiveRow => o !== undefined && o.state === "active")
      .sort(byIdAsc);

  // Check-ins of each commitment, oldest first.
  const checkInsOf = new Map<number, DigestCheckInRow[]>();
  for (const ci of [...input.checkIns].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    const list = checkInsOf.get(ci.commitmentId) ?? [];
    list.push(ci);
    checkInsOf.set(ci.commitmentId, list);
  }

  /** The status as of just before `t` (Infinity: now). */
  const statusAt = (c: DigestCommitmentRow, t: number): Status | null => {
    const list = checkInsOf.get(c.id);
    if (list === undefined || list.length === 0) {
      const known = c.lastCheckInAt ?? c.createdAt;
      return c.currentStatus !== null && known < t ? c.currentStatus : null;
    }
    let status: Status | null = null;
    for (const ci of list) {
      if (ci.createdAt >= t) break;
      status = ci.status;
    }
    return status;
  };
  const keyOf = (s: Status | null): StatusKey => s ?? "none";

  const activeAt = (c: DigestCommitmentRow, t: number): boolean =>
    c.createdAt < t && (c.closedAt === null ? c.state === "active" : c.closedAt >= t);

  const measureOf = (c: DigestCommitmentRow): ProgressMeasure => {
    const withIndicator = activeObjectivesOf(c.id).filter(
      (o) => o.indicator !== null && o.indicator.trim() !== "",
    );
    const only = withIndicator.length === 1 ? withIndicator[0] : undefined;
    if (only === undefined || only.indicator === null) return { kind: "percent" };
    return {
      kind: "indicator",
      objectiveId: only.id,
      indicator: only.indicator,
      unit: only.unit,
      baseline: only.baseline,
      target: only.target,
    };
  };
  const progressOf = (c: DigestCommitmentRow): number | null => {
    if (c.progress !== null) return c.progress;
    const list = checkInsOf.get(c.id) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i]?.progress;
      if (p !== null && p !== undefined) return p;
    }
    return null;
  };

  // ---- current state: active commitments and objectives ----
  const active = commitments.filter((c) => c.state === "active");
  const current = new Map<number, CommitmentProgress>();
  const byStatus = emptyCounts();
  for (const c of active) {
    const measure = measureOf(c);
    const progress = progressOf(c);
    const status = statusAt(c, Number.POSITIVE_INFINITY);
    byStatus[keyOf(status)]++;
    current.set(c.id, {
      ...refOf(c),
      status,
      dueDate: c.dueDate,
      progress,
      measure,
      towardTarget: towardTarget(progress, measure),
    });
  }

  const activeObjectives = [...input.objectives].filter((o) => o.state === "active").sort(byIdAsc);
  const objectiveLines: ObjectiveProgress[] = activeObjectives.map((o) => {
    const lines = active
      .filter((c) => (linksOf.get(c.id) ?? []).includes(o.id))
      .map((c) => current.get(c.id) as CommitmentProgress);
    const counts = emptyCounts();
    for (const line of lines) counts[keyOf(line.status)]++;
    const measured = lines.map((line) => line.towardTarget).filter((x): x is number => x !== null);
    return {
      id: o.id,
      title: o.title,
      indicator: o.indicator,
      unit: o.unit,
      baseline: o.baseline,
      target: o.target,
      targetDate: o.targetDate,
      commitments: lines,
      rollUp: {
        towardTarget:
          measured.length === 0 ? null : measured.reduce((a, b) => a + b, 0) / measured.length,
        measured: measured.length,
        counts,
      },
    };
  });

  // ---- changes in the window ----
  const newlyAtRisk: StatusChange[] = [];
  const recovered: StatusChange[] = [];
  for (const c of commitments) {
    if (!activeAt(c, window.end)) continue;
    const from = keyOf(statusAt(c, window.start));
    const to = statusAt(c, window.end);
    if (to === null) continue;
    if (isTroubled(to) && SEVERITY[to] > SEVERITY[from]) {
      newlyAtRisk.push({ ...refOf(c), from, to });
    } else if (isTroubled(from) && to === "on_track") {
      recovered.push({ ...refOf(c), from, to });
    }
  }
  const done: DoneChange[] = [];
  for (const c of commitments) {
    if (c.state === "dropped") continue;
    const closedInWindow = c.state === "closed" && within(c.closedAt, window);
    const doneCheckIn = (checkInsOf.get(c.id) ?? []).find(
      (ci) => ci.status === "done" && within(ci.createdAt, window),
    );
    if (closedInWindow) done.push({ ...refOf(c), at: c.closedAt as number });
    else if (doneCheckIn !== undefined) done.push({ ...refOf(c), at: doneCheckIn.createdAt });
  }
  done.sort((a, b) => a.at - b.at || a.id - b.id);
  const created: NewCommitment[] = commitments
    .filter((c) => c.state !== "dropped" && within(c.createdAt, window))
    .map((c) => ({ ...refOf(c), createdAt: c.createdAt }));

  // ---- alignment gaps ----
  const served = new Set<number>();
  for (const c of active) for (const id of linksOf.get(c.id) ?? []) served.add(id);
  const orgsWithWork = new Set(active.map((c) => c.organizationId));
  const gaps: Gaps = {
    objectivesWithoutCommitments: activeObjectives
      .filter((o) => !served.has(o.id))
      .map((o) => ({ id: o.id, title: o.title })),
    organizationsWithoutCommitments: [...input.organizations]
      .filter((o) => o.removedAt === null && !orgsWithWork.has(o.id))
      .sort(byName)
      .map((o) => ({ id: o.id, name: o.name, sector: o.sector })),
    commitmentsWithoutObjectives: active
      .filter((c) => activeObjectivesOf(c.id).length === 0)
      .map(refOf),
  };

  // ---- participation ----
  const tally = new Map<number, { sent: number; answered: number; away: number }>();
  const total = { sent: 0, answered: 0, away: 0 };
  for (const p of input.prompts) {
    if (!within(p.dueAt, window)) continue;
    const c = commitmentById.get(p.commitmentId);
    if (c === undefined) continue;
    const t = tally.get(c.organizationId) ?? { sent: 0, answered: 0, away: 0 };
    const answered = p.answeredAt !== null;
    if (answered || p.state === "sent" || p.state === "answered" || p.state === "failed") {
      t.sent++;
      total.sent++;
      if (answered) {
        t.answered++;
        total.answered++;
      }
    } else if (p.state === "skipped") {
      t.away++;
      total.away++;
    }
    tally.set(c.organizationId, t);
  }
  const participationOrgs: OrganizationParticipation[] = [...input.organizations]
    .filter((o) => {
      const t = tally.get(o.id);
      return o.removedAt === null || (t !== undefined && t.sent + t.away > 0);
    })
    .sort(byName)
    .map((o) => {
      const t = tally.get(o.id) ?? { sent: 0, answered: 0, away: 0 };
      return {
        organizationId: o.id,
        organizationName: o.name,
        ...t,
        rate: t.sent === 0 ? null : t.answered / t.sent,
      };
    });
  const silentOwners: SilentOwnerLine[] = input.silentOwners
    .filter((s) => s.silentPeriods >= SILENT_PERIODS)
    .flatMap((s) => {
      const m = people.get(s.memberId);
      if (m === undefined || m.removedAt !== null) return [];
      const org = m.organizationId === null ? undefined : orgs.get(m.organizationId);
      return [
        {
          memberId: m.id,
          slackUserId: m.slackUserId,
          displayName: m.displayName,
          organizationId: org?.id ?? null,
          organizationName: org?.name ?? null,
          silentPeriods: s.silentPeriods,
          silentCommitments: s.silentCommitments,
        },
      ];
    });

  // ---- blockers ----
  const helpersOf = new Map<number, string[]>();
  for (const h of input.helpers) {
    const list = helpersOf.get(h.blockerId) ?? [];
    list.push(h.userId);
    helpersOf.set(h.blockerId, list);
  }
  const helperIds = (b: DigestBlockerRow): string[] => {
    const first = personRef(b.helperMemberId)?.slackUserId;
    return [...new Set([...(first === undefined ? [] : [first]), ...(helpersOf.get(b.id) ?? [])])];
  };
  const blockerRows = [...input.blockers].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const open: OpenBlockerLine[] = [];
  const resolved: ResolvedBlockerLine[] = [];
  for (const b of blockerRows) {
    const c = commitmentById.get(b.commitmentId);
    if (c === undefined) continue;
    if (b.state === "open") {
      const org =
        b.couldHelpOrganizationId === null ? undefined : orgs.get(b.couldHelpOrganizationId);
      open.push({
        id: b.id,
        text: b.text,
        commitment: refOf(c),
        raisedByUserId: personRef(b.raisedByMemberId)?.slackUserId ?? null,
        createdAt: b.createdAt,
        ageDays: Math.max(0, Math.floor((input.now - b.createdAt) / MS_PER_DAY)),
        couldHelp:
          b.couldHelpUserId !== null
            ? { userId: b.couldHelpUserId }
            : org !== undefined
              ? { organizationId: org.id, organizationName: org.name }
              : null,
        helperUserIds: helperIds(b),
        escalationLevel: b.escalationLevel,
      });
    } else if (within(b.resolvedAt, window)) {
      resolved.push({
        id: b.id,
        text: b.text,
        commitment: refOf(c),
        resolvedAt: b.resolvedAt,
        resolvedByUserId: personRef(b.resolvedByMemberId)?.slackUserId ?? null,
        resolution: b.resolution,
        helperUserIds: helperIds(b),
      });
    }
  }
  resolved.sort((a, b) => a.resolvedAt - b.resolvedAt || a.id - b.id);

  // ---- learnings and decisions ----
  const learnings: LearningLine[] = [];
  for (const ci of [...input.checkIns].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    const text = ci.learning?.trim() ?? "";
    const c = commitmentById.get(ci.commitmentId);
    if (text === "" || c === undefined || !within(ci.createdAt, window)) continue;
    learnings.push({
      checkInId: ci.id,
      commitment: refOf(c),
      author: personRef(ci.authorMemberId),
      text,
      at: ci.createdAt,
    });
  }
  const openDecisions = input.decisions.filter((d) => d.state === "open");
  const due: DecisionLine[] = openDecisions
    .filter((d): d is DigestDecisionRow & { dueDate: string } => d.dueDate !== null)
    .filter((d) => d.dueDate <= window.endDate)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id))
    .map((d) => ({
      id: d.id,
      text: d.text,
      owner: personRef(d.ownerMemberId),
      dueDate: d.dueDate,
      overdue: d.dueDate < window.endDate,
    }));

  // ---- history ----
  const history: HistoryWeek[] = window.weeks.map((w) => {
    const counts = emptyCounts();
    for (const c of commitments) {
      if (activeAt(c, w.end)) counts[keyOf(statusAt(c, w.end))]++;
      else if (c.state === "closed" && within(c.closedAt, w)) counts.done++;
    }
    const sum = STATUS_KEYS.reduce((n, k) => n + counts[k], 0);
    return { start: w.start, end: w.end, periodKey: w.periodKey, counts, total: sum };
  });

  const escalated = open.filter((b) => b.escalationLevel > 0);
  return {
    partnershipId: input.partnership.id,
    partnershipName: input.partnership.name,
    channelId: input.partnership.channelId,
    window: {
      start: window.start,
      end: window.end,
      periodKey: window.periodKey,
      endDate: window.endDate,
    },
    generatedAt: input.now,
    headline: {
      activeCommitments: active.length,
      byStatus,
      openBlockers: open.length,
      escalatedBlockers: escalated.length,
      gaps:
        gaps.objectivesWithoutCommitments.length +
        gaps.organizationsWithoutCommitments.length +
        gaps.commitmentsWithoutObjectives.length,
      answered: total.answered,
      sent: total.sent,
    },
    objectives: objectiveLines,
    changes: { newlyAtRisk, recovered, done, created },
    gaps,
    participation: { organizations: participationOrgs, total, silentOwners },
    blockers: { open, escalated, resolved },
    learnings,
    decisions: { due, openTotal: openDecisions.length },
    history,
  };
}

function byName(a: { name: string; id: number }, b: { name: string; id: number }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}
