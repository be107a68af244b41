/**
 * "What changed" and the week a check-in counts for (docs/definitions.md): every status move is
 * reported once, in the digest whose week its answer counts for, or in the next one when it came
 * after that week's digest; the headline, the chart and the changes read one window.
 */
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  type DigestCheckInRow,
  type DigestCommitmentRow,
  type DigestInput,
  digestWindow,
  previewWindow,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";
import { commitmentRow, digestInput, ms, PARTNERSHIP } from "../support/digestRows.js";

const SPEC = { weekday: 1 as Weekday, localTime: "09:00", zone: "UTC" };
/** Posted Monday 7 Dec 09:00: covers Mon 30 Nov - Sun 6 Dec (W49). */
const W49 = digestWindow(SPEC, ms("2026-12-07T09:00:00Z"));
/** Posted Monday 14 Dec 09:00: covers Mon 7 Dec - Sun 13 Dec (W50). */
const W50 = digestWindow(SPEC, ms("2026-12-14T09:00:00Z"));

/** Acme and Pat only, in a partnership set up on 1 Oct 2026. */
const input = (overrides: Partial<DigestInput> = {}): DigestInput =>
  digestInput(ms("2026-12-14T09:00:00Z"), {
    partnership: { ...PARTNERSHIP, createdAt: ms("2026-10-01T00:00:00Z") },
    organizations: [{ id: 1, name: "Acme", sector: "business", removedAt: null }],
    members: [{ id: 1, slackUserId: "U1", displayName: "Pat", organizationId: 1, removedAt: null }],
    ...overrides,
  });

const commitment = (id: number, overrides: Partial<DigestCommitmentRow> = {}) =>
  commitmentRow(id, { createdAt: ms("2026-10-01T00:00:00Z"), ...overrides });

let nextId = 1;
function checkIn(
  commitmentId: number,
  given: string,
  status: DigestCheckInRow["status"],
  periodStart: string | null = null,
): DigestCheckInRow {
  return {
    id: nextId++,
    commitmentId,
    authorMemberId: 1,
    status,
    progress: null,
    learning: `learned ${nextId}`,
    createdAt: ms(given),
    periodStart: periodStart === null ? null : ms(periodStart),
  };
}

const paths = (d: ReturnType<typeof buildDigest>) =>
  d.changes.moves.map((m) => [m.id, m.kind, m.path.join(">"), m.late]);

describe("what changed: every status move", () => {
  it("when a commitment moves from off track to at risk, then it is reported as better, not left out", () => {
    const d = buildDigest(
      input({
        commitments: [commitment(1)],
        checkIns: [
          checkIn(1, "2026-11-26T10:00:00Z", "off_track"),
          checkIn(1, "2026-12-08T10:00:00Z", "at_risk"),
        ],
      }),
      W50,
    );
    expect(paths(d)).toEqual([[1, "better", "off_track>at_risk", false]]);
  });

  it("when several commitments move, then worse comes first, then done, better, moved and back, first check-ins", () => {
    const d = buildDigest(
      input({
        commitments: [1, 2, 3, 4, 5].map((id) => commitment(id)),
        checkIns: [
          ...[1, 2, 3, 4].map((id) => checkIn(id, "2026-11-26T10:00:00Z", "at_risk")),
          checkIn(1, "2026-12-08T10:00:00Z", "on_track"),
          checkIn(2, "2026-12-08T10:00:00Z", "on_track"),
          checkIn(2, "2026-12-10T10:00:00Z", "at_risk"),
          checkIn(3, "2026-12-09T10:00:00Z", "done"),
          checkIn(4, "2026-12-11T10:00:00Z", "off_track"),
          checkIn(5, "2026-12-08T12:00:00Z", "on_track"),
        ],
      }),
      W50,
    );
    expect(paths(d)).toEqual([
      [4, "worse", "at_risk>off_track", false],
      [3, "done", "at_risk>done", false],
      [1, "better", "at_risk>on_track", false],
      [2, "back", "at_risk>on_track>at_risk", false],
      [5, "first", "none>on_track", false],
    ]);
  });

  it("when a coordinator closes a commitment without a done check-in, then it is a move to done", () => {
    const d = buildDigest(
      input({
        commitments: [commitment(1, { state: "closed", closedAt: ms("2026-12-09T10:00:00Z") })],
        checkIns: [checkIn(1, "2026-11-26T10:00:00Z", "on_track")],
      }),
      W50,
    );
    expect(paths(d)).toEqual([[1, "done", "on_track>done", false]]);
  });

  it("when a status is reported again unchanged, then it is no move", () => {
    const d = buildDigest(
      input({
        commitments: [commitment(1)],
        checkIns: [
          checkIn(1, "2026-11-26T10:00:00Z", "at_risk"),
          checkIn(1, "2026-12-08T10:00:00Z", "at_risk"),
        ],
      }),
      W50,
    );
    expect(d.changes.moves).toEqual([]);
  });
});

