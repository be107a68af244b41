/**
 * The digest as Slack messages: every payload valid Block Kit within 50 blocks and 3000
 * characters a section, a 200-commitment partnership spread over several replies, hostile text
 * escaped, and the chart optional.
 */
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  buildDigest,
  type DigestCheckInRow,
  type DigestCommitmentRow,
  type DigestInput,
  digestWindow,
} from "../../src/domain/digest.js";
import type { Weekday } from "../../src/domain/types.js";
import { type RenderedDigest, renderDigest } from "../../src/slack/views/digest.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";
import { commitmentRow, digestInput, ms } from "../support/digestRows.js";

const NOW = ms("2026-03-16T09:30:00Z");
const WINDOW = digestWindow({ weekday: 1 as Weekday, localTime: "09:00", zone: "UTC" }, NOW);
const validate = createBlockKitValidator();
const HOSTILE = "<!channel> *bold* <http://evil.example|click> & <@U0BOSS>";

const commitment = (id: number, overrides: Partial<DigestCommitmentRow> = {}) =>
  commitmentRow(id, { dueDate: "2026-06-30", ...overrides });

function checkInRow(
  commitmentId: number,
  iso: string,
  status: DigestCheckInRow["status"],
): Omit<DigestCheckInRow, "id"> {
  return {
    commitmentId,
    authorMemberId: 1,
    status,
    progress: null,
    learning: null,
    createdAt: ms(iso),
  };
}

const input = (overrides: Partial<DigestInput> = {}): DigestInput => digestInput(NOW, overrides);

/** A big partnership: `n` commitments over `n / 5` objectives, one check-in and blocker each. */
function big(n: number, text = (i: number) => `Commitment number ${i} with a fairly long title`) {
  const objectives = Array.from({ length: n / 5 }, (_, i) => ({
    id: i + 1,
    title: `Objective ${i + 1}: reach every village in district ${i + 1}`,
    indicator: null,
    unit: null,
    baseline: null,
    target: null,
    targetDate: null,
    state: "active" as const,
  }));
  const statuses = ["on_track", "at_risk", "off_track", "done"] as const;
  const commitments = Array.from({ length: n }, (_, i) =>
    commitment(i + 1, { title: text(i + 1), progress: i % 100, organizationId: 1 + (i % 2) }),
  );
  const checkIns: DigestCheckInRow[] = commitments.map((c, i) => ({
    id: i + 1,
    commitmentId: c.id,
    authorMemberId: 1,
    status: statuses[i % 4] ?? "on_track",
    progress: i % 100,
    learning: `Learning ${i + 1}: ${text(i + 1)}`,
    createdAt: ms("2026-03-10T10:00:00Z") + i * 1000,
  }));
  return input({
    objectives,
    commitments,
    links: commitments.map((c, i) => ({ commitmentId: c.id, objectiveId: (i % (n / 5)) + 1 })),
    checkIns,
    blockers: commitments.map((c, i) => ({
      id: i + 1,
      commitmentId: c.id,
      text: `Blocker ${i + 1}: ${text(i + 1)}`,
      raisedByMemberId: 1,
      couldHelpUserId: null,
      couldHelpOrganizationId: 2,
      helperMemberId: null,
      state: "open" as const,
      escalationLevel: i % 3 === 0 ? 1 : 0,
      lastEscalatedAt: null,
      resolvedByMemberId: null,
      resolvedAt: null,
      resolution: null,
      createdAt: ms("2026-02-01T00:00:00Z") + i * 1000,
    })),
  });
}

function sectionTexts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));
}

function allMessages(r: RenderedDigest) {
  return [r.parent, ...r.replies];
}

