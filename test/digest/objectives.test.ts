/**
 * The digest's per-objective detail as people read it: the objective's indicator value (the
 * latest report, with separators, its baseline, target and way), and each commitment's own
 * progress beside it, never averaged into a made-up "Progress n %".
 */
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  type DigestCheckInRow,
  type DigestInput,
  digestWindow,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";
import { renderDigest } from "../../src/slack/views/digest.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";
import { commitmentRow, digestInput, ms, objectiveRow } from "../support/digestRows.js";

const NOW = ms("2026-03-16T09:30:00Z");
const WINDOW = digestWindow({ weekday: 1 as Weekday, localTime: "09:00", zone: "UTC" }, NOW);

const commitment = commitmentRow;
const objective = objectiveRow;

function checkIn(
  id: number,
  commitmentId: number,
  iso: string,
  progress: number,
  authorMemberId = 1,
): DigestCheckInRow {
  return {
    id,
    commitmentId,
    authorMemberId,
    status: "on_track",
    progress,
    learning: null,
    createdAt: ms(iso),
  };
}

const input = (overrides: Partial<DigestInput>): DigestInput => digestInput(NOW, overrides);

function detailText(digest: DigestInput): string {
  const rendered = renderDigest(buildDigest(digest, WINDOW), { chart: false });
  const validate = createBlockKitValidator();
  for (const reply of rendered.replies) expect(validate("message", reply.blocks)).toEqual([]);
  return rendered.replies
    .flatMap((r) => r.blocks)
    .flatMap((b: KnownBlock) => (b.type === "section" && b.text ? [b.text.text] : []))
    .join("\n");
}

describe("objectives in the digest's detail", () => {
  it("when an owner reported 121507 people against a target of 1000000 from 120000, then the objective reads with separators, its baseline and its share of the way", () => {
    const text = detailText(
      input({
        objectives: [
          objective(1, {
            title: "Safe water for the valley",
            indicator: "People with safe drinking water",
            baseline: 120_000,
            target: 1_000_000,
          }),
        ],
        commitments: [commitment(1, { title: "Drill wells", progress: 121_507 })],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [checkIn(1, 1, "2026-03-11T10:00:00Z", 121_507)],
      }),
    );
    expect(text).toContain(
      "People with safe drinking water: 121,507 of 1,000,000 (baseline 120,000): 0.2 % of the way (as of 2026-03-11, reported by Pat for *Drill wells*)",
    );
    expect(text).not.toContain("121507");
    expect(text).not.toContain("of target");
    expect(text).not.toMatch(/Progress \d/);
  });

  it("when two owners report 12 and 5 districts, then the objective shows the newer 5, and each commitment its own figure", () => {
    const text = detailText(
      input({
        objectives: [
          objective(1, {
            indicator: "Districts covered",
            unit: "districts",
            baseline: 0,
            target: 40,
          }),
        ],
        commitments: [
          commitment(1, { progress: 12 }),
          commitment(2, { progress: 5, organizationId: 2, ownerMemberId: 2 }),
        ],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [
          checkIn(1, 1, "2026-03-10T10:00:00Z", 12),
          checkIn(2, 2, "2026-03-12T10:00:00Z", 5, 2),
        ],
      }),
    );
    expect(text).toContain(
      "Districts covered: 5 of 40 districts (baseline 0 districts): 13 % of the way (as of 2026-03-12, reported by Priya for *Commitment 2*)",
    );
    expect(text).toMatch(
      /\*Commitment 1\* \(Acme[^)]*\) · 12 of 40 districts \(baseline 0 districts\)/,
    );
    expect(text).toMatch(
      /\*Commitment 2\* \(River[^)]*\) · 5 of 40 districts \(baseline 0 districts\)/,
    );
    expect(text).not.toContain("8.5");
  });

  it("when the indicator falls, then the way is read downward and stated plainly", () => {
    const text = detailText(
      input({
        objectives: [
          objective(1, { indicator: "Children underweight", unit: "%", baseline: 45, target: 5 }),
        ],
        commitments: [commitment(1, { progress: 40 })],
        links: [{ commitmentId: 1, objectiveId: 1 }],
        checkIns: [checkIn(1, 1, "2026-03-10T10:00:00Z", 40)],
      }),
    );
    expect(text).toContain(
      "Children underweight: 40 %, target 5 % (baseline 45 %): 13 % of the way",
    );
  });

  it("when an objective has no indicator, then it shows its commitments' counts and their own percents, and no invented progress", () => {
    const text = detailText(
      input({
        objectives: [objective(1, { title: "Train operators" })],
        commitments: [commitment(1, { progress: 40 }), commitment(2)],
        links: [
          { commitmentId: 1, objectiveId: 1 },
          { commitmentId: 2, objectiveId: 1 },
        ],
        checkIns: [checkIn(1, 1, "2026-03-10T10:00:00Z", 40)],
      }),
    );
    expect(text).toContain(
      "*Objective:* *Train operators*\nCommitments: 1 on track, 0 at risk, 0 off track, 0 done, 1 no check-in",
    );
    expect(text).toMatch(/\*Commitment 1\* \(Acme[^)]*\) · 40 %/);
    expect(text).not.toContain("Progress");
  });

  it("when an indicator has no report yet, then the objective says so with its range", () => {
    const text = detailText(
      input({
        objectives: [
          objective(1, { indicator: "Wells", unit: "wells", baseline: 3, target: 1_500 }),
        ],
        commitments: [commitment(1)],
        links: [{ commitmentId: 1, objectiveId: 1 }],
      }),
    );
    expect(text).toContain("Wells: no value reported yet (baseline 3 wells, target 1,500 wells)");
  });
});
