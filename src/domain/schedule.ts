/**
 * Pure time maths for check-in slots and digest slots. No clock, no process.env: `now` is always
 * a parameter and every instant is a UTC epoch millisecond `number`. See docs/time.md.
 *
 * Wall-clock rules (`zonedInstant` and every slot):
 * - A local time that does not exist (spring-forward gap) resolves to the first valid instant
 *   after the gap: 02:30 on 2026-03-08 in America/New_York -> 03:00 EDT = 07:00Z.
 * - A local time that exists twice (fall-back overlap) resolves to the first (earlier)
 *   occurrence: 01:30 on 2026-11-01 in America/New_York -> 01:30 EDT = 05:30Z.
 * These rules are implemented here on top of `tzOffset` from @date-fns/tz, not with the `TZDate`
 * constructor: `new TZDate(y, m, d, h, min, zone)` moves a gap time forward by the gap's length
 * (02:30 -> 03:30) and picks the overlap occurrence depending on the machine's own time zone.
 *
 * Slots: a commitment's slots are the local dates its cadence selects, at `localTime` in `zone`,
 * never before the anchor's local date (the first slot may be earlier that same day than the
 * anchor instant itself). A slot's period is [at, periodEnd) where periodEnd is the next slot's
 * `at`; `periodStart` equals `at`.
 * - weekly: every `weekday`.
 * - biweekly: the first `weekday` on or after the anchor's local date, then every 14 calendar
 *   days in the zone (so daylight saving never moves the wall time and parity never drifts).
 * - monthly: the first `weekday` of each month.
 *
 * A schedule edited after a prompt brings no second prompt in the period that prompt opened:
 * `currentPeriod` counts periods in calendar units (ISO weeks, months) and lets a slot begin a new
 * period only in a later unit than the opened one.
 *
 * Period keys depend only on the slot's local date: weekly `W:YYYY-MM-DD`, biweekly
 * `B:YYYY-MM-DD`, monthly `M:YYYY-MM`, digest `D:YYYY-MM-DD`.
 * They sort chronologically within one commitment (years 1000-9999).
 *
 * Cost: every call is O(1): the candidate slot is derived from `now`'s local date and steps back
 * at most once or twice; days are counted on calendar dates (`Date.UTC(...) / 86_400_000`).
 */
import { tzOffset } from "@date-fns/tz";
import { DomainError } from "./errors.js";
import { parseDate } from "./rules.js";
import { CADENCES, type Cadence, type LocalTime, type Weekday } from "./types.js";
import { literal, say } from "./wording.js";

/** What decides a commitment's check-in slots. `anchor` is the commitment's start instant. */
export interface CadenceSpec {
  cadence: Cadence;
  weekday: Weekday;
  localTime: LocalTime;
  zone: string;
  anchor: number;
}

/** One check-in slot and the period it opens: [periodStart, periodEnd), periodStart === at. */
export interface Slot {
  at: number;
  /** The slot's local date (YYYY-MM-DD) in the spec's zone. */
  date: string;
  periodKey: string;
  periodStart: number;
  periodEnd: number;
}

/** A partnership's weekly digest time. */
export interface DigestSpec {
  weekday: Weekday;
  localTime: LocalTime;
  zone: string;
}

export interface DigestSlot {
  at: number;
  /** The slot's local date, "YYYY-MM-DD". */
  date: string;
  /** `D:` and the slot's local date: the `digests` row key, one digest per slot. */
  periodKey: string;
}

export interface ClockTime {
  hour: number;
  minute: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const LOCAL_TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses "HH:MM" (24-hour, two digits each). Throws DomainError("invalid_input") otherwise. */
export function parseLocalTime(value: LocalTime): ClockTime {
  const match = typeof value === "string" ? LOCAL_TIME_RE.exec(value) : null;
  if (match === null) {
    throw new DomainError("invalid_input", `Time must look like HH:MM (24-hour), not "${value}".`);
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

const zoneValidity = new Map<string, boolean>();

/**
 * The zones people may choose for a partnership or a member: an IANA name with a slash, or UTC.
 * Intl also takes "EST" or "+05:00", which name no place and follow no daylight-saving rule.
 */
export function isPlaceZone(zone: string): boolean {
  return isValidTimeZone(zone) && (zone.includes("/") || zone === "UTC");
}

/** True when the runtime's Intl knows `zone` (an IANA name such as "Europe/London"). */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== "string" || zone.length === 0) return false;
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  zoneValidity.set(zone, valid);
  return valid;
}

function assertZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new DomainError("invalid_input", `Unknown time zone "${zone}".`);
  }
}

