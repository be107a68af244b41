/**
 * The edges of set-up found in review: Slack Connect partners writing from their own team into a
 * shared channel, observers and other organizations' commitments, errors that must stay inside
 * Block Kit limits, and ambiguous names.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { literal, quoted, say } from "../../src/domain/wording.js";
import { Person } from "../../src/emulator/person.js";
import { capOptions, option } from "../../src/slack/views/inputs.js";
import { plainOf } from "../../src/slack/views/wording.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../support/app.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";
import { NOW, type Seeded, seedCommitment, seedPartnership } from "../support/seed.js";
import { blocksText, lastOpenedView, submit, type } from "../support/slack.js";

const validate = createBlockKitValidator();

describe("set-up edges", () => {
  let t: TestApp;
  let seed: Seeded;
  beforeEach(async () => {
    t = await startTestApp({
      emulator: {
        users: [
          { id: "U0COORD", name: "coord", realName: "Cora Coordinator", tz: "Europe/London" },
          { id: "U0PART", name: "part", realName: "Pat Partner", tz: "America/New_York" },
          { id: "U0OBS", name: "obs", realName: "Olu Observer", tz: "Africa/Lagos" },
          { id: "U0PART2", name: "part2", realName: "Priya Partner", tz: "Australia/Sydney" },
          {
            id: "U0EXT",
            name: "ext",
            realName: "Ezra External",
            tz: "America/Bogota",
            teamId: "T0OTHER",
            isStranger: true,
          },
          { id: "U0MARIA1", name: "maria1", realName: "Maria Garcia", tz: "Europe/Madrid" },
          { id: "U0MARIA2", name: "maria2", realName: "Maria Garcia", tz: "America/Lima" },
        ],
      },
    });
    seed = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
  });

  const repos = () => t.poc.services.repos;
  const commitment = (ownerMemberId: number, organizationId: number, title: string) =>
    seedCommitment(t.poc.services, {
      partnershipId: seed.partnershipId,
      organizationId,
      ownerMemberId,
      title,
    });

  describe("a Slack Connect partner writes from their own team into the shared channel", () => {
    const ezra = () => new Person("U0EXT", "T0OTHER", t.emulator, t.slack);

    it("when added as a member, then their commands find the host's partnership", async () => {
      await type(t, "U0COORD", CHANNEL_ID, "member add <@U0EXT> River NGO partner");
      const answer = await ezra().type(CHANNEL_ID, "mine");
      const text = blocksText(answer.reply?.blocks);
      expect(text).not.toMatch(/no partnership yet/);
      expect(text).toMatch(/no commitments|no active commitments|You have no commitments/i);
      const status = await ezra().type(CHANNEL_ID, "status");
      expect(blocksText(status.reply?.blocks)).toContain("Clean Water Compact");
    });

    it("when they run /poc setup in the shared channel, then it is refused and no second partnership appears", async () => {
      await type(t, "U0COORD", CHANNEL_ID, "member add <@U0EXT> River NGO partner");
      const before = t.emulator.callsTo("views.open").length;
      const answer = await ezra().type(CHANNEL_ID, "setup");
      expect(answer.reply?.text).toMatch(/Only coordinators can edit this partnership/);
      expect(t.emulator.callsTo("views.open")).toHaveLength(before);
      const other = repos().workspaces.findByTeamId("T0OTHER");
      expect(other === undefined ? [] : repos().partnerships.listActive(other.id)).toEqual([]);
    });

    it("when they use /poc mine in a DM, then their memberships in the host's partnerships are listed", async () => {
      await type(t, "U0COORD", CHANNEL_ID, "member add <@U0EXT> River NGO partner");
      const ezraMember = repos().members.findByUser(seed.partnershipId, "U0EXT");
      commitment(ezraMember?.id ?? 0, seed.orgs.river, "Shared monitoring protocol");
      const answer = await ezra().type("D0EXT", "mine");
      expect(blocksText(answer.reply?.blocks)).toContain("Shared monitoring protocol");
    });
  });

  it("when a coordinator names an observer as a commitment's owner, then the modal says observers never check in", async () => {
    await type(t, "U0COORD", CHANNEL_ID, "commit");
    const result = await submit(t, "U0COORD", lastOpenedView(t), {
      title: { text: "Observer-owned" },
      owner: { user: "U0OBS" },
      organization: { option: String(seed.orgs.acme) },
      cadence: { option: "weekly" },
      weekday: { option: "4" },
      time: { time: "10:00" },
    });
    expect(result.body?.errors?.owner).toMatch(
      /is an observer here and observers are never asked to check in/,
    );
    expect(repos().commitments.list(seed.partnershipId)).toEqual([]);
  });

  it("when a partner tries to drop their commitment filed under another organization, then it is refused", async () => {
    const c = commitment(seed.members.pat, seed.orgs.river, "Filed under River NGO");
    const typed = await type(t, "U0PART", CHANNEL_ID, `commit drop ${c.id}`);
    expect(typed.text).toMatch(/only for yourself and your own organization/);
    expect(repos().commitments.findById(seed.partnershipId, c.id)?.state).toBe("active");
  });

  it("when a modal error quotes hostile text, then it reads as plain text (no mrkdwn marks or entities)", async () => {
    await type(t, "U0COORD", CHANNEL_ID, "setup");
    const result = await submit(t, "U0COORD", lastOpenedView(t), {
      name: { text: "Compact" },
      time_zone: { text: "<x> & y" },
      digest_weekday: { option: "1" },
      digest_time: { time: "09:00" },
    });
    expect(result.body?.errors?.time_zone).toBe(
      "<x> & y is not a time zone. Use an IANA name such as Europe/Berlin or America/Bogota.",
    );
    expect(plainOf(say`${quoted("<!channel>")} & ${literal("x")}`)).toBe("<!channel> & x");
  });

  it("when an error would list 110 organizations, then the reply stays inside one section's 3000 characters", async () => {
    for (let i = 0; i < 110; i += 1) {
      repos().organizations.upsert({
        partnershipId: seed.partnershipId,
        name: `Organization number ${i} with a long name`,
        normalizedName: `organizationnumber${i}withalongname`,
        sector: "other",
        createdAt: NOW,
      });
    }
    const typed = await type(
      t,
      "U0COORD",
      CHANNEL_ID,
      "member add <@U0MARIA1> Nowhere Inc partner",
    );
    const blocks = typed.reply?.blocks ?? [];
    expect(validate("message", blocks)).toEqual([]);
    const section = blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text).toMatch(/Nowhere/);
  });

  it("when two people share the typed name, then the app asks for an @-mention instead of guessing", async () => {
    const typed = await type(
      t,
      "U0COORD",
      CHANNEL_ID,
      'member add "Maria Garcia" Acme Water partner',
    );
    expect(typed.text).toMatch(
      /2 people are called \*Maria Garcia\*: mention the one you mean with @/,
    );
    expect(repos().members.findByUser(seed.partnershipId, "U0MARIA1")).toBeUndefined();
    expect(repos().members.findByUser(seed.partnershipId, "U0MARIA2")).toBeUndefined();
  });
});

describe("select options beyond Slack's 100", () => {
  const many = Array.from({ length: 150 }, (_, i) => option(`Option ${i}`, String(i)));

  it("keeps the chosen ones among the 100 sent, first", () => {
    const capped = capOptions(many, ["120", "140"]);
    expect(capped).toHaveLength(100);
    expect(capped.slice(0, 2).map((o) => o.value)).toEqual(["120", "140"]);
  });

  it("sends short lists unchanged", () => {
    expect(capOptions(many.slice(0, 5), ["3"])).toEqual(many.slice(0, 5));
  });
});
