/**
 * The weekly digest as plain data: what the whole partnership reads once a week. Pure: the rows
 * come from `gatherDigestInput` (src/db/repositories/digestData.ts), the time from the window;
 * nothing here reads the clock or the database.
 *
 * The week (docs/definitions.md, "A digest's window"): a digest posted at its slot
 * (`digestSlot`: the partnership's weekday and local time in its zone) covers the seven local
 * days before the slot's date, or the days since the previous digest's window ended when the
 * digest day was moved (`digestWindow`); a preview, the next digest's days so far
 * (`previewWindow`). One window for every figure, known as of `window.asOf`: check-ins, answers
 * and closures written at or after it are left out.
 *
 * Rules (instants are compared with half-open windows [start, end) everywhere):
 * - A check-in counts from `countsAt`: the start of the period it answers (its prompt's slot),
 *   or when it was given if that is earlier or it has no prompt. So a late answer counts in the
 *   week it answers for.
 * - Status of a commitment "as of" an instant t: its last check-in (by `countsAt`, then
 *   createdAt, then id) counting before t; a commitment without any check-in row falls back on
 *   its own `currentStatus`, known from `lastCheckInAt` (else `createdAt`), as the overview does.
 *   The headline, the objectives and the chart's last bar are the statuses at the window's end,
 *   among commitments active then.
 * - A commitment's own progress: the commitment's `progress` column (the last value reported),
 *   else the newest check-in that has one; a percent, or the value of its one measured
 *   objective's indicator (`progressMeasureOf`, the check-in modal's rule). Shown as it is, never
 *   turned into a share of an objective's way (docs/definitions.md).
 * - An objective's indicator value: the latest value reported (`latestReport`: newest check-in,
 *   ties by id) by any commitment whose progress measures that objective's indicator, whatever
 *   the commitment's state now; never an average. A commitment with a value but no check-in row
 *   carrying it (an import) reports it at its last check-in (else its creation). The way to the
 *   target is `wayOf(value, baseline, target)`. Objectives without an indicator have no value:
 *   their line is the counts of their active commitments by current status.
 * - Changes: every status move reported in this digest (`reportedIn`: counting in the window,
 *   or a late check-in for an earlier week given after that week's digest), per commitment as a
 *   path of statuses, with a closure as done in the window as a move to done; sorted worse,
 *   done, better, moved and back, first check-in. New = created in the window (dropped ones left
 *   out).
 * - Gaps: `alignmentGaps` (./gaps.ts) of these rows and the silent owners below: the same model
 *   `/poc status`, the agenda and the App Home show; the headline counts its total.
 * - Participation, by the commitment's organization, over prompts due in the window: sent =
 *   state sent, answered or failed, or answered at all; answered = `answeredAt` before asOf; away =
 *   skipped and never answered (left out of both). Pending and sending prompts are not counted.
 *   Listed: organizations not removed, and removed ones that had prompts. Silent owners come
 *   from `silentOwners` of the overview repository (the same rule, docs/definitions.md), at the
 *   partnership's own threshold.
 * - Blockers: open ones oldest first with their age in whole days at `now`; helpers are the
 *   recorded helper then everyone in the `blocker.help` audit entries, deduplicated in order;
 *   escalated = open with escalationLevel > 0; newly resolved = resolved in the window.
 * - Learnings: check-ins reported in this digest (`reportedIn`) with a non-blank learning.
 * - Decisions: open ones whose due date is on or before the window's end date in the
 *   partnership's zone (`overdue` when before it); `openTotal` counts every open decision.
 * - History: from the partnership's first week, at most eight weeks ending with the window; per
 *   week the commitments active at the week's end by their
 *   status as of that end (on_track, at_risk, off_track, done, none = no check-in yet), plus the
 *   commitments closed (not dropped) during that week, counted as done. A commitment is active at
 *   t when created before t and not closed (or dropped) before t.
 */
