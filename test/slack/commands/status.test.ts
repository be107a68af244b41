import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIns, type NewCommitment, type NewPrompt, prompts } from "../../../src/db/schema.js";
import type { Status } from "../../../src/domain/types.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { NOW, type Seeded, seedPartnership } from "../../support/seed.js";
import { type Typed, type } from "../../support/slack.js";

const CORA = "U0COORD";
const OLU = "U0OBS";
const OONA = "U0OUT";
const DAY = 86_400_000;
const validate = createBlockKitValidator();

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
      startedAt: NOW - 60 * DAY,
      createdBy: CORA,
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    },
    objectiveIds,
  );
}

function checkIn(
  t: TestApp,
  commitmentId: number,
  author: number,
  status: Status,
  daysAgo: number,
) {
  t.poc.database.db
    .insert(checkIns)
    .values({
      commitmentId,
      periodKey: `W:${new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10)}`,
      authorMemberId: author,
      status,
      createdAt: NOW - daysAgo * DAY,
    })
    .run();
}

/** Prompts for consecutive weeks, oldest first, ending `endDaysAgo` days before NOW. */
function promptHistory(
  t: TestApp,
  commitmentId: number,
  states: NewPrompt["state"][],
  endDaysAgo = 0,
) {
  states.forEach((state, i) => {
    const dueAt = NOW - (endDaysAgo + (states.length - 1 - i) * 7) * DAY;
    t.poc.database.db
      .insert(prompts)
      .values({
        commitmentId,
        periodKey: `W:${new Date(dueAt).toISOString().slice(0, 10)}`,
        dueAt,
        state,
        answeredAt: state === "answered" ? dueAt + 3_600_000 : null,
        createdAt: dueAt,
        updatedAt: dueAt,
      })
      .run();
  });
}

function objective(t: TestApp, s: Seeded, title: string, state: "active" | "retired" = "active") {
  return t.poc.services.repos.objectives.create({
    partnershipId: s.partnershipId,
    title,
    state,
    createdAt: NOW,
    updatedAt: NOW,
  }).id;
}

function expectValidMessage(typed: Typed) {
  expect(typed.reply?.response_type).toBe("ephemeral");
  expect(validate("message", typed.reply?.blocks ?? [])).toEqual([]);
}