function assertWeekday(weekday: number): asserts weekday is Weekday {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    throw new DomainError(
      "invalid_input",
      `Weekday must be 1 (Monday) to 7 (Sunday), not ${weekday}.`,
    );
  }
}

/**
 * Offsets already looked up, per zone. A tick asks for the same instants over and over (the same
 * `now`, the same slot wall times for commitments sharing a zone and time), and each Intl lookup
 * costs microseconds. Bounded: a zone's memo is dropped when it grows past MEMO_LIMIT entries.
 */
const offsetMemo = new Map<string, Map<number, number>>();
const MEMO_LIMIT = 4096;

/** UTC offset of `zone` at `instant`, in milliseconds (east positive). Zone already checked. */
function offsetAt(zone: string, instant: number): number {
  let memo = offsetMemo.get(zone);
  if (memo === undefined) {
    memo = new Map();
    offsetMemo.set(zone, memo);
  }
  let offset = memo.get(instant);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(instant)) * MS_PER_MINUTE;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(instant, offset);
  }
  return offset;
}

/**
 * The instant whose wall clock in `zone` reads `wall` (wall-clock milliseconds, i.e. the local
 * date and time written as if it were UTC), with the gap and overlap rules above.
 */
function wallToInstant(zone: string, wall: number): number {
  // Offsets a day either side of the wall time bracket the real instant (|offset| <= 14 h).
  const before = offsetAt(zone, wall - MS_PER_DAY);
  const after = offsetAt(zone, wall + MS_PER_DAY);
  if (before === after) return wall - before; // no transition nearby: the usual case
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeFits = offsetAt(zone, withBefore) === before;
  const afterFits = offsetAt(zone, withAfter) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter); // overlap: first one
  if (beforeFits) return withBefore;
  if (afterFits) return withAfter;
  // Gap: the wall time is skipped. Find the transition instant (the first instant on the new
  // offset), which is the first valid wall time after the gap. Transitions fall on whole minutes.
  let lo = Math.min(withBefore, withAfter);
  let hi = Math.max(withBefore, withAfter);
  while (hi - lo > MS_PER_MINUTE) {
    const mid =
      lo + Math.max(MS_PER_MINUTE, Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE);
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The UTC instant of a wall-clock time in an IANA zone (month 1-12). A time inside a
 * spring-forward gap gives the first instant after the gap; a time that occurs twice gives the
 * first occurrence.
 */
export function zonedInstant(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  assertZone(zone);
  const fields = [year, month, day, hour, minute];
  if (!fields.every(Number.isInteger)) {
    throw new DomainError("invalid_input", "Date and time fields must be whole numbers.");
  }
  const dayNumber = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  const check = new Date(dayNumber * MS_PER_DAY);
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    throw new DomainError("invalid_input", "No such date or time of day.");
  }
  return wallToInstant(zone, dayNumber * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE);
}

// ---- calendar days: integer day numbers since 1970-01-01 (a Thursday) ----

/** The local calendar day (day number) of `instant` in `zone`. */
function localDay(zone: string, instant: number): number {
  return Math.floor((instant + offsetAt(zone, instant)) / MS_PER_DAY);
}

/** ISO weekday (1 = Monday) of a day number. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Days from `day` forward to the next `weekday` (0 when `day` is one). */
function daysUntil(day: number, weekday: number): number {
  return (weekday - isoWeekday(day) + 7) % 7;
}