import { type AlignmentGaps, alignmentGaps } from "./gaps.js";
import {
  type IndicatorReport,
  latestReport,
  type ProgressMeasure,
  progressMeasureOf,
  type Way,
  wayOf,
} from "./progress.js";
import {
  addCalendarDays,
  type DigestSlot,
  type DigestSpec,
  digestSlot,
  isoWeekOf,
  localDate,
  nextDigestSlot,
  parseLocalTime,
  startOfLocalDate,
  zonedInstant,
} from "./schedule.js";
import {
  type BlockerState,
  type CommitmentState,
  type DecisionState,
  emptyStatusCounts,
  type ObjectiveState,
  type PromptState,
  type Sector,
  STATUS_KEYS,
  type Status,
  type StatusCounts,
  type StatusKey,
  type Weekday,
} from "./types.js";

/** Weeks in the status history (the chart), at most: it starts at the partnership's first week. */
export const HISTORY_WEEKS = 8;

const MS_PER_DAY = 86_400_000;

// ---- the window ---------------------------------------------------------------------------

/**
 * Calendar days in the partnership's zone: [start, end) from a local midnight to a local
 * midnight, so its label ("30 Nov - 6 Dec") says exactly which moments it holds.
 */
export interface WeekWindow {
  readonly start: number;
  readonly end: number;
  /** "YYYY-MM-DD": its first local date. */
  readonly firstDate: string;
  /** "YYYY-MM-DD": its last local date (included). */
  readonly lastDate: string;
  /** The ISO week of its last date, "2026-W49": a Monday digest's week is exactly that week. */
  readonly isoWeek: string;
}

/**
 * What one digest covers (docs/definitions.md, "A digest's window"). A digest posted at its slot
 * covers the seven local days before the slot's date; a preview covers the days of the next
 * digest's window so far. Every figure of a digest is computed over this one window, as known at
 * `asOf`.
 */
export interface DigestWindow extends WeekWindow {
  /** The `digests` row key: `D:` and the local date of the slot that posts it. */
  readonly periodKey: string;
  /** True for a preview before the window's last day is over: `end` is then the preview's now. */
  readonly partial: boolean;
  /**
   * True when the window does not start seven days before the slot's date but where the
   * previous digest's ended (the digest day was moved, or a slot was missed).
   */
  readonly sinceLastDigest: boolean;
  /**
   * What the digest knows: rows written at or after it are left out, so a digest built again
   * later (a retry, `/poc digest post`) says the same. The slot for a posted digest, now for a
   * preview.
   */
  readonly asOf: number;
  /**
   * What the previous digest knew (its slot): a check-in given at or after it for a week before
   * this window was not in the previous digest, so this one reports its status move (late).
   */
  readonly seenFrom: number;
  /** "YYYY-MM-DD": the local date at `asOf`; decisions due on or before it are listed. */
  readonly endDate: string;
  /** The last HISTORY_WEEKS weeks, oldest first; the last one is [start, end) itself. */
  readonly weeks: readonly WeekWindow[];
}

/** The calendar week ending on the local date before `endDate` (its midnight is the end). */
function weekBefore(zone: string, endDate: string): WeekWindow {
  const firstDate = addCalendarDays(endDate, -7);
  const lastDate = addCalendarDays(endDate, -1);
  return {
    start: startOfLocalDate(zone, firstDate),
    end: startOfLocalDate(zone, endDate),
    firstDate,
    lastDate,
    isoWeek: isoWeekOf(lastDate),
  };
}

/**
 * The digest posted (or settled as failed) before this one, as its `digests` row recorded it.
 * A window starts where the previous one ended, so a digest day or time edited between two
 * digests neither loses nor repeats days.
 */
export interface PreviousDigest {
  /** Where its window ended: the start of its slot's local date. */
  readonly end: number;
  /** What it knew: its slot. */
  readonly asOf: number;
}

/**
 * The window of the digest posted at `slot`, as known at `asOf` (a preview's now, or the slot).
 * It ends at the start of the slot's local date and starts where the previous digest's window
 * ended; with no previous digest, or one more than a week before the seven days (downtime), the
 * seven local days before the slot's date.
 */
