/**
 * Progress on hand-made input (src/domain/progress.ts): which figure a commitment reports, an
 * objective's indicator value (the latest report, never an average), the way from the baseline
 * to the target, and how numbers read. The digest's use of them is in test/domain/digest.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  formatNumber,
  formatPercent,
  formatShare,
  indicatorFigures,
  indicatorSummary,
  latestReport,
  measuredObjective,
  ownProgressText,
  progressMeasureOf,
  wayOf,
} from "../../src/domain/progress.js";

const ms = (iso: string): number => Date.parse(iso);

describe("which figure a commitment reports", () => {
  const objective = (id: number, indicator: string | null, state: "active" | "retired") => ({
    id,
    indicator,
    unit: "districts",
    baseline: 0,
    target: 40,
    state,
  });

  it.each([
    ["no objective", [], "percent"],
    ["one objective without an indicator", [objective(1, null, "active")], "percent"],
    ["one objective with an indicator", [objective(1, "Districts", "active")], "indicator"],
    ["a blank indicator", [objective(1, "  ", "active")], "percent"],
    [
      "two objectives with indicators",
      [objective(1, "Districts", "active"), objective(2, "Schools", "active")],
      "percent",
    ],
    [
      "an indicator on a retired objective beside an active one",
      [objective(1, "Districts", "retired"), objective(2, "Schools", "active")],
      "indicator",
    ],
  ] as const)("when a commitment serves %s, then its progress is a %s", (_, objectives, kind) => {
    expect(progressMeasureOf(objectives).kind).toBe(kind);
  });

  it("when objectives carry no state (a prompt's lines), then they read as active", () => {
    expect(measuredObjective([{ indicator: "Wells" }, { indicator: null }])?.indicator).toBe(
      "Wells",
    );
  });
});

describe("an objective's indicator value", () => {
  it.each([
    {
      name: "two owners report 12 and 5 districts: the newer report, not their mean 8.5",
      reports: [
        { value: 12, at: ms("2026-03-10T10:00:00Z"), checkInId: 1 },
        { value: 5, at: ms("2026-03-12T10:00:00Z"), checkInId: 2 },
      ],
      expected: 5,
    },
    {
      name: "the older report listed last still loses",
      reports: [
        { value: 5, at: ms("2026-03-12T10:00:00Z"), checkInId: 2 },
        { value: 12, at: ms("2026-03-10T10:00:00Z"), checkInId: 9 },
      ],
      expected: 5,
    },
    {
      name: "two reports at the same instant: the larger check-in id",
      reports: [
        { value: 7, at: ms("2026-03-12T10:00:00Z"), checkInId: 4 },
        { value: 3, at: ms("2026-03-12T10:00:00Z"), checkInId: 3 },
      ],
      expected: 7,
    },
    {
      name: "a tie with an imported value (no check-in row): the check-in",
      reports: [
        { value: 7, at: ms("2026-03-12T10:00:00Z"), checkInId: null },
        { value: 3, at: ms("2026-03-12T10:00:00Z"), checkInId: 1 },
      ],
      expected: 3,
    },
    { name: "nothing reported", reports: [], expected: null },
  ])("when $name, then the value is $expected", ({ reports, expected }) => {
    expect(latestReport(reports)?.value ?? null).toBe(expected);
  });
});

describe("the way from the baseline to the target", () => {
  it.each([
    // value, baseline, target, way
    [121_507, 120_000, 1_000_000, { kind: "share", share: 1_507 / 880_000 }],
    [300, 100, 500, { kind: "share", share: 0.5 }],
    // A falling indicator: 45 % of children underweight, target 5 %, now 40 %.
    [40, 45, 5, { kind: "share", share: 0.125 }],
    // Moved away from the target: below the baseline of a rising one, above that of a falling one.
    [110_000, 120_000, 1_000_000, { kind: "share", share: -10_000 / 880_000 }],
    [50, 45, 5, { kind: "share", share: -0.125 }],
    // Past the target: kept, not clamped.
    [900, 100, 500, { kind: "share", share: 2 }],
    // The value equals the baseline.
    [120_000, 120_000, 1_000_000, { kind: "share", share: 0 }],
    [null, 120_000, 1_000_000, { kind: "unknown", reason: "no_value" }],
    [25, 0, null, { kind: "unknown", reason: "no_target" }],
    // No baseline: not read as 0 (that would make 25 of a falling target 20 look "125 %").
    [25, null, 100, { kind: "unknown", reason: "no_baseline" }],
    [300, 100, 100, { kind: "unknown", reason: "target_is_baseline" }],
  ] as const)(
    "when the value is %s, the baseline %s and the target %s, then the way is %o",
    (value, baseline, target, way) => {
      expect(wayOf(value, baseline, target)).toEqual(way);
    },
  );
});

describe("numbers for people", () => {
  it.each([
    [121_507, "121,507"],
    [1_000_000, "1,000,000"],
    [0, "0"],
    [-0, "0"],
    [12.5, "12.5"],
    [1234.5678, "1,234.57"],
    [0.25, "0.25"],
    [0.001234, "0.0012"],
    [-1200, "-1,200"],
  ])("when %s is shown, then it reads %s", (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it.each([
    [40, "40 %"],
    [0, "0 %"],
    [0.17, "0.2 %"],
    [0.04, "0.04 %"],
    [12.5, "13 %"],
    [99.7, "99 %"],
    [100, "100 %"],
    [112.4, "112 %"],
    [-3.2, "-3 %"],
    [12_000, "12,000 %"],
  ])("when the percentage %s is shown, then it reads %s", (p, text) => {
    expect(formatPercent(p)).toBe(text);
  });

  it("when a fraction is shown as a share, then it is a percentage of it", () => {
    expect(formatShare(1_507 / 880_000)).toBe("0.2 %");
    expect(formatShare(0.5)).toBe("50 %");
  });
});

describe("sentences", () => {
  const water = { unit: null, baseline: 120_000, target: 1_000_000 };

  it.each([
    [121_507, water, "121,507 of 1,000,000 (baseline 120,000): 0.2 % of the way"],
    [120_000, water, "120,000 of 1,000,000 (baseline 120,000): 0 % of the way"],
    [
      110_000,
      water,
      "110,000 of 1,000,000 (baseline 120,000): moved away from the target: -1 % of the way",
    ],
    [1_000_000, water, "1,000,000 of 1,000,000 (baseline 120,000): target reached"],
    [
      40,
      { unit: "%", baseline: 45, target: 5 },
      "40 %, target 5 % (baseline 45 %): 13 % of the way",
    ],
    [
      12,
      { unit: "districts", baseline: 0, target: 40 },
      "12 of 40 districts (baseline 0 districts): 30 % of the way",
    ],
    [25, { unit: null, baseline: null, target: 100 }, "25, target 100 (no baseline)"],
    [25, { unit: null, baseline: 10, target: null }, "25 (baseline 10, no target)"],
    [null, water, "no value reported yet (baseline 120,000, target 1,000,000)"],
  ] as const)("when the value is %s of %o, then the objective reads %s", (value, range, text) => {
    expect(indicatorSummary(value, range)).toBe(text);
  });

  it("when a commitment's own progress is shown, then it is its percent or its figure, never a share of the way", () => {
    expect(ownProgressText(40, { kind: "percent" })).toBe("40 %");
    const own = ownProgressText(121_507, { kind: "indicator", ...water });
    expect(own).toBe("121,507 of 1,000,000 (baseline 120,000)");
    expect(own).toBe(indicatorFigures(121_507, water));
    expect(own).not.toContain("of the way");
  });
});
