import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../../src/services/changes.js";
import { startTestApp, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { NOW, type Seeded, seedPartnership } from "../../support/seed.js";
import { type Typed, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const OLU = "U0OBS";
const OONA = "U0OUT";

const USAGE =
  "Usage: `/poc org add &lt;name&gt; [sector]` · `/poc org list` · `/poc org rename &lt;old name&gt; to &lt;new name&gt;` · `/poc org remove &lt;name&gt;`.";

const validate = createBlockKitValidator();

describe("/poc org", () => {
  let t: TestApp;
  let seed: Seeded;
  let channel: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    n += 1;
    channel = `C0ORG${n}`;
    seed = seedPartnership(t.poc.services, channel);
  });

  const repos = () => t.poc.services.repos;
  const orgs = () => repos().organizations.list(seed.partnershipId);
  const orgNamed = (name: string) => orgs().find((o) => o.name === name);
  const auditLog = () => repos().audit.list(seed.workspaceId, seed.partnershipId);
  /** Everything a refused command must leave untouched. */
  const snapshot = () => ({
    audit: auditLog().length,
    orgs: repos()
      .organizations.list(seed.partnershipId)
      .map((o) => ({ ...o })),
    removed: [seed.orgs.acme, seed.orgs.river].map(
      (id) => repos().organizations.findById(seed.partnershipId, id)?.removedAt,
    ),
  });

  /** Types a command in this test's channel; the ack's blocks must be valid Block Kit. */
  async function say(userId: string, text: string): Promise<Typed> {
    const typed = await type(t, userId, channel, text);
    expect(typed.status).toBe(200);
    expect(validate("message", typed.reply?.blocks ?? [])).toEqual([]);
    return typed;
  }

  function openCommitment(organizationId: number, ownerMemberId: number, title: string) {
    return repos().commitments.create(
      {
        partnershipId: seed.partnershipId,
        organizationId,
        ownerMemberId,
        title,
        cadence: "weekly",
        checkInWeekday: 4,
        checkInTime: "10:00",
        startedAt: NOW,
        createdBy: CORA,
        createdAt: NOW,
        updatedAt: NOW,
      },
      [],
    );
  }

  describe("add", () => {
    it("when a coordinator adds an organization with a sector, then it is stored, confirmed and audited", async () => {
      const typed = await say(CORA, "org add Helix Labs academia");
      expect(typed.reply?.text).toBe(":white_check_mark: Added *Helix Labs* (academia).");
      expect(orgNamed("Helix Labs")).toMatchObject({
        sector: "academia",
        normalizedName: "helixlabs",
        removedAt: null,
      });
      const entry = auditLog()[0];
      expect(entry).toMatchObject({
        action: "organization.create",
        entity: "organization",
        entityId: orgNamed("Helix Labs")?.id,
        actorUserId: CORA,
        detail: { name: "Helix Labs", sector: "academia" },
      });
    });

    it.each([
      ["org add Valley Council", "Valley Council", "other"],
      ["org add Valley Farmers civil society", "Valley Farmers", "civil_society"],
      ["org add Valley Farmers NGO", "Valley Farmers", "civil_society"],
      ['org add "Public Research" ', "Public Research", "other"],
      ['org add "Valley  Bank" business', "Valley  Bank", "business"],
      ["org add “World Fund” philanthropy", "World Fund", "philanthropy"],
      ["org add Public Research", "Public", "academia"],
      ["org add Acme &amp; Sons business", "Acme & Sons", "business"],
    ])("when %j is typed, then the name is %j and the sector %j", async (text, name, sector) => {
      const typed = await say(CORA, text);
      expect(typed.text).toContain(":white_check_mark: Added");
      expect(orgNamed(name)?.sector).toBe(sector);
    });

    it.each([
      "org add ACME WATER",
      "org add acme   water business",
      "org add AcmeWater",
      'org add " Acme Water " government',
    ])(
      "when %j duplicates an existing name, then it is refused naming the existing organization",
      async (text) => {
        const before = snapshot();
        const typed = await say(CORA, text);
        expect(typed.text).toContain(
          ":warning: This partnership already has *Acme Water* (business); names count as the same whatever their case or spacing. Nothing was changed.",
        );
        expect(snapshot()).toEqual(before);
      },
    );

    it("when a removed organization's name is added again, then the same organization comes back with the new sector", async () => {
      await say(CORA, "org add Old Mill business");
      const id = orgNamed("Old Mill")?.id;
      await say(CORA, "org remove old mill");
      expect(orgNamed("Old Mill")).toBeUndefined();
      const typed = await say(CORA, "org add OLD MILL government");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Added *OLD MILL* (government) back; it had been removed.",
      );
      expect(orgNamed("OLD MILL")).toMatchObject({ id, sector: "government", removedAt: null });
      expect(auditLog()[0]).toMatchObject({
        action: "organization.create",
        entityId: id,
        detail: { restored: true, previousName: "Old Mill" },
      });
    });

    it("when nothing follows add, then the answer gives the usage", async () => {
      const typed = await say(CORA, "org add");
      expect(typed.reply?.text).toBe(
        `:warning: \`/poc org add\` needs a name. ${USAGE}${QUOTE_HINT}`,
      );
    });

    it("when the last word is no sector, then it is part of the name", async () => {
      await say(CORA, "org add Acme business spaceship");
      expect(orgNamed("Acme business spaceship")?.sector).toBe("other");
    });

    it("when the sector after a quoted name is unknown, then it is refused naming the sectors", async () => {
      const before = snapshot();
      const typed = await say(CORA, 'org add "Star Co" <!here>');
      expect(typed.reply?.text).toBe(
        ":warning: *&lt;!here&gt;* is not a sector. Use one of: business, government, civil society, academia, philanthropy, multilateral, other.",
      );
      expect(snapshot()).toEqual(before);
    });

    it("when the name is longer than an option can show, then it is refused with the limit", async () => {
      const before = snapshot();
      const typed = await say(CORA, `org add "${"x".repeat(76)}" business`);
      expect(typed.reply?.text).toBe(
        ":warning: The organization's name is 76 characters; the limit is 75.",
      );
      expect(snapshot()).toEqual(before);
      await say(CORA, `org add "${"y".repeat(75)}" business`);
      expect(orgNamed("y".repeat(75))).toBeDefined();
    });

    it.each(["-", "none"])(
      "when the name is %j, which means no organization, then it is refused",
      async (name) => {
        const before = snapshot();
        const typed = await say(CORA, `org add "${name}"`);
        expect(typed.text).toContain('means "no organization"');
        expect(snapshot()).toEqual(before);
      },
    );
  });

  describe("hostile names", () => {
    it.each([
      ["<!channel>", "&lt;!channel&gt;"],
      ["<!here> team", "&lt;!here&gt; team"],
      ["<http://x|y>", "&lt;http://x|y&gt;"],
      ["<@U0PART> Inc", "&lt;@U0PART&gt; Inc"],
      ["Rock & Roll", "Rock &amp; Roll"],
      ["🌊 Wave Trust", "🌊 Wave Trust"],
      ["שותפות המים", "שותפות המים"],
      ["_under_ ~strike~", "_under_ ~strike~"],
    ])(
      "when an organization is named %j, then it is stored verbatim and every answer shows it escaped",
      async (name, escaped) => {
        const added = await say(CORA, `org add "${name}" business`);
        expect(added.reply?.text).toBe(`:white_check_mark: Added *${escaped}* (business).`);
        expect(orgNamed(name)).toBeDefined();
        const listed = await say(PAT, "org list");
        expect(listed.text).toContain(`*${escaped}* (business) · 0 active members`);
        const renamed = await say(CORA, `org rename "${name}" to "${name} 2"`);
        expect(renamed.reply?.text).toBe(
          `:white_check_mark: Renamed *${escaped}* to *${escaped} 2*.`,
        );
        const removed = await say(CORA, `org remove "${name} 2"`);
        expect(removed.text).toContain(`Removed *${escaped} 2* (business)`);
        for (const answer of [added, listed, renamed, removed]) {
          expect(answer.text).not.toMatch(/<!channel>|<!here>|<http|<@U0PART>/);
        }
      },
    );

    it("when a name holds a star, then it is shown in a code span so the bold cannot break", async () => {
      const typed = await say(CORA, 'org add "Star*Co" business');
      expect(typed.reply?.text).toBe(":white_check_mark: Added `Star*Co` (business).");
    });
  });

  describe("list", () => {
    it("when a partner lists organizations, then each shows its sector, active members and open commitments", async () => {
      openCommitment(seed.orgs.acme, seed.members.pat, "Install 40 filters");
      const closed = openCommitment(seed.orgs.river, seed.members.priya, "Survey wells");
      repos().commitments.update(seed.partnershipId, closed.id, { state: "closed" });
      await say(CORA, "org add Helix Labs academia");
      const typed = await say(PAT, "org list");
      expect(typed.reply?.text).toBe("Organizations of Clean Water Compact: 3 organizations.");
      expect(typed.reply?.blocks).toEqual([
        {
          type: "header",
          text: { type: "plain_text", text: "Organizations of Clean Water Compact", emoji: true },
        },
        section("*Acme Water* (business) · 2 active members · 1 open commitment"),
        section("*Helix Labs* (academia) · 0 active members · 0 open commitments"),
        section("*River NGO* (civil society) · 1 active member · 0 open commitments"),
      ]);
    });

    it("when there are more organizations than sections may hold, then rows share sections within 50 blocks", async () => {
      for (let i = 0; i < 120; i += 1) {
        repos().organizations.upsert({
          partnershipId: seed.partnershipId,
          name: `Org ${String(i).padStart(3, "0")} ${"w".repeat(60)}`,
          normalizedName: `org${i}`,
          sector: "other",
          createdAt: NOW,
        });
      }
      const typed = await say(OLU, "org list");
      const blocks = typed.reply?.blocks ?? [];
      expect(blocks.length).toBeLessThanOrEqual(50);
      expect(blocks.length).toBeLessThan(122);
      expect(typed.text).toContain("Org 000");
      expect(typed.text).toContain("Org 119");
      expect(typed.text).toContain("River NGO");
    });

    it("when the partnership has no organizations, then the list says how to add one", async () => {
      const other = seedPartnership(t.poc.services, `${channel}X`);
      for (const id of Object.values(other.members)) {
        repos().members.update(other.partnershipId, id, { organizationId: null });
      }
      for (const id of Object.values(other.orgs)) {
        repos().organizations.update(other.partnershipId, id, { removedAt: NOW });
      }
      const typed = await type(t, CORA, `${channel}X`, "org list");
      expect(typed.text).toContain(
        "No organizations yet. Add one with `/poc org add &lt;name&gt; [sector]`.",
      );
    });
  });

  describe("rename", () => {
    it.each([
      ["org rename acme water to Acme Water Co", "Acme Water Co"],
      ['org rename "Acme Water" "Acme Utilities"', "Acme Utilities"],
      ['org rename "Acme Water" to Acme H2O', "Acme H2O"],
      ["org rename ACME WATER TO acme water", "acme water"],
    ])("when %j is typed, then the organization is renamed and audited", async (text, name) => {
      const typed = await say(CORA, text);
      expect(typed.reply?.text).toBe(`:white_check_mark: Renamed *Acme Water* to *${name}*.`);
      expect(repos().organizations.findById(seed.partnershipId, seed.orgs.acme)?.name).toBe(name);
      expect(auditLog()[0]).toMatchObject({
        action: "organization.rename",
        entityId: seed.orgs.acme,
        detail: { from: "Acme Water", to: name },
      });
    });

    it("when a name itself holds the word 'to', then the split that names an organization is used", async () => {
      await say(CORA, "org add Back to School civil society");
      const typed = await say(CORA, "org rename back to school to Schools First");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Renamed *Back to School* to *Schools First*.",
      );
    });

    it("when the new name clashes with another organization, then it is refused naming it", async () => {
      const before = snapshot();
      const typed = await say(CORA, "org rename River NGO to  acme  WATER");
      expect(typed.reply?.text).toBe(
        ":warning: This partnership already has *Acme Water* (business); names count as the same whatever their case or spacing. Nothing was changed.",
      );
      expect(snapshot()).toEqual(before);
    });

    it("when the new name is a removed organization's, then it is refused saying how to bring that one back", async () => {
      await say(CORA, "org add Old Mill");
      await say(CORA, "org remove Old Mill");
      const before = snapshot();
      const typed = await say(CORA, "org rename River NGO to old mill");
      expect(typed.text).toContain(
        "*Old Mill* is the name of a removed organization. Bring it back with `/poc org add`",
      );
      expect(snapshot()).toEqual(before);
    });

    it.each([
      ["org rename Nobody to Somebody", "No organization named *Nobody* in this partnership."],
      [
        "org rename Acme Water",
        "`/poc org rename` needs the old name, the word `to`, and the new name.",
      ],
      ['org rename "Acme Water" to', "`/poc org rename` needs the new name after `to`."],
      [
        "org rename Acme Water to Acme Water",
        "*Acme Water* already has that name; nothing was changed.",
      ],
      [
        `org rename Acme Water to ${"z".repeat(76)}`,
        "The organization's name is 76 characters; the limit is 75.",
      ],
    ])("when %j is typed, then it is refused and nothing changes", async (text, message) => {
      const before = snapshot();
      const typed = await say(CORA, text);
      expect(typed.text).toContain(message);
      expect(snapshot()).toEqual(before);
    });
  });

  describe("remove", () => {
    it("when an organization has no members and no open commitments, then it is removed, audited and gone from the list", async () => {
      await say(CORA, "org add Helix Labs academia");
      const id = orgNamed("Helix Labs")?.id ?? 0;
      const typed = await say(CORA, "org remove helix  labs");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Removed *Helix Labs* (academia). Adding the same name again brings it back.",
      );
      expect(repos().organizations.findById(seed.partnershipId, id)?.removedAt).not.toBeNull();
      expect(auditLog()[0]).toMatchObject({
        action: "organization.remove",
        entityId: id,
        detail: { name: "Helix Labs" },
      });
      expect((await say(CORA, "org list")).text).not.toContain("Helix Labs");
    });

    it("when it owns open commitments and has members, then it is refused saying which and who", async () => {
      const c = openCommitment(seed.orgs.acme, seed.members.pat, "Install <!channel> filters");
      const before = snapshot();
      const typed = await say(CORA, "org remove Acme Water");
      expect(typed.reply?.text).toBe(
        `:warning: *Acme Water* cannot be removed while it still owns 1 open commitment: #${c.id} *Install &lt;!channel&gt; filters* (close or drop them with \`/poc commit close|drop &lt;id&gt;\`); and 2 members still belong to it: *Cora Coordinator*, *Pat Partner* (move them with \`/poc member move @user &lt;organization&gt;\` or remove them). Nothing was changed.`,
      );
      expect(snapshot()).toEqual(before);
    });

    it("when only members belong to it, then it is refused naming them", async () => {
      const before = snapshot();
      const typed = await say(CORA, "org remove River NGO");
      expect(typed.reply?.text).toBe(
        ":warning: *River NGO* cannot be removed while a member still belongs to it: *Priya Partner* (move them with `/poc member move @user &lt;organization&gt;` or remove them). Nothing was changed.",
      );
      expect(snapshot()).toEqual(before);
    });

    it("when its commitments are closed and its member moved, then it can be removed", async () => {
      const c = openCommitment(seed.orgs.river, seed.members.priya, "Survey wells");
      repos().commitments.update(seed.partnershipId, c.id, { state: "dropped" });
      await say(CORA, "member move <@U0PART2|part2> Acme Water");
      const typed = await say(CORA, "org remove River NGO");
      expect(typed.text).toContain("Removed *River NGO*");
    });

    it("when the name is unknown, then the answer lists the organizations there are", async () => {
      const typed = await say(CORA, "org remove <!channel>");
      expect(typed.reply?.text).toBe(
        ":mag: No organization named *&lt;!channel&gt;* in this partnership. Its organizations: *Acme Water*, *River NGO*.",
      );
    });
  });

  describe("usage", () => {
    it.each([
      ["org", ":warning: `/poc org` needs what to do."],
      ["org frob", ":grey_question: I don't know `/poc org frob`."],
      ["org frob <!channel>", ":grey_question: I don't know `/poc org frob`."],
      ["org remove", ":warning: `/poc org remove` needs the organization's name."],
      ["org list everything", ":warning: `/poc org list` takes no arguments."],
    ])("when %j is typed, then the answer gives the exact usage", async (text, reason) => {
      const before = snapshot();
      const typed = await say(CORA, text);
      expect(typed.reply?.text).toBe(`${reason} ${USAGE}${QUOTE_HINT}`);
      expect(snapshot()).toEqual(before);
    });

    it("when typed in a channel with no partnership, then it says how to start one", async () => {
      const typed = await type(t, CORA, "C0NOWHERE", "org add Helix Labs");
      expect(typed.reply?.text).toBe(
        ":information_source: This channel has no partnership yet. Run `/poc setup` here to start one.",
      );
    });
  });

  describe("permissions", () => {
    const MANAGE = [
      "org add Helix Labs academia",
      "org rename River NGO to River Trust",
      "org remove Acme Water",
    ];

    it.each([
      [PAT, /^:no_entry: Only coordinators can manage organizations; you are a partner here\.$/],
      [OLU, /^:no_entry: Only coordinators can manage organizations; you are an? observer here\.$/],
      [
        OONA,
        /^:no_entry: You are not a member of this partnership, so you cannot manage organizations\. Ask a coordinator to add you with `\/poc member add`\.$/,
      ],
    ])(
      "when %s tries to add, rename or remove, then it is refused and nothing changes",
      async (user, message) => {
        for (const text of MANAGE) {
          const before = snapshot();
          const typed = await say(user, text);
          expect(typed.reply?.text).toMatch(message);
          expect(snapshot()).toEqual(before);
        }
      },
    );

    it("when a coordinator adds, renames and removes, then each is carried out", async () => {
      await say(CORA, "org add Helix Labs academia");
      await say(CORA, "org rename Helix Labs to Helix Institute");
      await say(CORA, "org remove Helix Institute");
      expect(
        auditLog()
          .map((a) => a.action)
          .slice(0, 3),
      ).toEqual(["organization.remove", "organization.rename", "organization.create"]);
    });

    it.each([CORA, PAT, OLU])("when %s lists organizations, then they see them", async (user) => {
      const typed = await say(user, "org list");
      expect(typed.text).toContain("*Acme Water* (business)");
    });

    it("when a non-member lists organizations, then it is refused", async () => {
      const typed = await say(OONA, "org list");
      expect(typed.reply?.text).toBe(
        ":no_entry: You are not a member of this partnership, so you cannot see this partnership. Ask a coordinator to add you with `/poc member add`.",
      );
    });

    it("when someone coordinates another channel's partnership, then here they are still a non-member", async () => {
      const elsewhere = seedPartnership(t.poc.services, `${channel}Y`);
      repos().members.upsert({
        partnershipId: elsewhere.partnershipId,
        slackUserId: OONA,
        role: "coordinator",
        createdAt: NOW,
      });
      const before = snapshot();
      const refused = await say(OONA, "org add Helix Labs");
      expect(refused.text).toContain("You are not a member of this partnership");
      expect(snapshot()).toEqual(before);
      expect((await type(t, OONA, `${channel}Y`, "org add Helix Labs")).text).toContain("Added");
    });
  });

  it("when an organization changes, then every member's App Home is told", async () => {
    const seen: Change[] = [];
    const stop = t.poc.services.changes.subscribe((c) => seen.push(c));
    try {
      await say(CORA, "org add Helix Labs academia");
    } finally {
      stop();
    }
    expect(seen).toEqual([
      {
        teamId: "T0TEST",
        partnershipId: seed.partnershipId,
        userIds: ["U0COORD", "U0PART", "U0PART2", "U0OBS"],
      },
    ]);
  });
});

const QUOTE_HINT = ' Names with spaces may be quoted: `/poc org add "Acme Water" business`.';

function section(text: string) {
  return { type: "section", text: { type: "mrkdwn", text } };
}