/** The first `weekday` of the month containing `day`, shifted by `monthDelta` months. */
function firstWeekdayOfMonth(day: number, monthDelta: number, weekday: number): number {
  const date = new Date(day * MS_PER_DAY);
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthDelta, 1) / MS_PER_DAY;
  return first + daysUntil(first, weekday);
}

function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

// ---- rules ----

interface Rule {
  cadence: Cadence;
  weekday: number;
  minuteOfDay: number;
  zone: string;
  /** Day of the first slot at or after the anchor instant; -Infinity when unanchored (digests). */
  firstDay: number;
}

function ruleFor(spec: CadenceSpec): Rule {
  if (!CADENCES.includes(spec.cadence)) {
    throw new DomainError("invalid_input", `Unknown cadence "${spec.cadence}".`);
  }
  assertWeekday(spec.weekday);
  assertZone(spec.zone);
  if (!Number.isFinite(spec.anchor)) {
    throw new DomainError("invalid_input", "A commitment's anchor must be an instant.");
  }
  const { hour, minute } = parseLocalTime(spec.localTime);
  const anchorDay = localDay(spec.zone, spec.anchor);
  let firstDay: number;
  if (spec.cadence === "monthly") {
    firstDay = firstWeekdayOfMonth(anchorDay, 0, spec.weekday);
    if (firstDay < anchorDay) firstDay = firstWeekdayOfMonth(anchorDay, 1, spec.weekday);
  } else {
    firstDay = anchorDay + daysUntil(anchorDay, spec.weekday);
  }
  const rule: Rule = {
    cadence: spec.cadence,
    weekday: spec.weekday,
    minuteOfDay: hour * 60 + minute,
    zone: spec.zone,
    firstDay,
  };
  // A commitment made after its check-in time on that day is not prompted for a period that
  // began before it existed: its first slot is the first one at or after the anchor instant.
  if (slotAt(rule, firstDay) < spec.anchor) rule.firstDay = stepSlotDay(rule, firstDay, 1);
  return rule;
}

/** The latest day selected by the cadence that is <= `day` (ignoring the anchor for weekly). */
function slotDayOnOrBefore(rule: Rule, day: number): number {
  switch (rule.cadence) {
    case "weekly":
      return day - ((isoWeekday(day) - rule.weekday + 7) % 7);
    case "biweekly":
      return rule.firstDay + 14 * Math.floor((day - rule.firstDay) / 14);
    case "monthly": {
      const first = firstWeekdayOfMonth(day, 0, rule.weekday);
      return first <= day ? first : firstWeekdayOfMonth(day, -1, rule.weekday);
    }
  }
}

/** The next (direction 1) or previous (-1) day selected by the cadence from a slot day. */
function stepSlotDay(rule: Rule, slotDay: number, direction: 1 | -1): number {
  switch (rule.cadence) {
    case "weekly":
      return slotDay + 7 * direction;
    case "biweekly":
      return slotDay + 14 * direction;
    case "monthly":
      return firstWeekdayOfMonth(slotDay, direction, rule.weekday);
  }
}

function slotAt(rule: Rule, day: number): number {
  return wallToInstant(rule.zone, day * MS_PER_DAY + rule.minuteOfDay * MS_PER_MINUTE);
}

/** The latest slot day whose instant is <= now, or null when it would precede `firstDay`. */
function latestSlotDay(rule: Rule, now: number): { day: number; at: number } | null {
  if (!Number.isFinite(now))
    throw new DomainError("invalid_input", say`${literal("now")} must be an instant.`);
  let day = slotDayOnOrBefore(rule, localDay(rule.zone, now));
  if (day < rule.firstDay) return null;
  let at = slotAt(rule, day);
  // Only the slot on now's own local date (or just before it) can be later than now.
  while (at > now) {
    day = stepSlotDay(rule, day, -1);
    if (day < rule.firstDay) return null;
    at = slotAt(rule, day);
  }
  return { day, at };
}

