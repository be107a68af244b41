/**
 * Progress, one definition for every surface (docs/definitions.md, "An objective's indicator value
 * and a commitment's progress" and "Numbers"). Pure: no clock, no database, no Slack.
 *
 * - A commitment's progress is measured in percent, unless exactly one of its active objectives
 *   has an indicator: then the owner reports that indicator's current value (`measuredObjective`).
 * - An objective's indicator value is the latest value reported for it (`latestReport`): owners
 *   read the same indicator, so two readings are two observations of one figure, never summed or
 *   averaged.
 * - The way to the target is (value - baseline) / (target - baseline) (`wayOf`), kept as it is:
 *   above 1 when the target is passed, below 0 when the value moved away from it.
 * - Numbers for people go through `formatNumber` / `formatPercent`; exports keep raw numbers.
 */
import type { ObjectiveState } from "./types.js";

// ---- which figure a commitment reports ---------------------------------------------------------

/** What `measuredObjective` needs of an objective; `state` absent reads as active. */
export interface MeasurableObjective {
  readonly indicator: string | null;
  readonly state?: ObjectiveState;
}

/**
 * The one active objective with an indicator among a commitment's objectives, if there is exactly
 * one: its indicator is what the commitment's progress measures. With none or several, progress is
 * a percent (several indicators would make one number ambiguous).
 */
export function measuredObjective<T extends MeasurableObjective>(
  objectives: readonly T[],
): (T & { readonly indicator: string }) | undefined {
  const measured = objectives.filter(
    (o): o is T & { indicator: string } =>
      (o.state ?? "active") === "active" && o.indicator !== null && o.indicator.trim() !== "",
  );
  return measured.length === 1 ? measured[0] : undefined;
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

export function progressMeasureOf(
  objectives: readonly (MeasurableObjective & {
    readonly id: number;
    readonly unit: string | null;
    readonly baseline: number | null;
    readonly target: number | null;
  })[],
): ProgressMeasure {
  const only = measuredObjective(objectives);
  if (only === undefined) return { kind: "percent" };
  return {
    kind: "indicator",
    objectiveId: only.id,
    indicator: only.indicator,
    unit: only.unit,
    baseline: only.baseline,
    target: only.target,
  };
}

// ---- an objective's value --------------------------------------------------------------------

/** One value reported for an indicator. */
export interface IndicatorReport {
  readonly value: number;
  /** When it was reported (the check-in's creation). */
  readonly at: number;
  /** The check-in's id, the tie-break; null for a value with no check-in row (an import). */
  readonly checkInId: number | null;
}

/**
 * The indicator's value: the report with the newest `at`, ties broken by the larger check-in id
 * (a row without one loses the tie). null when nothing finite was reported.
 */
export function latestReport<T extends IndicatorReport>(reports: readonly T[]): T | null {
  let latest: T | null = null;
  for (const r of reports) {
    if (!Number.isFinite(r.value)) continue;
    if (
      latest === null ||
      r.at > latest.at ||
      (r.at === latest.at && (r.checkInId ?? -1) > (latest.checkInId ?? -1))
    ) {
      latest = r;
    }
  }
  return latest;
}

/** How far the value is on the way from the baseline to the target. */
export type Way =
  /** (value - baseline) / (target - baseline): 0 at the baseline, 1 at the target, < 0 moved away. */
  | { readonly kind: "share"; readonly share: number }
  | {
      readonly kind: "unknown";
      readonly reason: "no_value" | "no_target" | "no_baseline" | "target_is_baseline";
    };

export function wayOf(value: number | null, baseline: number | null, target: number | null): Way {
  if (value === null || !Number.isFinite(value)) return { kind: "unknown", reason: "no_value" };
  if (target === null) return { kind: "unknown", reason: "no_target" };
  // Reading a missing baseline as 0 would invent a direction and a distance: a falling indicator
  // (target below today's value) would show as almost there.
  if (baseline === null) return { kind: "unknown", reason: "no_baseline" };
  if (target === baseline) return { kind: "unknown", reason: "target_is_baseline" };
  return { kind: "share", share: (value - baseline) / (target - baseline) };
}

// ---- numbers for people ------------------------------------------------------------------------

// One locale for everyone in a partnership: the same digest must read the same to all partners.
const WHOLE_AND_CENTS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });
const ONE_DIGIT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 1 });
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A number for people: thousands separators, at most two decimals ("121,507", "1,234.57"), and two
 * significant digits below 1 so a small value never reads as 0 ("0.25", "0.0012").
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  return (Math.abs(n) < 1 ? SMALL : WHOLE_AND_CENTS).format(n);
}