function expectValid(r: RenderedDigest): void {
  for (const m of allMessages(r)) {
    expect(validate("message", m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.text.length).toBeGreaterThan(0);
    for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  }
}

describe("rendering the weekly digest", () => {
  it("when a small partnership's digest is rendered, then the parent is short (week, headline, chart, changes, gaps, blockers) and the thread holds the chart's figures and the detail", () => {
    const digest = buildDigest(big(10), WINDOW);
    const r = renderDigest(digest, { chart: true });
    expectValid(r);
    const chart = r.parent.blocks.find((b) => (b.type as string) === "data_visualization") as
      | { chart: { series: { name: string; data: { value: number }[] }[] } }
      | undefined;
    expect(chart).toBeDefined();
    expect(chart?.chart.series.map((s) => s.name)).toEqual([
      "On track",
      "At risk",
      "Off track",
      "Done",
      "No check-in",
    ]);
    expect(chart?.chart.series[0]?.data).toHaveLength(8);
    const parentText = sectionTexts(r.parent.blocks).join("\n");
    expect(parentText).toContain(
      "*10 active commitments*: 3 on track, 3 at risk, 2 off track, 2 done",
    );
    const week = digest.history[7];
    const figures = `W11: ${week?.counts.on_track} on track · ${week?.counts.at_risk} at risk`;
    expect(parentText).not.toContain(figures);
    expect(parentText).toContain("*Blockers needing help*");
    expect(JSON.stringify(r.parent.blocks[1])).toContain("Week of 9 Mar - 15 Mar 2026 (W11)");
    expect(r.parent.text).toContain(
      "Weekly digest for Water for All, week of 9 Mar - 15 Mar 2026 (W11)",
    );
    expect(r.replies).toHaveLength(1);
    const detail = sectionTexts(r.replies[0]?.blocks ?? []).join("\n");
    expect(detail).toContain(`*Status mix by week* (the chart's figures)\nW04: `);
    expect(detail).toContain(figures);
    // Nobody is asked to act in the detail: it names people and pings no one.
    expect(detail).not.toContain("<@");
    expect(detail).toContain("*Objective:* *Objective 1: reach every village in district 1*");
    expect(detail).toContain("*Learnings this week*");
    expect(detail).toContain("*Open blockers* (oldest first)");
  });

  it("when the chart is turned off, then no chart block is sent and the figures remain in text", () => {
    const r = renderDigest(buildDigest(big(10), WINDOW), { chart: false });
    expectValid(r);
    expect(r.parent.blocks.some((b) => (b.type as string) === "data_visualization")).toBe(false);
    const detail = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    expect(detail).toContain("*Status mix by week* (the chart's figures)\nW04:");
  });

  it("when a partnership has 200 commitments, then the detail splits into several valid replies and nothing is lost", () => {
    const r = renderDigest(buildDigest(big(200), WINDOW), { chart: true });
    expectValid(r);
    expect(r.replies.length).toBeGreaterThan(1);
    expect(r.parent.blocks.length).toBeLessThanOrEqual(20);
    const detail = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    for (let i = 1; i <= 200; i++) {
      expect(detail).toContain(`*Commitment number ${i} with a fairly long title*`);
      expect(detail).toContain(`Blocker ${i}: Commitment number ${i} with`);
      expect(detail).toContain(`Learning ${i}: Commitment number ${i} with`);
    }
    expect(r.replies.map((m) => m.text)[0]).toMatch(/^Digest detail for Water for All \(1\/\d+\)/);
    // The parent lists a few blockers and points to the thread for the rest.
    expect(sectionTexts(r.parent.blocks).join("\n")).toContain("… and 192 more in the thread");
  });

  it("when every piece of user text is hostile, then nothing can ping, link or forge a mention", () => {
    const hostile = big(10, () => HOSTILE);
    const digest = buildDigest(
      {
        ...hostile,
        partnership: { ...hostile.partnership, name: HOSTILE },
        organizations: hostile.organizations.map((o) => ({ ...o, name: `${o.name} ${HOSTILE}` })),
        decisions: [
          {
            id: 1,
            text: HOSTILE,
            ownerMemberId: 1,
            dueDate: "2026-03-01",
            state: "open",
            createdAt: ms("2026-01-01T00:00:00Z"),
          },
        ],
      },
      WINDOW,
    );
    const r = renderDigest(digest, { chart: true });
    expectValid(r);
    // Header text is plain_text (never parsed); every mrkdwn text and the fallback are escaped.
    expect(r.parent.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    for (const m of allMessages(r)) {
      const raw = JSON.stringify({
        text: m.text,
        blocks: m.blocks.filter((b) => b.type !== "header"),
      });
      expect(raw).not.toContain("<!channel>");
      expect(raw).not.toContain("<http://evil");
      expect(raw).not.toContain("<@U0BOSS>");
      expect(raw).not.toMatch(/& </);
    }
    const detail = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    expect(detail).toContain("&lt;!channel&gt;");
    expect(detail).toContain("*overdue* (due 2026-03-01)");
  });

  it("when nine commitments are new and one went off track, then the move comes first, the new ones are one line, and only the off-track owner is mentioned", () => {
    const fresh = Array.from({ length: 9 }, (_, i) =>
      commitment(i + 2, { createdAt: ms("2026-03-11T10:00:00Z"), ownerMemberId: 2 }),
    );
    const digest = buildDigest(
      input({
        commitments: [commitment(1), ...fresh],
        checkIns: [
          { ...checkInRow(1, "2026-03-02T10:00:00Z", "on_track"), id: 1 },
          { ...checkInRow(1, "2026-03-12T10:00:00Z", "off_track"), id: 2 },
          ...fresh.map((c, i) => ({
            ...checkInRow(c.id, "2026-03-13T10:00:00Z", "on_track"),
            id: 10 + i,
          })),
        ],
      }),
      WINDOW,
    );
    const r = renderDigest(digest, { chart: true });
    expectValid(r);
    const changes = sectionTexts(r.parent.blocks).find((t) => t.startsWith("*What changed"));
    expect(changes?.split("\n")).toEqual([
      "*What changed that week*",
      ":red_circle: *Commitment 1* (Acme, <@U1>): on track → off track",
      ":large_green_circle: First check-in, on track: 9 commitments (*Commitment 2*, *Commitment 3*, *Commitment 4*, *Commitment 5*, *Commitment 6*, *Commitment 7*, *Commitment 8*, *Commitment 9*, and 1 more)",
      ":new: 9 new commitments: *Commitment 2*, *Commitment 3*, *Commitment 4*, *Commitment 5*, *Commitment 6*, *Commitment 7*, *Commitment 8*, *Commitment 9*, and 1 more",
    ]);
    expect(JSON.stringify(r.parent.blocks)).not.toContain("<@U2>");
    // The thread has them all.
    const all = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    expect(all).toContain("*Commitment 10*");
  });

  it("when someone must act (off-track work, silence, a blocker asking for them, a decision), then the parent pings each once and the thread pings nobody", () => {
    const digest = buildDigest(
      input({
        members: [
          { id: 1, slackUserId: "U0PAT", displayName: "Pat", organizationId: 1, removedAt: null },
          {
            id: 2,
            slackUserId: "U0PRIYA",
            displayName: "Priya",
            organizationId: 2,
            removedAt: null,
          },
        ],
        commitments: [commitment(1), commitment(2, { ownerMemberId: 2, organizationId: 2 })],
        checkIns: [
          { ...checkInRow(1, "2026-03-02T10:00:00Z", "on_track"), id: 1 },
          { ...checkInRow(1, "2026-03-12T10:00:00Z", "off_track"), id: 2 },
        ],
        silentOwners: [{ memberId: 2, silentPeriods: 3, silentCommitments: 1 }],
        blockers: [
          {
            id: 1,
            commitmentId: 1,
            text: "Permit stuck",
            raisedByMemberId: 1,
            couldHelpUserId: "U0PRIYA",
            couldHelpOrganizationId: null,
            helperMemberId: null,
            state: "open",
            escalationLevel: 0,
            lastEscalatedAt: null,
            resolvedByMemberId: null,
            resolvedAt: null,
            resolution: null,
            createdAt: ms("2026-03-10T00:00:00Z"),
          },
        ],
        decisions: [
          {
            id: 1,
            text: "Pick a supplier",
            ownerMemberId: 1,
            dueDate: "2026-03-15",
            state: "open",
            createdAt: ms("2026-03-01T00:00:00Z"),
          },
        ],
      }),
      WINDOW,
    );
    const r = renderDigest(digest, { chart: true });
    expectValid(r);
    const parent = JSON.stringify(r.parent.blocks);
    // Pat's work went off track; Priya is silent and is asked to help with the blocker.
    expect(parent.match(/<@U0PAT>/g)).toHaveLength(1);
    expect(parent.match(/<@U0PRIYA>/g)).toHaveLength(2);
    const thread = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    expect(thread).toContain("Priya silent for 3 closed periods in a row");
    expect(thread).toContain("could help: Priya");
    expect(thread).toContain("• Pick a supplier: Pat, *overdue* (due 2026-03-15)");
    expect(thread).not.toContain("<@");
  });

  it("when a partnership is brand new, then the digest says so plainly, has no empty chart and is still valid", () => {
    const fresh = input();
    const r = renderDigest(
      buildDigest(
        { ...fresh, partnership: { ...fresh.partnership, createdAt: ms("2026-03-11T12:00:00Z") } },
        WINDOW,
      ),
      { chart: true },
    );
    expectValid(r);
    const text = sectionTexts(r.parent.blocks).join("\n");
    expect(text).toContain("*0 active commitments*");
    expect(text).toContain("*Check-ins*: none were due that week");
    expect(text).not.toContain("0 of 0");
    expect(text).toContain("No status moved and no commitment was added.");
    expect(text).toContain("None: every open blocker has someone helping.");
    expect(r.parent.blocks.some((b) => (b.type as string) === "data_visualization")).toBe(false);
  });

  it("when there are more alignment gaps than the parent has room for, then it shows the first and the thread lists them all under the same heading", () => {
    const objectives = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      title: `Objective ${i + 1}`,
      indicator: null,
      unit: null,
      baseline: null,
      target: null,
      targetDate: null,
      state: "active" as const,
    }));
    const r = renderDigest(buildDigest(input({ objectives }), WINDOW), { chart: true });
    expectValid(r);
    // 12 objectives nobody serves, and Acme and River with nothing: 14 gaps.
    const parent = sectionTexts(r.parent.blocks).find((t) => t.startsWith("*Alignment gaps"));
    expect(parent?.split("\n")).toEqual([
      "*Alignment gaps (14)*",
      ...Array.from(
        { length: 8 },
        (_, i) => `• Objective #${i + 1} *Objective ${i + 1}*: no active commitment serves it`,
      ),
      "_… and 6 more in the thread_",
    ]);
    const thread = r.replies.flatMap((m) => sectionTexts(m.blocks)).join("\n");
    expect(thread).toContain("*Alignment gaps (14)*\n• Objective #1 ");
    expect(thread).toContain("• Objective #12 *Objective 12*: no active commitment serves it");
    expect(thread).toContain("• *Acme* (business): no active commitment");
    expect(thread).toContain("• *River* (civil society): no active commitment");
  });
});