function periodKey(rule: Rule, day: number): string {
  switch (rule.cadence) {
    case "weekly":
      return `W:${isoDate(day)}`;
    case "biweekly":
      return `B:${isoDate(day)}`;
    case "monthly":
      return `M:${isoDate(day).slice(0, 7)}`;
  }
}

function slotFor(rule: Rule, day: number, at: number): Slot {
  return {
    at,
    date: isoDate(day),
    periodKey: periodKey(rule, day),
    periodStart: at,
    periodEnd: slotAt(rule, stepSlotDay(rule, day, 1)),
  };
}

/** The latest slot with `at <= now`, or null before the commitment's first slot. */
export function latestSlot(spec: CadenceSpec, now: number): Slot | null {
  const rule = ruleFor(spec);
  const latest = latestSlotDay(rule, now);
  return latest === null ? null : slotFor(rule, latest.day, latest.at);
}

/** The earliest slot with `at > now` (the first slot when the commitment has none yet). */
export function nextSlot(spec: CadenceSpec, now: number): Slot {
  const rule = ruleFor(spec);
  const latest = latestSlotDay(rule, now);
  const day = latest === null ? rule.firstDay : stepSlotDay(rule, latest.day, 1);
  return slotFor(rule, day, slotAt(rule, day));
}

/** The key of the period containing `instant` (its latest slot <= instant), or null. */
export function periodKeyFor(spec: CadenceSpec, instant: number): string | null {
  const rule = ruleFor(spec);
  const latest = latestSlotDay(rule, instant);
  return latest === null ? null : periodKey(rule, latest.day);
}

/** What a commitment's past says about its periods, whatever its schedule is now. */
export interface OpenedPeriod {
  /**
   * The local date (YYYY-MM-DD, in the zone of that moment) of the slot of the newest prompt, the
   * one that opened the latest period; null when there is none.
   */
  readonly openedOn: string | null;
  /** The newest prompt's period key; null when there is none or the caller does not need it. */
  readonly periodKey: string | null;
}

export interface CurrentPeriod {
  /**
   * The latest slot when it begins a new period (the one the planner prompts for); null while the
   * opened period lasts, or before the first slot.
   */
  readonly slot: Slot | null;
  /** The key a check-in given now counts for. */
  readonly periodKey: string;
  /** When the next period begins: the first slot in a later unit than the opened period. */
  readonly nextStart: number;
}

/** Calendar units a cadence counts periods in: ISO weeks (Monday first) or months. */
function unitOf(cadence: Cadence, day: number): number {
  if (cadence === "monthly") {
    const date = new Date(day * MS_PER_DAY);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  }
  // Day 0 (1970-01-01) is a Thursday, so day -3 is the Monday that begins unit 0.
  return Math.floor((day + 3) / 7);
}

function firstDayOfUnit(cadence: Cadence, unit: number): number {
  if (cadence === "monthly") return Date.UTC(Math.floor(unit / 12), unit % 12, 1) / MS_PER_DAY;
  return unit * 7 - 3;
}

/** How many units one period spans. */
const UNITS_PER_PERIOD: Readonly<Record<Cadence, number>> = { weekly: 1, biweekly: 2, monthly: 1 };

