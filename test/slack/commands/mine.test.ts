import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIns, type NewCommitment } from "../../../src/db/schema.js";
import { nextSlot } from "../../../src/domain/schedule.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { NOW, type Seeded, seedCommitment, seedPartnership } from "../../support/seed.js";
import { type Typed, type } from "../../support/slack.js";

const PAT = "U0PART";
const OLU = "U0OBS";
const OONA = "U0OUT";
const validate = createBlockKitValidator();

/** A commitment written straight to the database, owned by Pat for Acme unless told otherwise. */
function addCommitment(
  t: TestApp,
  s: Seeded,
  title: string,
  over: Partial<NewCommitment> = {},
  objectiveIds: number[] = [],
) {
  return seedCommitment(
    t.poc.services,
    {
      partnershipId: s.partnershipId,
      organizationId: s.orgs.acme,
      ownerMemberId: s.members.pat,
      title,
      dueDate: "2027-06-30",
      ...over,
    },
    objectiveIds,
  );
}

function expectValidMessage(typed: Typed) {
  expect(typed.reply?.response_type).toBe("ephemeral");
  expect(validate("message", typed.reply?.blocks ?? [])).toEqual([]);
}

describe("/poc mine", () => {
  let t: TestApp;
  let s: Seeded;
  beforeEach(async () => {
    t = await startTestApp();
    s = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
  });

  it("when Pat (New York) asks in the channel, then the next check-in is the right instant in his zone, as a <!date> Slack renders for the reader", async () => {
    // Starts Friday 2030-03-08; weekly on Thursday 10:00 in New York. US daylight saving begins
    // Sunday 2030-03-10, so the first check-in is Thursday 2030-03-14 10:00 EDT = 14:00Z (in
    // the partnership's London zone it would have been 10:00Z).
    const startedAt = Date.parse("2030-03-08T12:00:00Z");
    addCommitment(t, s, "Install 40 village pumps", { startedAt });
    const expected = Date.parse("2030-03-14T14:00:00Z");
    expect(
      nextSlot(
        {
          cadence: "weekly",
          weekday: 4,
          localTime: "10:00",
          zone: "America/New_York",
          anchor: startedAt,
        },
        Date.now(),
      ).at,
    ).toBe(expected);

    const typed = await type(t, PAT, CHANNEL_ID, "mine");

    expect(typed.status).toBe(200);
    expectValidMessage(typed);
    expect(typed.text).toContain(
      `next check-in <!date^${expected / 1000}^{date_short_pretty} at {time}|2030-03-14T14:00:00Z>`,
    );
    expect(typed.text).toContain("*Install 40 village pumps*");
    expect(typed.text).toContain(":white_circle: no check-in yet");
    expect(typed.text).toContain("due 2027-06-30");
  });

  it("when Pat has checked in, then mine shows the organization, objectives, last status and progress, and only his active commitments", async () => {
    const repos = t.poc.services.repos;
    const objective = (title: string) =>
      repos.objectives.create({
        partnershipId: s.partnershipId,
        title,
        createdAt: NOW,
        updatedAt: NOW,
      }).id;
    const access = objective("Universal water access");
    const quality = objective("Water quality monitoring");
    const pumps = addCommitment(t, s, "Install pumps", {}, [access, quality]);
    t.poc.database.db
      .insert(checkIns)
      .values([
        {
          commitmentId: pumps.id,
          periodKey: "W:2026-11-19",
          authorMemberId: s.members.pat,
          status: "on_track",
          progress: 20,
          createdAt: NOW - 7 * 86_400_000,
        },
        {
          commitmentId: pumps.id,
          periodKey: "W:2026-11-26",
          authorMemberId: s.members.pat,
          status: "at_risk",
          progress: 40,
          createdAt: NOW - 86_400_000,
        },
      ])
      .run();
    addCommitment(t, s, "Finished pilot", { state: "closed", closedAt: NOW });
    addCommitment(t, s, "Priya's survey", {
      ownerMemberId: s.members.priya,
      organizationId: s.orgs.river,
    });

    const typed = await type(t, PAT, CHANNEL_ID, "mine");

    expectValidMessage(typed);
    expect(typed.text).toContain("*Install pumps*");
    expect(typed.text).toContain(
      "Acme Water · serves Universal water access; Water quality monitoring",
    );
    expect(typed.text).toContain(":large_yellow_circle: at risk · progress 40 % · last check-in");
    expect(typed.text).toContain("1 active commitment");
    expect(typed.text).not.toContain("Finished pilot");
    expect(typed.text).not.toContain("Priya's survey");
  });

  it("when Pat asks from a DM, then he sees his commitments of every partnership he belongs to, grouped by partnership", async () => {
    const second = seedPartnership(t.poc.services, "C0SECOND");
    t.poc.services.repos.partnerships.update(
      second.partnershipId,
      { name: "Health Alliance" },
      NOW,
    );
    addCommitment(t, s, "Install pumps");
    addCommitment(t, second, "Train nurses");
    addCommitment(t, second, "Open two clinics");

    const typed = await type(t, PAT, "D0PART", "mine");

    expectValidMessage(typed);
    const text = typed.text;
    expect(text).toContain("*Clean Water Compact* in <#C0PARTNER>: 1 active commitment");
    expect(text).toContain("*Health Alliance* in <#C0SECOND>: 2 active commitments");
    expect(text.indexOf("Install pumps")).toBeLessThan(text.indexOf("Health Alliance"));
    expect(text.indexOf("Health Alliance")).toBeLessThan(text.indexOf("Train nurses"));
    expect(text).toContain("Your commitments: 3 active commitments.");
  });

  it("when Pat is away, then mine says his prompts are paused until that date", async () => {
    addCommitment(t, s, "Install pumps");
    t.poc.services.repos.members.update(s.partnershipId, s.members.pat, {
      awayUntil: "2026-12-24",
    });
    const typed = await type(t, PAT, CHANNEL_ID, "mine");
    expect(typed.text).toContain(":palm_tree: Your prompts are paused until 2026-12-24.");
  });

  it("when someone who is not a member asks, then they are told they have no commitments here, not refused", async () => {
    addCommitment(t, s, "Install pumps");
    const typed = await type(t, OONA, CHANNEL_ID, "mine");
    expectValidMessage(typed);
    expect(typed.reply?.text).toBe("You have no commitments in this partnership.");
    expect(typed.text).not.toContain("Install pumps");
  });

  it("when a member owns nothing, then mine says so and how to record a commitment", async () => {
    const typed = await type(t, OLU, CHANNEL_ID, "mine");
    expect(typed.reply?.text).toBe(
      "You have no commitments in this partnership yet. Record one with `/poc commit`.",
    );
  });

  it("when asked from a DM by someone in no partnership, or in a channel without one, then it says what to do", async () => {
    const dm = await type(t, OONA, "D0OUT", "mine");
    expect(dm.text).toContain("You are not in any partnership yet.");
    const elsewhere = await type(t, PAT, "C0ELSEWHERE", "mine");
    expect(elsewhere.text).toContain("This channel has no partnership yet.");
  });

  it("when titles and names are hostile, then they are escaped and never ping or link", async () => {
    const hostile = "<!channel> & <http://evil.example|click me> <@U0COORD> *bold*";
    const objective = t.poc.services.repos.objectives.create({
      partnershipId: s.partnershipId,
      title: "<!here> goal",
      createdAt: NOW,
      updatedAt: NOW,
    });
    t.poc.services.repos.organizations.update(s.partnershipId, s.orgs.acme, {
      name: "Acme <!everyone>",
    });
    addCommitment(t, s, hostile, {}, [objective.id]);

    const typed = await type(t, PAT, CHANNEL_ID, "mine");

    expectValidMessage(typed);
    expect(typed.text).toContain(
      "&lt;!channel&gt; &amp; &lt;http://evil.example|click me&gt; &lt;@U0COORD&gt; *bold*",
    );
    expect(typed.text).toContain("Acme &lt;!everyone&gt;");
    expect(typed.text).toContain("&lt;!here&gt; goal");
    for (const raw of ["<!channel>", "<!here>", "<!everyone>", "<http://evil", "<@U0COORD>"]) {
      expect(typed.text).not.toContain(raw);
    }
  });

  it("when Pat owns more commitments than a message can hold, then it stays within 50 blocks and says how many more", async () => {
    for (let i = 1; i <= 60; i += 1) addCommitment(t, s, `Commitment ${i}`);
    const typed = await type(t, PAT, CHANNEL_ID, "mine");
    expectValidMessage(typed);
    expect(typed.reply?.blocks?.length).toBeLessThanOrEqual(50);
    expect(typed.text).toContain("60 active commitments");
    expect(typed.text).toContain("…and 13 more commitments in Clean Water Compact.");
  });
});
