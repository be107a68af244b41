/**
 * Showing the alignment gaps (src/slack/views/gaps.ts): one heading and one line per gap, a cap
 * with "… and N more", never more than a section holds, user text escaped, and a mention only for
 * a silent owner with a real Slack id.
 */
import { describe, expect, it } from "vitest";
import { type AlignmentGaps, alignmentGaps, type GapRows } from "../../../src/domain/gaps.js";
import { gapLines, gapsSection } from "../../../src/slack/views/gaps.js";

const HOSTILE = "<!channel> & <@U0BOSS> <http://evil.example|click>";

function gaps(over: Partial<GapRows>): AlignmentGaps {
  return alignmentGaps({
    objectives: [],
    organizations: [],
    commitments: [],
    links: [],
    silentOwners: [],
    ...over,
  });
}

const objectives = (n: number, title: (i: number) => string = (i) => `Objective ${i}`) =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    title: title(i + 1),
    state: "active" as const,
  }));

describe("alignment gaps as text", () => {
  it("when there is no gap, then the heading says 0 and one sentence says there is none", () => {
    expect(gapsSection(gaps({}))).toEqual({
      text: "*Alignment gaps (0)*\nNone: every active objective is served, every organization has active work, every active commitment serves an objective and no owner is silent.",
      hidden: 0,
    });
  });

  it("when a surface caps the lines, then the first show and the rest are counted, saying where to read them", () => {
    const section = gapsSection(gaps({ objectives: objectives(30) }), {
      max: 8,
      more: "in the thread",
      prefix: "3. ",
    });
    const lines = section.text.split("\n");
    expect(lines[0]).toBe("*3. Alignment gaps (30)*");
    expect(lines.slice(1, 9)).toEqual(gapLines(gaps({ objectives: objectives(30) })).slice(0, 8));
    expect(lines[9]).toBe("_… and 22 more in the thread_");
    expect(lines).toHaveLength(10);
    expect(section.hidden).toBe(22);
  });

  it("when titles are long and hostile, then the section stays within Slack's 3000 characters, counts what it left out, and nothing pings", () => {
    const g = gaps({ objectives: objectives(40, () => HOSTILE.repeat(10)) });
    const section = gapsSection(g);
    expect(section.text.length).toBeLessThanOrEqual(3000);
    expect(section.hidden).toBeGreaterThan(0);
    const shown = section.text.split("\n").filter((l) => l.startsWith("• ")).length;
    expect(shown + section.hidden).toBe(40);
    expect(section.text).toContain(`_… and ${section.hidden} more_`);
    expect(section.text).not.toMatch(/<!channel>|<@U0BOSS>|<http/);
    expect(section.text).toContain("&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;");
  });

  it("when an organization, a commitment and silent owners are gaps, then the owner with a Slack id is mentioned and the others are named, escaped", () => {
    const lines = gapLines(
      gaps({
        organizations: [{ id: 1, name: HOSTILE, sector: "civil_society", removedAt: null }],
        commitments: [
          {
            id: 7,
            title: "Survey *all* households",
            state: "active",
            organizationId: 2,
            organizationName: "River & Co",
          },
        ],
        silentOwners: [
          {
            memberId: 1,
            slackUserId: "U0PART2",
            displayName: "Priya",
            organizationName: "River & Co",
            silentPeriods: 3,
            silentCommitments: 2,
          },
          {
            memberId: 2,
            slackUserId: "not-an-id",
            displayName: "<!here> Pat",
            organizationName: null,
            silentPeriods: 2,
            silentCommitments: 1,
          },
        ],
      }),
    );
    expect(lines).toEqual([
      "• *&lt;!channel&gt; &amp; &lt;@U0BOSS&gt; &lt;http://evil.example|click&gt;* (civil society): no active commitment",
      "• Commitment #7 `Survey *all* households` (River &amp; Co): serves no active objective",
      "• :zzz: <@U0PART2> (River &amp; Co) is silent: 3 periods in a row unanswered on 2 commitments",
      "• :zzz: &lt;!here&gt; Pat is silent: 2 periods in a row unanswered",
    ]);
  });
});