/** The day number of a "YYYY-MM-DD" date (`parseDate` refuses anything else). */
function dayOfIsoDate(date: string): number {
  const [y, m, d] = parseDate(date, "A period's opening date").split("-").map(Number) as [
    number,
    number,
    number,
  ];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/**
 * The period a commitment is in at `now`, under its schedule now (`spec`). Periods are counted in
 * the calendar units of the current cadence: a weekly period is an ISO week, a biweekly one two
 * ISO weeks, a monthly one a calendar month. The latest slot begins a new period only when its
 * local date lies at least one period's worth of units after the date the newest prompt opened
 * (`opened.openedOn`); otherwise that prompt's period lasts and the next one begins at the first
 * slot that does. So a check-in day, time, zone or cadence edited right after a prompt brings no
 * second prompt in that week (fortnight, month), and the next prompt is the first slot of the
 * next one: Tuesday to Monday waits six days, not thirteen, and a monthly Tuesday moved to Monday
 * in February is prompted on March's first Monday. Before the first slot and with nothing opened,
 * the current period is the first one.
 */
export function currentPeriod(
  spec: CadenceSpec,
  now: number,
  opened: OpenedPeriod | null,
): CurrentPeriod {
  const rule = ruleFor(spec);
  const latest = latestSlotDay(rule, now);
  const openedOn = opened?.openedOn ?? null;
  const earliest =
    openedOn === null
      ? Number.NEGATIVE_INFINITY
      : firstDayOfUnit(
          rule.cadence,
          unitOf(rule.cadence, dayOfIsoDate(openedOn)) + UNITS_PER_PERIOD[rule.cadence],
        );
  if (latest !== null && latest.day >= earliest) {
    const slot = slotFor(rule, latest.day, latest.at);
    return { slot, periodKey: slot.periodKey, nextStart: slot.periodEnd };
  }
  let nextDay = rule.firstDay;
  if (earliest > nextDay) {
    nextDay = slotDayOnOrBefore(rule, earliest);
    if (nextDay < earliest) nextDay = stepSlotDay(rule, nextDay, 1);
  }
  return {
    slot: null,
    periodKey:
      opened?.periodKey ??
      (latest === null ? periodKey(rule, nextDay) : periodKey(rule, latest.day)),
    nextStart: slotAt(rule, nextDay),
  };
}

// ---- digests ----

function digestRule(spec: DigestSpec): Rule {
  assertWeekday(spec.weekday);
  assertZone(spec.zone);
  const { hour, minute } = parseLocalTime(spec.localTime);
  return {
    cadence: "weekly",
    weekday: spec.weekday,
    minuteOfDay: hour * 60 + minute,
    zone: spec.zone,
    firstDay: Number.NEGATIVE_INFINITY,
  };
}

function isoWeekOfDay(day: number): string {
  // The ISO week of the local calendar date `day` (days since 1970-01-01, a Thursday), by
  // arithmetic: an ISO week belongs to the year of its Thursday. (date-fns's getISOWeek with a
  // UTC context gives the same answer at about a thousand times the cost.)
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const thursday = day - isoWeekday + 4;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / MS_PER_DAY) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function digestSlotOn(rule: Rule, day: number): DigestSlot {
  const date = isoDate(day);
  return { at: slotAt(rule, day), date, periodKey: `D:${date}` };
}

/** The latest weekly digest slot with `at <= now`. */
export function digestSlot(spec: DigestSpec, now: number): DigestSlot {
  const rule = digestRule(spec);
  // Unanchored, so a latest slot always exists.
  const latest = latestSlotDay(rule, now) as { day: number; at: number };
  return digestSlotOn(rule, latest.day);
}

/** The earliest weekly digest slot with `at > now`. */
export function nextDigestSlot(spec: DigestSpec, now: number): DigestSlot {
  const rule = digestRule(spec);
  const latest = latestSlotDay(rule, now) as { day: number; at: number };
  return digestSlotOn(rule, latest.day + 7);
}

// ---- calendar weeks (what a digest covers) ----

/** The ISO week of a local calendar date "YYYY-MM-DD", as "2026-W49". */
export function isoWeekOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return isoWeekOfDay(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** The local calendar date of `instant` in `zone`, "YYYY-MM-DD". */
export function localDate(zone: string, instant: number): string {
  assertZone(zone);
  return isoDate(localDay(zone, instant));
}

/** "YYYY-MM-DD" moved by whole calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return isoDate(Date.UTC(y, m - 1, d) / MS_PER_DAY + days);
}

/** The instant a local calendar date "YYYY-MM-DD" reads `hour`:`minute` in `zone` (gaps as above). */
export function instantOnLocalDate(
  zone: string,
  date: string,
  hour: number,
  minute: number,
): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return zonedInstant(zone, y, m, d, hour, minute);
}

/** The instant a local calendar date begins in `zone` (00:00, or the first instant after a gap). */
export function startOfLocalDate(zone: string, date: string): number {
  return instantOnLocalDate(zone, date, 0, 0);
}