function windowOfSlot(
  spec: DigestSpec,
  slot: DigestSlot,
  asOf: number,
  previous: PreviousDigest | null,
): DigestWindow {
  const zone = spec.zone;
  const end = startOfLocalDate(zone, slot.date);
  let firstDate = addCalendarDays(slot.date, -7);
  const regularStart = startOfLocalDate(zone, firstDate);
  let start = regularStart;
  let seenFrom = digestSlot(spec, slot.at - 1).at;
  if (previous !== null && previous.end >= startOfLocalDate(zone, addCalendarDays(firstDate, -7))) {
    start = Math.min(previous.end, end);
    firstDate = localDate(zone, start);
    seenFrom = previous.asOf;
  }
  const whole: WeekWindow = {
    start,
    end,
    firstDate,
    lastDate: addCalendarDays(slot.date, -1),
    isoWeek: isoWeekOf(addCalendarDays(slot.date, -1)),
  };
  const partial = asOf < end;
  const last = partial ? { ...whole, end: asOf, lastDate: localDate(zone, asOf) } : whole;
  // The chart: this window, after the calendar weeks that end where it starts.
  const weeks: WeekWindow[] = [last];
  for (let i = 1; i < HISTORY_WEEKS; i++) {
    weeks.unshift(weekBefore(zone, (weeks[0] as WeekWindow).firstDate));
  }
  return {
    ...last,
    periodKey: slot.periodKey,
    partial,
    sinceLastDigest: start !== regularStart,
    asOf,
    seenFrom,
    endDate: localDate(zone, asOf),
    weeks,
  };
}

/**
 * The window of the digest due at the latest digest slot at or before `now` (what the tick and
 * `/poc digest post` post), known as of the slot. Monday 09:00 on 7 Dec 2026 after a digest on
 * Monday 30 Nov covers Mon 30 Nov 00:00 to Mon 7 Dec 00:00: "30 Nov - 6 Dec (W49)". After a
 * digest day moved from Monday to Wednesday, Wednesday's digest covers Monday and Tuesday only;
 * the window is empty (`start === end`) when the previous digest already covered up to the
 * slot's date (a time moved later on the day it was posted).
 */
export function digestWindow(
  spec: DigestSpec,
  now: number,
  previous: PreviousDigest | null = null,
): DigestWindow {
  const slot = digestSlot(spec, now);
  return windowOfSlot(spec, slot, slot.at, previous);
}

/**
 * What `/poc digest` previews at `now`: the window the next digest will cover, so far. On a
 * Wednesday, Monday to Wednesday now; between the digest day's midnight and its slot, the whole
 * week about to be posted.
 */
export function previewWindow(
  spec: DigestSpec,
  now: number,
  previous: PreviousDigest | null = null,
): DigestWindow {
  // The latest slot's digest counts as posted even before the tick has posted it (or while it
  // waits for a retry): the preview shows the days after it, never more than a week.
  const latest = digestSlot(spec, now);
  const latestEnd = startOfLocalDate(spec.zone, latest.date);
  const after =
    previous !== null && previous.end >= latestEnd ? previous : { end: latestEnd, asOf: latest.at };
  // Known "as of now" includes what was written at `now` itself (a check-in this very instant).
  return windowOfSlot(spec, nextDigestSlot(spec, now), now + 1, after);
}

/**
 * What a `digests` row says about the digest it holds. Rows written before the window was
 * stored (migration 0005) have their end and slot computed from their date under `spec`.
 */