describe("the week a check-in counts for", () => {
  // Thursday prompts: the period of Thu 3 Dec (W49) runs to Thu 10 Dec.
  const late = checkIn(1, "2026-12-08T10:00:00Z", "off_track", "2026-12-03T10:00:00Z");
  const rows = () =>
    input({
      commitments: [commitment(1)],
      checkIns: [checkIn(1, "2026-11-26T10:00:00Z", "on_track", "2026-11-26T10:00:00Z"), late],
    });

  it("when week 49's prompt is answered on Tuesday of week 50, then the chart puts it in W49 and W50's digest reports the move once, as late", () => {
    const w50 = buildDigest(rows(), W50);
    const w49bar = w50.history.find((w) => w.isoWeek === "2026-W49");
    expect(w49bar?.counts.off_track).toBe(1);
    expect(paths(w50)).toEqual([[1, "worse", "on_track>off_track", true]]);
    expect(w50.learnings.map((l) => l.checkInId)).toEqual([late.id]);
  });

  it("when W49's digest was built before the answer, then it neither counts nor reports it, and says the same when built again later", () => {
    const atSlot = buildDigest({ ...rows(), now: ms("2026-12-07T09:00:00Z") }, W49);
    const later = buildDigest({ ...rows(), now: ms("2026-12-09T12:00:00Z") }, W49);
    for (const d of [atSlot, later]) {
      expect(d.headline.byStatus.on_track).toBe(1);
      expect(d.headline.byStatus.off_track).toBe(0);
      expect(d.changes.moves).toEqual([]);
    }
    // The digest after next has nothing left to report: each move once.
    const w51 = buildDigest(
      { ...rows(), now: ms("2026-12-21T09:00:00Z") },
      digestWindow(SPEC, ms("2026-12-21T09:00:00Z")),
    );
    expect(w51.changes.moves).toEqual([]);
  });

  it("when the answer comes on Monday morning before the digest, then W49's digest counts and reports it, and W50's does not again", () => {
    const early = checkIn(1, "2026-12-07T08:00:00Z", "off_track", "2026-12-03T10:00:00Z");
    const both = input({
      commitments: [commitment(1)],
      checkIns: [checkIn(1, "2026-11-26T10:00:00Z", "on_track", "2026-11-26T10:00:00Z"), early],
    });
    const w49 = buildDigest(both, W49);
    expect(w49.headline.byStatus.off_track).toBe(1);
    expect(paths(w49)).toEqual([[1, "worse", "on_track>off_track", false]]);
    expect(buildDigest(both, W50).changes.moves).toEqual([]);
  });
});

describe("one window per digest", () => {
  it("when previewed right after an off-track check-in, then the headline, the changes and the chart's last bar all show it", () => {
    const now = ms("2026-12-09T12:00:00Z");
    const d = buildDigest(
      input({
        now,
        commitments: [commitment(1), commitment(2)],
        checkIns: [
          checkIn(1, "2026-11-26T10:00:00Z", "on_track"),
          checkIn(2, "2026-11-26T10:00:00Z", "on_track"),
          checkIn(1, "2026-12-09T11:00:00Z", "off_track"),
        ],
        prompts: [
          {
            commitmentId: 1,
            state: "answered",
            dueAt: ms("2026-12-08T10:00:00Z"),
            answeredAt: ms("2026-12-09T11:00:00Z"),
          },
          {
            commitmentId: 2,
            state: "sent",
            dueAt: ms("2026-12-08T10:00:00Z"),
            answeredAt: null,
          },
        ],
      }),
      previewWindow(SPEC, now),
    );
    expect(d.headline.byStatus.off_track).toBe(1);
    expect(d.history.at(-1)?.counts.off_track).toBe(1);
    expect(paths(d)).toEqual([[1, "worse", "on_track>off_track", false]]);
    expect([d.headline.answered, d.headline.sent]).toEqual([1, 2]);
  });

  it("when the partnership began in week 48, then the chart starts at W48, not eight weeks back", () => {
    const d = buildDigest(
      input({
        partnership: { ...input().partnership, createdAt: ms("2026-11-25T10:00:00Z") },
        commitments: [commitment(1, { createdAt: ms("2026-11-25T11:00:00Z") })],
      }),
      W50,
    );
    expect(d.history.map((w) => w.isoWeek)).toEqual(["2026-W48", "2026-W49", "2026-W50"]);
  });
});
