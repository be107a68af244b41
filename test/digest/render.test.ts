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

const ms = (iso: string): number => Date.parse(iso);
const NOW = ms("2026-03-16T09:30:00Z");
const WINDOW = digestWindow({ weekday: 1 as Weekday, localTime: "09:00", zone: "UTC" }, NOW);
const validate = createBlockKitValidator();
const HOSTILE = "<!channel> *bold* <http://evil.example|click> & <@U0BOSS>";

function commitment(id: number, overrides: Partial<DigestCommitmentRow> = {}): DigestCommitmentRow {
  return {
    id,
    title: `Commitment ${id}`,
    organizationId: 1,
    ownerMemberId: 1,
    state: "active",
    dueDate: "2026-06-30",
    currentStatus: null,
    progress: null,
    lastCheckInAt: null,
    createdAt: ms("2026-01-01T00:00:00Z"),
    closedAt: null,
    ...overrides,
  };
}

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    now: NOW,
    partnership: { id: 1, name: "Water for All", channelId: "C1", timeZone: "UTC" },
    organizations: [
      { id: 1, name: "Acme", sector: "business", removedAt: null },
      { id: 2, name: "River", sector: "civil_society", removedAt: null },
    ],
    members: [
      { id: 1, slackUserId: "U1", displayName: "Pat", organizationId: 1, removedAt: null },
      { id: 2, slackUserId: "U2", displayName: "Priya", organizationId: 2, removedAt: null },
    ],
    objectives: [],
    commitments: [],
    links: [],
    checkIns: [],
    prompts: [],
    silentOwners: [],
    blockers: [],
    helpers: [],
    decisions: [],
    ...overrides,
  };
}

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
  it("when a small partnership's digest is rendered, then the parent holds the headline, a valid chart with its figures in text, and the thread the detail", () => {
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
    expect(parentText).toContain(
      `2026-W12: ${week?.counts.on_track} on track · ${week?.counts.at_risk} at risk`,
    );
    expect(parentText).toContain("*Blockers needing help*");
    expect(r.parent.text).toContain("Weekly digest for Water for All, week ending 2026-03-16");
    expect(r.replies).toHaveLength(1);
    const detail = sectionTexts(r.replies[0]?.blocks ?? []).join("\n");
    expect(detail).toContain("*Objective:* *Objective 1: reach every village in district 1*");
    expect(detail).toContain("*Learnings this week*");
    expect(detail).toContain("*Open blockers* (oldest first)");
  });

  it("when the chart is turned off, then no chart block is sent and the figures remain in text", () => {
    const r = renderDigest(buildDigest(big(10), WINDOW), { chart: false });
    expectValid(r);
    expect(r.parent.blocks.some((b) => (b.type as string) === "data_visualization")).toBe(false);
    expect(sectionTexts(r.parent.blocks).join("\n")).toContain("*Status mix by week*\n2026-W05:");
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

  it("when a partnership is brand new, then the digest says so plainly and is still valid", () => {
    const r = renderDigest(buildDigest(input(), WINDOW), { chart: true });
    expectValid(r);
    const text = sectionTexts(r.parent.blocks).join("\n");
    expect(text).toContain("*0 active commitments*");
    expect(text).toContain("Nothing changed status this week.");
    expect(text).toContain("None: every open blocker has someone helping.");
  });
});