export function previousDigestOf(
  spec: DigestSpec,
  row: {
    readonly periodKey: string;
    readonly windowEnd: number | null;
    readonly asOf: number | null;
  },
): PreviousDigest {
  const date = row.periodKey.slice(2);
  const { hour, minute } = parseLocalTime(spec.localTime);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return {
    end: row.windowEnd ?? startOfLocalDate(spec.zone, date),
    asOf: row.asOf ?? zonedInstant(spec.zone, y, m, d, hour, minute),
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-12-06" -> "6 Dec". */
function dayAndMonth(date: string): string {
  const [, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}`;
}

/** "W49": the week's short name, as on the chart. */
export function weekName(w: Pick<WeekWindow, "isoWeek">): string {
  return w.isoWeek.slice(5);
}

/**
 * How a window is named to people, the same in the digest's header, its fallback text and any
 * answer about it: "Week of 30 Nov - 6 Dec 2026 (W49)", "Week so far: 7 Dec - 9 Dec 2026 (W50)",
 * and for a window that starts where the previous digest's ended (the digest day was moved)
 * "Days 7 Dec - 8 Dec 2026 (since the last digest)" or "Days 7 Dec - 8 Dec 2026 so far (since
 * the last digest)"; `inSentence` starts it in lower case ("the digest of the week
 * of …").
 */
export function windowLabel(
  w: Pick<WeekWindow, "firstDate" | "lastDate" | "isoWeek"> & {
    readonly partial?: boolean;
    readonly sinceLastDigest?: boolean;
  },
  { inSentence = false }: { readonly inSentence?: boolean } = {},
): string {
  const firstYear = w.firstDate.slice(0, 4);
  const lastYear = w.lastDate.slice(0, 4);
  const from =
    firstYear === lastYear ? dayAndMonth(w.firstDate) : `${dayAndMonth(w.firstDate)} ${firstYear}`;
  const range = `${from} - ${dayAndMonth(w.lastDate)} ${lastYear}`;
  const since = w.sinceLastDigest === true;
  const label =
    w.partial === true
      ? since
        ? `Days ${range} so far (since the last digest)`
        : `Week so far: ${range} (${weekName(w)})`
      : since
        ? `Days ${range} (since the last digest)`
        : `Week of ${range} (${weekName(w)})`;
  return inSentence ? `${label.charAt(0).toLowerCase()}${label.slice(1)}` : label;
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
  readonly createdAt: number;
  /** Closed unanswered periods in a row that make an owner silent (the partnership's setting). */
  readonly silentThreshold: number;
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
  /** When the period it answers began (its prompt's slot); absent or null: no prompt. */
  readonly periodStart?: number | null;
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

export type { ProgressMeasure } from "./progress.js";

export interface CommitmentProgress extends CommitmentRef {
  readonly status: Status | null;
  readonly dueDate: string | null;
  /** Its own progress, the last value reported: a percent, or the indicator's value (`measure`). */
  readonly progress: number | null;
  readonly measure: ProgressMeasure;
}

/** An objective's indicator value: the latest reported, with who reported it and when. */
export interface IndicatorValue {
  readonly value: number;
  readonly at: number;
  /** "YYYY-MM-DD": the local date of `at` in the partnership's zone. */
  readonly date: string;
  /** The commitment whose check-in reported it. */
  readonly commitment: CommitmentRef;
  /** The check-in's author (null for a value with no check-in row, e.g. an import). */
  readonly reportedBy: PersonRef | null;
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
  /** The indicator's latest reported value; null without an indicator or before any report. */
  readonly value: IndicatorValue | null;
  /** From the baseline to the target (`wayOf`); unknown without an indicator. */
  readonly way: Way;
  /** Its active commitments by current status. */
  readonly counts: StatusCounts;
}

/**
 * Where a commitment's moves of the window took it, by the status they ended in compared with the
 * one before the first: worse, better, done, or back where it was ("moved and back").
 * "first" is a first check-in that is on track (nothing to act on).
 */
export type MoveKind = "worse" | "done" | "better" | "back" | "first";

/** Every status move of one commitment reported in this digest (docs/definitions.md). */
export interface StatusMove extends CommitmentRef {
  /** The status before the first move, then after each move, in order ("none": no check-in). */
  readonly path: readonly StatusKey[];
  readonly kind: MoveKind;
  /** Its latest move is a check-in for a week before this window, given after that week's digest. */
  readonly late: boolean;
  /** When the latest move was reported. */
  readonly at: number;
}

export interface NewCommitment extends CommitmentRef {
  readonly createdAt: number;
}

export interface Changes {
  /** Worse first, then done, better, moved and back, first check-ins; each by time. */
  readonly moves: readonly StatusMove[];
  /** Created in the window (dropped ones left out), oldest first. */
  readonly created: readonly NewCommitment[];
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
  /** `name`: their display name, when they are a member of the partnership. */
  | { readonly userId: string; readonly name?: string }
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
  /** Their display names where they are members of the partnership (null otherwise). */
  readonly helperNames: readonly (string | null)[];
  readonly escalationLevel: number;
}

export interface ResolvedBlockerLine {
  readonly id: number;
  readonly text: string;
  readonly commitment: CommitmentRef;
  readonly resolvedAt: number;
  readonly resolvedByUserId: string | null;
  readonly resolvedByName: string | null;
  readonly resolution: string | null;
  readonly helperUserIds: readonly string[];
  /** Their display names where they are members of the partnership (null otherwise). */
  readonly helperNames: readonly (string | null)[];
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
  readonly window: Omit<DigestWindow, "weeks">;
  readonly generatedAt: number;
  readonly headline: DigestHeadline;
  /** Active objectives, by id. */
  readonly objectives: readonly ObjectiveProgress[];
  readonly changes: Changes;
  readonly gaps: AlignmentGaps;
  readonly participation: Participation;
  readonly blockers: BlockerSection;
  /** Oldest first. */
  readonly learnings: readonly LearningLine[];
  readonly decisions: { readonly due: readonly DecisionLine[]; readonly openTotal: number };
  /** HISTORY_WEEKS weeks, oldest first. */
  readonly history: readonly HistoryWeek[];
}

// ---- computing ------------------------------------------------------------------------------

const SEVERITY: Readonly<Record<StatusKey, number>> = {
  none: 0,
  done: 0,
  on_track: 0,
  at_risk: 1,
  off_track: 2,
};

const within = (t: number | null, w: { start: number; end: number }): t is number =>
  t !== null && t >= w.start && t < w.end;

/**
 * The moment a check-in counts from: when the period it answers began (a late answer counts in
 * the week it answers for), or when it was given when it answers no prompted period or came
 * before it (a check-in before the first slot).
 */
export function countsAt(ci: Pick<DigestCheckInRow, "createdAt" | "periodStart">): number {
  const start = ci.periodStart ?? null;
  return start !== null && start < ci.createdAt ? start : ci.createdAt;
}

/**
 * Whether a check-in is reported by the digest of `window` (its move, its learning): it counts
 * in the window, or it counts for an earlier week and was given after that week's digest
 * (`seenFrom`). Each check-in is so reported by exactly one digest.
 */
export function reportedIn(
  ci: Pick<DigestCheckInRow, "createdAt" | "periodStart">,
  window: Pick<DigestWindow, "start" | "end" | "asOf" | "seenFrom">,
): boolean {
  if (ci.createdAt >= window.asOf) return false;
  const at = countsAt(ci);
  return within(at, window) || (at < window.start && ci.createdAt >= window.seenFrom);
}

/**
 * The status moves of one commitment that the digest of `window` reports (docs/definitions.md,
 * "What changed"): every check-in reported in it (`reportedIn`) whose status differs from the
 * one before it, and a closure as done in the window without a done check-in. `checkIns` are the
 * commitment's, in the order of the weeks they count for. Null when nothing moved; a dropped
 * commitment never moves.
 */
export function statusMoves(
  c: Pick<DigestCommitmentRow, "state" | "closedAt">,
  checkIns: readonly DigestCheckInRow[],
  window: Pick<DigestWindow, "start" | "end" | "asOf" | "seenFrom">,
): { path: StatusKey[]; late: boolean; at: number } | null {
  if (c.state === "dropped") return null;
  const path: StatusKey[] = [];
  let before: StatusKey = "none";
  let late = false;
  let at = 0;
  for (const ci of checkIns) {
    if (reportedIn(ci, window) && ci.status !== before) {
      if (path.length === 0) path.push(before);
      path.push(ci.status);
      late = countsAt(ci) < window.start;
      at = ci.createdAt;
    }
    before = ci.status;
  }
  const closedAt = c.closedAt;
  if (
    c.state === "closed" &&
    before !== "done" &&
    within(closedAt, window) &&
    closedAt < window.asOf
  ) {
    if (path.length === 0) path.push(before);
    path.push("done");
    late = false;
    at = closedAt;
  }
  return path.length > 1 ? { path, late, at } : null;
}

function moveKind(path: readonly StatusKey[]): MoveKind {
  const from = path[0] ?? "none";
  const to = path[path.length - 1] ?? "none";
  if (to === "done") return "done";
  if (SEVERITY[to] > SEVERITY[from]) return "worse";
  if (from === "none") return "first";
  if (SEVERITY[to] < SEVERITY[from]) return "better";
  return "back";
}

const MOVE_ORDER: Readonly<Record<MoveKind, number>> = {
  worse: 0,
  done: 1,
  better: 2,
  back: 3,
  first: 4,
};

const byIdAsc = (a: { id: number }, b: { id: number }) => a.id - b.id;

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

  const nameOfUser = new Map<string, string | null>(
    input.members.map((m) => [m.slackUserId, m.displayName]),
  );
  const personRef = (memberId: number | null): PersonRef | null => {
    if (memberId === null) return null;
    const m = people.get(memberId);
    return m === undefined
      ? null
      : { memberId: m.id, slackUserId: m.slackUserId, displayName: m.displayName };
  };
  // One reference per commitment, built once: every section names commitments, and building
  // them again per mention was a fifth of a large partnership's digest (500 commitments).
  const refs = new Map<number, CommitmentRef>();
  const refOf = (c: DigestCommitmentRow): CommitmentRef => {
    let ref = refs.get(c.id);
    if (ref === undefined) {
      ref = {
        id: c.id,
        title: c.title,
        organizationId: c.organizationId,
        organizationName: orgs.get(c.organizationId)?.name ?? "?",
        owner: personRef(c.ownerMemberId) ?? {
          memberId: c.ownerMemberId,
          slackUserId: "",
          displayName: null,
        },
      };
      refs.set(c.id, ref);
    }
    return ref;
  };

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

  // Check-ins known at `asOf`, per commitment, in the order of the weeks they count for.
  const known = input.checkIns.filter((ci) => ci.createdAt < window.asOf);
  const byWeek = known.map((ci) => ({ ci, at: countsAt(ci) }));
  byWeek.sort((a, b) => a.at - b.at || a.ci.createdAt - b.ci.createdAt || a.ci.id - b.ci.id);
  const checkInsOf = new Map<number, DigestCheckInRow[]>();
  for (const { ci } of byWeek) {
    const list = checkInsOf.get(ci.commitmentId);
    if (list === undefined) checkInsOf.set(ci.commitmentId, [ci]);
    else list.push(ci);
  }

  /** The status as of just before `t`: the last check-in counting before it. */
  const statusAt = (c: DigestCommitmentRow, t: number): Status | null => {
    const list = checkInsOf.get(c.id);
    if (list === undefined || list.length === 0) {
      const at = c.lastCheckInAt ?? c.createdAt;
      return c.currentStatus !== null && at < t && at < window.asOf ? c.currentStatus : null;
    }
    let status: Status | null = null;
    for (const ci of list) {
      if (countsAt(ci) >= t) break;
      status = ci.status;
    }
    return status;
  };
  const keyOf = (s: Status | null): StatusKey => s ?? "none";

  const activeAt = (c: DigestCommitmentRow, t: number): boolean =>
    c.createdAt < t && (c.closedAt === null ? c.state === "active" : c.closedAt >= t);

  const measures = new Map<number, ProgressMeasure>();
  const measureOf = (c: DigestCommitmentRow): ProgressMeasure => {
    let measure = measures.get(c.id);
    if (measure === undefined) {
      measure = progressMeasureOf(activeObjectivesOf(c.id));
      measures.set(c.id, measure);
    }
    return measure;
  };
  /** A value reported by a commitment, as known at the digest's as-of instant. */
  type Report = IndicatorReport & {
    commitment: DigestCommitmentRow;
    authorMemberId: number | null;
  };
  const reportsByCommitment = new Map<number, Report[]>();
  const reportsOfCommitment = (c: DigestCommitmentRow): Report[] => {
    let reports = reportsByCommitment.get(c.id);
    if (reports === undefined) {
      reports = reportsFrom(c);
      reportsByCommitment.set(c.id, reports);
    }
    return reports;
  };
  function reportsFrom(c: DigestCommitmentRow): Report[] {
    const own = checkInsOf.get(c.id) ?? [];
    const reported = own.filter((ci) => ci.progress !== null);
    const reports: Report[] = reported.map((ci) => ({
      value: ci.progress as number,
      at: ci.createdAt,
      checkInId: ci.id,
      commitment: c,
      authorMemberId: ci.authorMemberId,
    }));
    if (reported.length === 0 && c.progress !== null) {
      // Reported before the check-ins gathered (or imported): no later than the oldest of them.
      reports.push({
        value: c.progress,
        at: own[0]?.createdAt ?? c.lastCheckInAt ?? c.createdAt,
        checkInId: null,
        commitment: c,
        authorMemberId: null,
      });
    }
    return reports.filter((r) => r.at < window.asOf);
  }
  const progressOf = (c: DigestCommitmentRow): number | null =>
    latestReport(reportsOfCommitment(c))?.value ?? null;

  // ---- the state at the window's end: active commitments and objectives ----
  const active = commitments.filter((c) => activeAt(c, window.end));
  const current = new Map<number, CommitmentProgress>();
  const byStatus = emptyStatusCounts();
  for (const c of active) {
    const measure = measureOf(c);
    const progress = progressOf(c);
    const status = statusAt(c, window.end);
    byStatus[keyOf(status)]++;
    const ref = refOf(c);
    current.set(c.id, {
      id: ref.id,
      title: ref.title,
      organizationId: ref.organizationId,
      organizationName: ref.organizationName,
      owner: ref.owner,
      status,
      dueDate: c.dueDate,
      progress,
      measure,
    });
  }

  // Every value reported for each indicator, by the commitments (in any state) measured by it.
  const reportsOf = new Map<number, Report[]>();
  for (const c of commitments) {
    const measure = measureOf(c);
    if (measure.kind !== "indicator") continue;
    const list = reportsOf.get(measure.objectiveId);
    if (list === undefined) reportsOf.set(measure.objectiveId, [...reportsOfCommitment(c)]);
    else list.push(...reportsOfCommitment(c));
  }
  const zone = input.partnership.timeZone;

  const activeObjectives = [...input.objectives].filter((o) => o.state === "active").sort(byIdAsc);
  const objectiveLines: ObjectiveProgress[] = activeObjectives.map((o) => {
    const lines = active
      .filter((c) => (linksOf.get(c.id) ?? []).includes(o.id))
      .map((c) => current.get(c.id) as CommitmentProgress);
    const counts = emptyStatusCounts();
    for (const line of lines) counts[keyOf(line.status)]++;
    const latest = o.indicator?.trim() ? latestReport(reportsOf.get(o.id) ?? []) : null;
    const value: IndicatorValue | null =
      latest === null
        ? null
        : {
            value: latest.value,
            at: latest.at,
            date: localDate(zone, latest.at),
            commitment: refOf(latest.commitment),
            reportedBy: personRef(latest.authorMemberId),
          };
    return {
      id: o.id,
      title: o.title,
      indicator: o.indicator,
      unit: o.unit,
      baseline: o.baseline,
      target: o.target,
      targetDate: o.targetDate,
      commitments: lines,
      value,
      way: wayOf(value?.value ?? null, o.baseline, o.target),
      counts,
    };
  });

  // ---- changes in the window: every status move reported ----
  const moves: StatusMove[] = [];
  for (const c of commitments) {
    const found = statusMoves(c, checkInsOf.get(c.id) ?? [], window);
    if (found !== null) moves.push({ ...refOf(c), ...found, kind: moveKind(found.path) });
  }
  moves.sort((a, b) => MOVE_ORDER[a.kind] - MOVE_ORDER[b.kind] || a.at - b.at || a.id - b.id);
  const created: NewCommitment[] = commitments
    .filter((c) => c.state !== "dropped" && within(c.createdAt, window))
    .map((c) => ({ ...refOf(c), createdAt: c.createdAt }));

  // ---- participation ----
  const tally = new Map<number, { sent: number; answered: number; away: number }>();
  const total = { sent: 0, answered: 0, away: 0 };
  for (const p of input.prompts) {
    if (!within(p.dueAt, window)) continue;
    const c = commitmentById.get(p.commitmentId);
    if (c === undefined) continue;
    const t = tally.get(c.organizationId) ?? { sent: 0, answered: 0, away: 0 };
    const answered = p.answeredAt !== null && p.answeredAt < window.asOf;
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
    .filter((s) => s.silentPeriods >= input.partnership.silentThreshold)
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

  // ---- alignment gaps ----
  const gaps = alignmentGaps({
    objectives: input.objectives,
    organizations: input.organizations,
    commitments: commitments.map((c) => {
      const ref = refOf(c);
      return {
        id: ref.id,
        title: ref.title,
        organizationId: ref.organizationId,
        organizationName: ref.organizationName,
        state: c.state,
      };
    }),
    links: input.links,
    silentOwners,
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
            ? {
                userId: b.couldHelpUserId,
                ...(nameOfUser.get(b.couldHelpUserId)
                  ? { name: nameOfUser.get(b.couldHelpUserId) as string }
                  : {}),
              }
            : org !== undefined
              ? { organizationId: org.id, organizationName: org.name }
              : null,
        helperUserIds: helperIds(b),
        helperNames: helperIds(b).map((id) => nameOfUser.get(id) ?? null),
        escalationLevel: b.escalationLevel,
      });
    } else if (within(b.resolvedAt, window)) {
      resolved.push({
        id: b.id,
        text: b.text,
        commitment: refOf(c),
        resolvedAt: b.resolvedAt,
        resolvedByUserId: personRef(b.resolvedByMemberId)?.slackUserId ?? null,
        resolvedByName: personRef(b.resolvedByMemberId)?.displayName ?? null,
        resolution: b.resolution,
        helperUserIds: helperIds(b),
        helperNames: helperIds(b).map((id) => nameOfUser.get(id) ?? null),
      });
    }
  }
  resolved.sort((a, b) => a.resolvedAt - b.resolvedAt || a.id - b.id);

  // ---- learnings and decisions ----
  const learnings: LearningLine[] = [];
  for (const ci of [...known].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    const text = ci.learning?.trim() ?? "";
    const c = commitmentById.get(ci.commitmentId);
    if (text === "" || c === undefined || !reportedIn(ci, window)) continue;
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
  // From the partnership's first week: the weeks before it have nothing to show.
  const history: HistoryWeek[] = window.weeks
    .filter((w) => w.end > input.partnership.createdAt)
    .map((w) => {
      const counts = emptyStatusCounts();
      for (const c of commitments) {
        if (activeAt(c, w.end)) counts[keyOf(statusAt(c, w.end))]++;
        else if (c.state === "closed" && within(c.closedAt, w)) counts.done++;
      }
      const sum = STATUS_KEYS.reduce((n, k) => n + counts[k], 0);
      return { ...w, counts, total: sum };
    });

  const escalated = open.filter((b) => b.escalationLevel > 0);
  return {
    partnershipId: input.partnership.id,
    partnershipName: input.partnership.name,
    channelId: input.partnership.channelId,
    window: {
      start: window.start,
      end: window.end,
      firstDate: window.firstDate,
      lastDate: window.lastDate,
      isoWeek: window.isoWeek,
      periodKey: window.periodKey,
      partial: window.partial,
      sinceLastDigest: window.sinceLastDigest,
      asOf: window.asOf,
      seenFrom: window.seenFrom,
      endDate: window.endDate,
    },
    generatedAt: input.now,
    headline: {
      activeCommitments: active.length,
      byStatus,
      openBlockers: open.length,
      escalatedBlockers: escalated.length,
      gaps: gaps.total,
      answered: total.answered,
      sent: total.sent,
    },
    objectives: objectiveLines,
    changes: { moves, created },
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