describe("/poc status", () => {
  let t: TestApp;
  let s: Seeded;
  beforeEach(async () => {
    t = await startTestApp({ clock: () => NOW });
    s = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
  });

  it("when a member asks, then it counts active commitments by latest status and by organization, and names the alignment gaps", async () => {
    const access = objective(t, s, "Universal water access");
    const quality = objective(t, s, "Water quality monitoring");
    const blended = objective(t, s, "Blended finance");
    objective(t, s, "Old retired goal", "retired");
    t.poc.services.repos.organizations.upsert({
      partnershipId: s.partnershipId,
      name: "Valley Council",
      normalizedName: "valleycouncil",
      sector: "government",
      createdAt: NOW,
    });
    const pumps = addCommitment(t, s, "Install pumps", {}, [access]);
    checkIn(t, pumps.id, s.members.pat, "on_track", 3);
    const train = addCommitment(t, s, "Train technicians"); // no check-in yet
    const plan = addCommitment(t, s, "Write the plan", { ownerMemberId: s.members.cora });
    checkIn(t, plan.id, s.members.cora, "on_track", 10);
    checkIn(t, plan.id, s.members.cora, "off_track", 2); // the latest counts
    const survey = addCommitment(t, s, "Survey households", {
      ownerMemberId: s.members.priya,
      organizationId: s.orgs.river,
    });
    checkIn(t, survey.id, s.members.priya, "at_risk", 1);
    // Closed work counts for nothing, and does not cover its objective.
    const old = addCommitment(t, s, "Pilot", { state: "closed", closedAt: NOW }, [quality]);
    checkIn(t, old.id, s.members.pat, "done", 20);

    const typed = await type(t, OLU, CHANNEL_ID, "status");

    expectValidMessage(typed);
    const text = typed.text;
    expect(typed.reply?.blocks?.[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Clean Water Compact", emoji: true },
    });
    expect(text).toContain("Safe water for everyone in the valley");
    expect(text).toContain("*Active commitments:* 4");
    expect(text).toContain(
      ":large_green_circle: on track *1*   :large_yellow_circle: at risk *1*   :red_circle: off track *1*   :white_check_mark: done *0*   :white_circle: no check-in yet *1*",
    );
    expect(text).toContain(
      "• *Acme Water* (business): 3 active commitments (1 on track, 1 off track, 1 no check-in yet)",
    );
    expect(text).toContain("• *River NGO* (civil society): 1 active commitment (1 at risk)");
    expect(text).toContain("• *Valley Council* (government): 0 active commitments");
    // Every kind of gap in one list under one total (docs/definitions.md); nobody is silent.
    expect(text).toContain(
      [
        "*Alignment gaps (6)*",
        `• Objective #${quality} *Water quality monitoring*: no active commitment serves it`,
        `• Objective #${blended} *Blended finance*: no active commitment serves it`,
        "• *Valley Council* (government): no active commitment",
        `• Commitment #${train.id} *Train technicians* (Acme Water): serves no active objective`,
        `• Commitment #${plan.id} *Write the plan* (Acme Water): serves no active objective`,
        `• Commitment #${survey.id} *Survey households* (River NGO): serves no active objective`,
      ].join("\n"),
    );
    expect(text).not.toContain("Old retired goal");
    expect(text).not.toContain("Universal water access");
    expect(text).not.toContain(":zzz:");
  });

  it("when an owner has left the latest closed periods unanswered, then they are listed as silent, once the partnership's threshold is reached", async () => {
    const survey = addCommitment(t, s, "Survey households", {
      ownerMemberId: s.members.priya,
      organizationId: s.orgs.river,
    });
    // Two closed periods unanswered in a row after an answer; a week skipped while away and a
    // pending prompt (not yet due) neither count nor end the run. The newest sent one began a
    // day ago, exactly the reminder delay: its period is still open (no newer one began), so it
    // does not count yet.
    promptHistory(t, survey.id, ["answered", "sent", "skipped", "failed", "sent"], 1);
    promptHistory(t, survey.id, ["pending"], -6);
    // Pat answered, then missed one period, closed since this week's prompt went out a day ago.
    const pumps = addCommitment(t, s, "Install pumps");
    promptHistory(t, pumps.id, ["answered", "sent", "sent"], 1);
    // Cora answered last week's prompt of another commitment, and today's is open: whatever the
    // threshold, not silent.
    const well = addCommitment(t, s, "Dig the well", { ownerMemberId: s.members.cora });
    promptHistory(t, well.id, ["sent", "answered", "sent"]);
    // Cora's two misses are older than her latest answer.
    const plan = addCommitment(t, s, "Write the plan", { ownerMemberId: s.members.cora });
    promptHistory(t, plan.id, ["sent", "sent", "answered"]);

    const typed = await type(t, CORA, CHANNEL_ID, "status");

    expectValidMessage(typed);
    expect(typed.text).toContain(
      "• :zzz: <@U0PART2> (River NGO) is silent: 2 periods in a row unanswered",
    );
    expect(typed.text.match(/:zzz:/g)).toHaveLength(1);

    t.poc.services.repos.partnerships.update(
      s.partnershipId,
      { silentPeriodsBeforeEscalation: 1 },
      NOW,
    );
    const lower = await type(t, CORA, CHANNEL_ID, "status");
    expect(lower.text.match(/:zzz:/g)).toHaveLength(2);
    expect(lower.text).not.toContain("<@U0COORD>");
    expect(lower.text).toContain(
      "• :zzz: <@U0PART> (Acme Water) is silent: 1 period in a row unanswered",
    );
  });

  it("when someone outside the partnership asks, then it is refused and says why", async () => {
    const typed = await type(t, OONA, CHANNEL_ID, "status");
    expect(typed.text).toMatch(
      /not a member of this partnership, so you cannot see this partnership/,
    );
    expect(typed.text).not.toContain("Active commitments");
  });

  it("when the partnership is big, then the answer stays within 50 blocks and says how many more", async () => {
    const repos = t.poc.services.repos;
    for (let i = 1; i <= 40; i += 1) {
      repos.organizations.upsert({
        partnershipId: s.partnershipId,
        name: `Organization ${String(i).padStart(2, "0")} ${"x".repeat(60)}`,
        normalizedName: `org${i}`,
        sector: "other",
        createdAt: NOW,
      });
    }
    for (let i = 1; i <= 30; i += 1) objective(t, s, `Objective ${i} ${"y".repeat(140)}`);
    for (let i = 1; i <= 20; i += 1) {
      const member = repos.members.upsert({
        partnershipId: s.partnershipId,
        slackUserId: `U0MANY${i}`,
        role: "partner",
        organizationId: s.orgs.river,
        createdAt: NOW,
      });
      const c = addCommitment(t, s, `Task ${i}`, {
        ownerMemberId: member.id,
        organizationId: s.orgs.river,
      });
      promptHistory(t, c.id, ["sent", "sent", "sent"], 1);
    }

    const typed = await type(t, CORA, CHANNEL_ID, "status");

    expectValidMessage(typed);
    expect(typed.reply?.blocks?.length).toBeLessThanOrEqual(50);
    expect(typed.text).toContain("…and 27 more organizations");
    // 30 objectives, 41 organizations (Acme too), 20 commitments and 20 silent owners: the
    // first 15 shown.
    expect(typed.text).toContain("*Alignment gaps (111)*");
    expect(typed.text).toContain("_… and 96 more_");
  });
});
