import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type NewCommitment, prompts } from "../../src/db/schema.js";
import { nextSlot } from "../../src/domain/schedule.js";
import { MODES, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import { NOW, type Seeded, seedPartnership } from "../support/seed.js";
import { blocksText } from "../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const PRIYA = "U0PART2";
const OONA = "U0OUT";
const DAY = 86_400_000;

function addCommitment(
  t: TestApp,
  s: Seeded,
  title: string,
  over: Partial<NewCommitment> = {},
  objectiveIds: number[] = [],
) {
  return t.poc.services.repos.commitments.create(
    {
      partnershipId: s.partnershipId,
      organizationId: s.orgs.acme,
      ownerMemberId: s.members.pat,
      title,
      cadence: "weekly",
      checkInWeekday: 4,
      checkInTime: "10:00",
      startedAt: NOW,
      createdBy: CORA,
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    },
    objectiveIds,
  );
}

let eventSeq = 0;

/** Slack's Events API envelope for a person opening the app's Home tab. */
async function openHome(t: TestApp, user: string, tab = "home") {
  eventSeq += 1;
  return t.slack.event({
    type: "event_callback",
    team_id: TEAM_ID,
    api_app_id: "A0POC",
    event_id: `Ev${eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "app_home_opened", user, channel: `D${user}`, tab },
  });
}

function homeText(t: TestApp, user: string): string {
  const view = t.emulator.homeView(user);
  if (view === undefined) throw new Error(`no Home published for ${user}`);
  return blocksText(view.blocks);
}

const publishesTo = (t: TestApp, user: string) =>
  t.emulator.callsTo("views.publish").filter((c) => c.params.user_id === user);

describe.each(MODES)("App Home over %s", (mode) => {
  let t: TestApp;
  let s: Seeded;
  beforeEach(async () => {
    t = await startTestApp({ mode });
    s = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
  });

  it("when Pat opens the Home tab, then it is published with his commitments, their status and next check-in in his zone", async () => {
    const startedAt = Date.parse("2030-03-08T12:00:00Z");
    addCommitment(t, s, "Install 40 village pumps", { startedAt, dueDate: "2030-12-31" });
    addCommitment(t, s, "Priya's survey", {
      ownerMemberId: s.members.priya,
      organizationId: s.orgs.river,
    });

    const delivery = await openHome(t, PAT);

    expect(delivery.status).toBe(200);
    const call = publishesTo(t, PAT).at(-1);
    expect(call?.response).toMatchObject({ ok: true });
    expect(t.emulator.homeView(PAT)?.type).toBe("home");
    const text = homeText(t, PAT);
    expect(text).toContain("Clean Water Compact");
    expect(text).toContain("You are a partner here · <#C0PARTNER>");
    expect(text).toContain("*Install 40 village pumps*");
    expect(text).toContain(":white_circle: no check-in yet");
    const expected = nextSlot(
      {
        cadence: "weekly",
        weekday: 4,
        localTime: "10:00",
        zone: "America/New_York",
        anchor: startedAt,
      },
      Date.now(),
    ).at;
    expect(expected).toBe(Date.parse("2030-03-14T14:00:00Z"));
    expect(text).toContain(
      `next check-in <!date^${expected / 1000}^{date_short_pretty} at {time}|2030-03-14T14:00:00Z>`,
    );
    expect(text).not.toContain("Priya's survey");
    expect(text).not.toContain("Partnership health");
  });

  it("when the Messages tab is opened, then no Home is published", async () => {
    await openHome(t, PAT, "messages");
    expect(t.emulator.callsTo("views.publish")).toHaveLength(0);
  });

  it("when someone in no partnership opens it, then they are welcomed and told about /poc setup and /poc help", async () => {
    await openHome(t, OONA);
    const text = homeText(t, OONA);
    expect(text).toContain("Welcome to the Partnership Operations Center");
    expect(text).toContain("`/poc setup`");
    expect(text).toContain("`/poc help`");
    expect(text).not.toContain("Clean Water Compact");
  });

  it("when a coordinator opens it, then it also shows the partnership's health: at-risk and off-track counts and every alignment gap, silent owners included", async () => {
    const repos = t.poc.services.repos;
    const gap = repos.objectives.create({
      partnershipId: s.partnershipId,
      title: "Blended finance",
      createdAt: NOW,
      updatedAt: NOW,
    });
    repos.organizations.upsert({
      partnershipId: s.partnershipId,
      name: "Valley Council",
      normalizedName: "valleycouncil",
      sector: "government",
      createdAt: NOW,
    });
    const atRisk = addCommitment(t, s, "At risk work", { currentStatus: "at_risk" });
    const offTrack = addCommitment(t, s, "Off track work", { currentStatus: "off_track" });
    const silent = addCommitment(t, s, "Survey households", {
      ownerMemberId: s.members.priya,
      organizationId: s.orgs.river,
    });
    // Closed periods: each silent prompt has a newer one due at least a day before now.
    for (const weeksAgo of [3, 2, 1]) {
      const dueAt = NOW - weeksAgo * 7 * DAY;
      t.poc.database.db
        .insert(prompts)
        .values({
          commitmentId: silent.id,
          periodKey: `W:${new Date(dueAt).toISOString().slice(0, 10)}`,
          dueAt,
          state: "sent",
          createdAt: dueAt,
          updatedAt: dueAt,
        })
        .run();
    }

    await openHome(t, CORA);
    await openHome(t, PRIYA);

    const text = homeText(t, CORA);
    expect(text).toContain("You coordinate this partnership");
    expect(text).toContain("*Your commitments:* none active.");
    expect(text).toContain("*Partnership health*");
    expect(text).toContain(
      ":large_yellow_circle: at risk *1*   :red_circle: off track *1*   :white_circle: no check-in yet *1*   (of 3 active)",
    );
    expect(text).toContain(
      [
        "*Alignment gaps (6)*",
        `• Objective #${gap.id} *Blended finance*: no active commitment serves it`,
        "• *Valley Council* (government): no active commitment",
        `• Commitment #${atRisk.id} *At risk work* (Acme Water): serves no active objective`,
        `• Commitment #${offTrack.id} *Off track work* (Acme Water): serves no active objective`,
        `• Commitment #${silent.id} *Survey households* (River NGO): serves no active objective`,
      ].join("\n"),
    );
    expect(text).toMatch(
      /\n• :zzz: <@U0PART2> \(River NGO\) is silent: \d+ periods in a row unanswered/,
    );
    expect(homeText(t, PRIYA)).not.toContain("Partnership health");
  });

  it("when a change names users, then their Home is republished once each with the new data", async () => {
    await openHome(t, PAT);
    expect(homeText(t, PAT)).toContain("*Your commitments:* none active.");
    addCommitment(t, s, "Freshly agreed work");
    const before = { pat: publishesTo(t, PAT).length, priya: publishesTo(t, PRIYA).length };

    t.poc.services.changes.emit({
      teamId: TEAM_ID,
      partnershipId: s.partnershipId,
      userIds: [PAT, PAT, PRIYA, PAT],
    });

    await vi.waitFor(() => {
      expect(homeText(t, PAT)).toContain("*Freshly agreed work*");
      expect(publishesTo(t, PRIYA)).toHaveLength(before.priya + 1);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(publishesTo(t, PAT)).toHaveLength(before.pat + 1);
    expect(publishesTo(t, PRIYA)).toHaveLength(before.priya + 1);
  });

  it("when a publish fails, then nothing breaks and the next change publishes again", async () => {
    t.emulator.failNext({ method: "views.publish", kind: "error", error: "internal_error" });
    t.poc.services.changes.emit({
      teamId: TEAM_ID,
      partnershipId: s.partnershipId,
      userIds: [PAT],
    });
    await vi.waitFor(() => expect(publishesTo(t, PAT)).toHaveLength(1));
    expect(t.emulator.homeView(PAT)).toBeUndefined();

    t.poc.services.changes.emit({
      teamId: TEAM_ID,
      partnershipId: s.partnershipId,
      userIds: [PAT],
    });
    await vi.waitFor(() => expect(t.emulator.homeView(PAT)).toBeDefined());
  });

  it("when titles are hostile, then the Home escapes them", async () => {
    addCommitment(t, s, "<!channel> & <http://evil.example|win> <@U0COORD>");
    t.poc.services.repos.partnerships.update(s.partnershipId, { name: "<!here> Compact" }, NOW);
    await openHome(t, PAT);
    const text = homeText(t, PAT);
    expect(text).toContain(
      "&lt;!channel&gt; &amp; &lt;http://evil.example|win&gt; &lt;@U0COORD&gt;",
    );
    for (const raw of ["<!channel>", "<http://evil", "<@U0COORD>"]) {
      expect(text).not.toContain(raw);
    }
    // The header is plain text: shown verbatim, never parsed by Slack.
    expect(t.emulator.homeView(PAT)?.blocks[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "<!here> Compact" },
    });
  });

  it("when a person has many commitments and partnerships, then the Home stays within 100 blocks and says how many more", async () => {
    for (let i = 1; i <= 15; i += 1) addCommitment(t, s, `Commitment ${i}`);
    await openHome(t, PAT);
    expect(homeText(t, PAT)).toContain("…and 5 more in Clean Water Compact");

    for (let i = 1; i <= 19; i += 1) seedPartnership(t.poc.services, `C0MORE${i}`);
    await openHome(t, CORA);
    const view = t.emulator.homeView(CORA);
    expect(view?.blocks.length).toBeLessThanOrEqual(100);
    // Each coordinator's partnership takes 6 blocks (header, role, commitments, health, gaps,
    // divider): 16 of the 20 fit.
    expect(homeText(t, CORA)).toContain("…and 4 more partnerships.");
  });
});