/**
 * A percentage for people, given in percent ("40 %"): whole percents, except that below 1 % it
 * keeps one significant digit ("0.2 %", "0.04 %") so a start is never shown as 0 %, and short of
 * 100 % it never rounds up to 100 % ("99 %" for 99.7).
 */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return `${percent} %`;
  if (percent === 0) return "0 %";
  if (Math.abs(percent) < 1) return `${ONE_DIGIT.format(percent)} %`;
  const whole = percent < 100 ? Math.min(99, Math.round(percent)) : Math.round(percent);
  return `${WHOLE.format(whole)} %`;
}

/** A fraction (0.5) as a percentage for people ("50 %"). */
export function formatShare(fraction: number): string {
  return formatPercent(fraction * 100);
}

// ---- sentences ---------------------------------------------------------------------------------

/** An indicator's range: what the figures of a value are read against. */
export interface IndicatorRange {
  readonly unit: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
}

function withUnit(n: number, unit: string | null): string {
  const u = unit?.trim() ?? "";
  return u === "" ? formatNumber(n) : `${formatNumber(n)} ${u}`;
}

/**
 * A value read against its indicator's range, as plain text (escape before mrkdwn):
 * "121,507 of 1,000,000 (baseline 120,000)" rising, "40 %, target 5 % (baseline 45 %)" falling,
 * and what is missing said in words. No share of the way: see `wayText`.
 */
export function indicatorFigures(value: number | null, range: IndicatorRange): string {
  const { unit, baseline, target } = range;
  const u = (n: number) => withUnit(n, unit);
  if (value === null) {
    const known = [
      baseline === null ? null : `baseline ${u(baseline)}`,
      target === null ? null : `target ${u(target)}`,
    ].filter((x) => x !== null);
    return `no value reported yet${known.length > 0 ? ` (${known.join(", ")})` : ""}`;
  }
  if (target === null) {
    return `${u(value)} (${baseline === null ? "" : `baseline ${u(baseline)}, `}no target)`;
  }
  if (baseline === null) return `${u(value)}, target ${u(target)} (no baseline)`;
  if (target > baseline) {
    return `${formatNumber(value)} of ${u(target)} (baseline ${u(baseline)})`;
  }
  return `${u(value)}, target ${u(target)} (baseline ${u(baseline)})`;
}

/**
 * The way as plain text, or null when it cannot be told (the figures say why): "0.2 % of the
 * way", "target reached", "moved away from the target: -3 % of the way".
 */
export function wayText(way: Way): string | null {
  if (way.kind === "unknown") return null;
  const { share } = way;
  if (share >= 1)
    return share > 1 ? `target reached (${formatShare(share)} of the way)` : "target reached";
  if (share < 0) return `moved away from the target: ${formatShare(share)} of the way`;
  return `${formatShare(share)} of the way`;
}

/** An objective's value, its range and its way: "121,507 of 1,000,000 (baseline 120,000): 0.2 % of the way". */
export function indicatorSummary(value: number | null, range: IndicatorRange): string {
  const figures = indicatorFigures(value, range);
  const way = wayText(wayOf(value, range.baseline, range.target));
  return way === null ? figures : `${figures}: ${way}`;
}

/**
 * A commitment's own progress as plain text: its percent ("40 %"), or the value its owner reported
 * for the indicator, read against the range ("12 of 40 districts (baseline 0)"). Never a share of
 * the way: that belongs to the objective and comes from the objective's value.
 */
export function ownProgressText(
  progress: number,
  measure: { readonly kind: "percent" } | ({ readonly kind: "indicator" } & IndicatorRange),
): string {
  return measure.kind === "percent" ? formatPercent(progress) : indicatorFigures(progress, measure);
}
