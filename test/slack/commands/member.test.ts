import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../../src/services/changes.js";
import { CHANNEL_ID, startTestApp, TEST_USERS, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { NOW, type Seeded, seedPartnership } from "../../support/seed.js";
import { type Typed, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const PRIYA = "U0PART2";
const OLU = "U0OBS";
const OONA = "U0OUT";

const USAGE =
  "Usage: `/poc member add @user &lt;organization|-&gt; [coordinator|partner|observer]` · `/poc member list` · `/poc member role @user &lt;coordinator|partner|observer&gt;` · `/poc member move @user &lt;organization|-&gt;` · `/poc member remove @user`.";

const validate = createBlockKitValidator();

describe("/poc member", () => {
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
    channel = `C0MEM${n}`;
    seed = seedPartnership(t.poc.services, channel);
  });

  const repos = () => t.poc.services.repos;
  const member = (userId: string) => repos().members.findByUser(seed.partnershipId, userId);
  const auditLog = () => repos().audit.list(seed.workspaceId, seed.partnershipId);
  /** Everything a refused command must leave untouched. */
  const snapshot = () => ({
    audit: auditLog().length,
    members: TEST_USERS.map((u) => repos().members.findAnyByUser(seed.partnershipId, u.id)),
  });

  /** Types a command in this test's channel; the ack's blocks must be valid Block Kit. */
  async function say(userId: string, text: string): Promise<Typed> {
    const typed = await type(t, userId, channel, text);
    expect(typed.status).toBe(200);
    expect(validate("message", typed.reply?.blocks ?? [])).toEqual([]);
    return typed;
  }

  async function refused(userId: string, text: string): Promise<string> {
    const before = snapshot();
    const typed = await say(userId, text);
    expect(snapshot()).toEqual(before);
    return typed.reply?.text ?? "";
  }

  function openCommitment(ownerMemberId: number, title: string) {
    return repos().commitments.create(
      {
        partnershipId: seed.partnershipId,
        organizationId: seed.orgs.acme,
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
    it("when a coordinator adds someone by mention, then their Slack name and zone are stored, it is confirmed, audited and announced", async () => {
      const seen: Change[] = [];
      const stop = t.poc.services.changes.subscribe((c) => seen.push(c));
      let typed: Typed;
      try {
        typed = await say(CORA, "member add <@U0OUT|out> River NGO");
      } finally {
        stop();
      }
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Added *Oona Outsider* (partner, *River NGO*). Their check-ins follow Asia/Kolkata.",
      );
      const oona = member(OONA);
      expect(oona).toMatchObject({
        role: "partner",
        organizationId: seed.orgs.river,
        displayName: "Oona Outsider",
        timeZone: "Asia/Kolkata",
        isExternal: false,
        removedAt: null,
      });
      expect(oona?.timeZoneFetchedAt).toBeGreaterThan(0);
      expect(auditLog()[0]).toMatchObject({
        action: "member.create",
        entity: "member",
        entityId: oona?.id,
        actorUserId: CORA,
        detail: { slackUserId: OONA, role: "partner", organizationId: seed.orgs.river },
      });
      expect(seen).toEqual([
        { teamId: "T0TEST", partnershipId: seed.partnershipId, userIds: [OONA, CORA] },
      ]);
    });

    it.each([
      ["<@U0OUT>", "escaped without a name"],
      ["<@U0OUT|out>", "escaped with the handle"],
      ["U0OUT", "a bare member ID"],
      ["@out", "a plain @handle"],
      ["out", "a plain handle"],
      ["@OUT", "a handle in capitals"],
      ['"Oona Outsider"', "the quoted full name"],
    ])("when the person is typed as %s (%s), then it is Oona", async (mention) => {
      const typed = await say(CORA, `member add ${mention} Acme Water observer`);
      expect(typed.reply?.text).toContain(":white_check_mark: Added *Oona Outsider* (observer,");
      expect(member(OONA)).toMatchObject({ role: "observer", organizationId: seed.orgs.acme });
    });

    it("when a plain handle is typed, then the app looks the person up in users.list", async () => {
      await say(CORA, "member add @out Acme Water");
      expect(t.emulator.callsTo("users.list").length).toBeGreaterThan(0);
      expect(member(OONA)?.role).toBe("partner");
    });

    it.each([
      ["<@U0OUT> acme   WATER coordinator", "coordinator", "acme"],
      ['<@U0OUT> "River NGO" observer', "observer", "river"],
      ["<@U0OUT> rivern go partner", "partner", "river"],
      ["<@U0OUT> - observer", "observer", null],
      ["<@U0OUT> none coordinator", "coordinator", null],
      ["<@U0OUT> observer", "observer", null],
      ["<@U0OUT> Acme Water OBSERVER", "observer", "acme"],
    ] as const)("when %j is added, then the role is %s", async (args, role, org) => {
      const typed = await say(CORA, `member add ${args}`);
      expect(typed.text).toContain(":white_check_mark: Added *Oona Outsider*");
      expect(member(OONA)).toMatchObject({
        role,
        organizationId: org === null ? null : seed.orgs[org],
      });
    });

    it("when someone from another organization's workspace is added, then they are marked external", async () => {
      const typed = await say(CORA, "member add <@U0EXT|ext> River NGO");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Added *Ezra External* (partner, *River NGO*). Their check-ins follow America/Bogota. They join from another organization's workspace.",
      );
      expect(member("U0EXT")).toMatchObject({ isExternal: true, timeZone: "America/Bogota" });
      expect((await say(PAT, "member list")).text).toContain(
        "• *Ezra External* · partner · America/Bogota · external",
      );
    });

    it("when Slack has no zone for the person, then none is stored and the partnership's is used", async () => {
      const typed = await say(CORA, "member add <@U0NOTZ> - observer");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Added *Nia No-Zone* (observer, no organization). Slack has no time zone for them, so the partnership's zone is used.",
      );
      expect(member("U0NOTZ")).toMatchObject({ timeZone: null });
      expect((await say(CORA, "member list")).text).toContain(
        "• *Nia No-Zone* · observer · Europe/London (the partnership's; none in Slack)",
      );
    });

    it("when the same person is looked up again, then Slack's answer comes from the cache", async () => {
      await say(CORA, "member add <@U0NOTZ> - observer");
      const calls = t.emulator.callsTo("users.info").length;
      await say(CORA, "member remove <@U0NOTZ>");
      await say(CORA, "member add <@U0NOTZ> - observer");
      expect(t.emulator.callsTo("users.info").length).toBe(calls);
    });

    it("when the person is already a member, then it says with which role and organization and changes nothing", async () => {
      const text = await refused(CORA, "member add <@U0PART|part> River NGO observer");
      expect(text).toBe(
        ":information_source: *Pat Partner* is already a member (partner, *Acme Water*); nothing was changed. Change their role with `/poc member role @user &lt;role&gt;` or their organization with `/poc member move @user &lt;organization&gt;`.",
      );
    });

    it("when a removed member is added again, then the same membership comes back with the new role and organization", async () => {
      await say(CORA, "member remove <@U0OBS>");
      const typed = await say(CORA, "member add <@U0OBS> River NGO partner");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Added back *Olu Observer* (partner, *River NGO*). Their check-ins follow Africa/Lagos.",
      );
      expect(member(OLU)).toMatchObject({
        id: seed.members.olu,
        role: "partner",
        organizationId: seed.orgs.river,
        removedAt: null,
      });
      expect(auditLog()[0]).toMatchObject({
        action: "member.create",
        entityId: seed.members.olu,
        detail: { restored: true },
      });
    });

    it.each([
      [
        "member add @nobody Acme Water",
        ":mag: I can't find anyone in Slack matching `@nobody`. Mention them with @ and pick them from the list, or use their member ID. Nothing was changed.",
      ],
      [
        "member add <@U0NOPE|nope> Acme Water",
        ":mag: I can't find anyone in Slack matching `&lt;@U0NOPE|nope&gt;`. Mention them with @ and pick them from the list, or use their member ID. Nothing was changed.",
      ],
      [
        "member add @<!channel> Acme Water",
        ":mag: I can't find anyone in Slack matching `@&lt;!channel&gt;`. Mention them with @ and pick them from the list, or use their member ID. Nothing was changed.",
      ],
      [
        "member add <@U0GONE|gone> Acme Water",
        ":warning: *Gil Gone*'s Slack account is deactivated, so they cannot be added. Nothing was changed.",
      ],
      [
        "member add <@U0OUT> Nowhere Inc partner",
        ":mag: No organization named *Nowhere Inc* in this partnership. Its organizations: *Acme Water*, *River NGO*; add another with `/poc org add`, or use `-` for none. Nothing was changed.",
      ],
      [
        "member add <@U0OUT> <!channel>",
        ":mag: No organization named *&lt;!channel&gt;* in this partnership. Its organizations: *Acme Water*, *River NGO*; add another with `/poc org add`, or use `-` for none. Nothing was changed.",
      ],
      [
        "member add <@U0OUT> Acme Water chief",
        ":warning: *chief* is not a role. Use one of: coordinator, partner, observer.",
      ],
      [
        "member add <@U0OUT> Acme Water big boss",
        ":warning: After *Acme Water* I expected a role (coordinator, partner, observer), not *big boss*. Nothing was changed.",
      ],
      [
        "member add <@U0OUT> -",
        ":warning: A partner speaks for an organization: name *Oona Outsider*'s, e.g. `/poc member add @user Acme Water partner`. Only observers and coordinators may have none (`-`). Nothing was changed.",
      ],
      [
        "member add <@U0OUT> partner",
        ":warning: A partner speaks for an organization: name *Oona Outsider*'s, e.g. `/poc member add @user Acme Water partner`. Only observers and coordinators may have none (`-`). Nothing was changed.",
      ],
    ])("when %j is typed, then it is refused clearly and nothing changes", async (text, answer) => {
      expect(await refused(CORA, text)).toBe(answer);
    });
  });

  describe("list", () => {
    it("when a partner lists members, then they are grouped by organization with role and zone", async () => {
      const typed = await say(PAT, "member list");
      expect(typed.reply?.text).toBe("Members of Clean Water Compact: 4 members.");
      expect(typed.reply?.blocks).toEqual([
        {
          type: "header",
          text: { type: "plain_text", text: "Members of Clean Water Compact", emoji: true },
        },
        section(
          "*Acme Water* (business) · 2 members\n• *Cora Coordinator* · coordinator · Europe/London\n• *Pat Partner* · partner · America/New_York",
        ),
        section(
          "*River NGO* (civil society) · 1 member\n• *Priya Partner* · partner · Australia/Sydney",
        ),
        section("*No organization* · 1 member\n• *Olu Observer* · observer · Africa/Lagos"),
      ]);
    });

    it("when names are hostile, then the list shows them escaped", async () => {
      repos().members.update(seed.partnershipId, seed.members.priya, {
        displayName: "<!channel> & <http://x|y> שותפות 🌊",
      });
      const typed = await say(OLU, "member list");
      expect(typed.text).toContain(
        "• *&lt;!channel&gt; &amp; &lt;http://x|y&gt; שותפות 🌊* · partner · Australia/Sydney",
      );
      expect(typed.text).not.toMatch(/<!channel>|<http/);
    });

    it("when there are hundreds of members, then the list stays within 50 blocks", async () => {
      for (let i = 0; i < 300; i += 1) {
        repos().members.upsert({
          partnershipId: seed.partnershipId,
          slackUserId: `U1${String(i).padStart(5, "0")}`,
          role: "partner",
          organizationId: i % 2 === 0 ? seed.orgs.acme : seed.orgs.river,
          displayName: `Person ${i} ${"n".repeat(40)}`,
          timeZone: "Europe/Paris",
          createdAt: NOW,
        });
      }
      const typed = await say(CORA, "member list");
      expect(typed.reply?.text).toBe("Members of Clean Water Compact: 304 members.");
      expect((typed.reply?.blocks ?? []).length).toBeLessThanOrEqual(50);
      expect(typed.text).toContain("*Person 299");
      expect(typed.text).toContain("*Olu Observer*");
    });
  });

  describe("role", () => {
    it("when a coordinator changes a role, then it is confirmed, audited and announced", async () => {
      const seen: Change[] = [];
      const stop = t.poc.services.changes.subscribe((c) => seen.push(c));
      let typed: Typed;
      try {
        typed = await say(CORA, "member role @part coordinator");
      } finally {
        stop();
      }
      expect(typed.reply?.text).toBe(
        ":white_check_mark: *Pat Partner* is now a coordinator (was partner).",
      );
      expect(member(PAT)?.role).toBe("coordinator");
      expect(auditLog()[0]).toMatchObject({
        action: "member.role",
        entityId: seed.members.pat,
        detail: { slackUserId: PAT, from: "partner", to: "coordinator" },
      });
      expect(seen[0]?.userIds).toEqual([PAT, CORA]);
    });

    it("when the last coordinator would be demoted, then it is refused; with a second coordinator it works", async () => {
      expect(await refused(CORA, "member role <@U0COORD> partner")).toBe(
        ":warning: *Cora Coordinator* is the only coordinator: make someone else coordinator first (`/poc member role @user coordinator`). Nothing was changed.",
      );
      await say(CORA, "member role <@U0PART> coordinator");
      await say(PAT, "member role <@U0COORD> partner");
      expect(member(CORA)?.role).toBe("partner");
    });

    it.each([
      [
        "member role <@U0PART> partner",
        ":warning: *Pat Partner* is already a partner; nothing was changed.",
      ],
      [
        "member role <@U0PART> boss",
        ":warning: *boss* is not a role. Use one of: coordinator, partner, observer.",
      ],
      [
        "member role <@U0OBS> partner",
        ":warning: A partner speaks for an organization and *Olu Observer* has none: give them one first with `/poc member move @user &lt;organization&gt;`. Nothing was changed.",
      ],
      [
        "member role <@U0OUT> partner",
        ":mag: <@U0OUT> is not a member of this partnership. Add them with `/poc member add`. Nothing was changed.",
      ],
      [
        "member role @ghost partner",
        ":mag: I can't find anyone in Slack matching `@ghost`. Mention them with @ and pick them from the list, or use their member ID. Nothing was changed.",
      ],
    ])("when %j is typed, then it is refused clearly", async (text, answer) => {
      expect(await refused(CORA, text)).toBe(answer);
    });

    it("when a member who owns open commitments would become an observer, then it is refused naming them", async () => {
      const c = openCommitment(seed.members.pat, "Install filters");
      expect(await refused(CORA, "member role <@U0PART> observer")).toBe(
        `:warning: *Pat Partner* owns open commitments (#${c.id} *Install filters*) and an observer is never asked to check in: hand them to someone else or close them first. Nothing was changed.`,
      );
    });

    it("when the member was removed, then it says so", async () => {
      await say(CORA, "member remove <@U0OBS>");
      expect(await refused(CORA, "member role <@U0OBS> coordinator")).toBe(
        ":mag: *Olu Observer* was removed from this partnership. Add them back with `/poc member add`. Nothing was changed.",
      );
    });
  });

  describe("move", () => {
    it("when a coordinator moves a member, then the organization changes and it is audited", async () => {
      const typed = await say(CORA, "member move <@U0PART> river ngo");
      expect(typed.reply?.text).toBe(
        ":white_check_mark: *Pat Partner* moved from *Acme Water* to *River NGO*.",
      );
      expect(member(PAT)?.organizationId).toBe(seed.orgs.river);
      expect(auditLog()[0]).toMatchObject({
        action: "member.edit",
        detail: {
          slackUserId: PAT,
          organizationFrom: seed.orgs.acme,
          organizationTo: seed.orgs.river,
        },
      });
    });

    it.each([
      [
        "member move <@U0OBS> -",
        ":warning: *Olu Observer* is already with no organization; nothing was changed.",
      ],
      [
        "member move <@U0PART> -",
        ":warning: A partner speaks for an organization: name *Pat Partner*'s, e.g. `/poc member add @user Acme Water partner`. Only observers and coordinators may have none (`-`). Nothing was changed.",
      ],
      [
        "member move <@U0PART> Nowhere",
        ":mag: No organization named *Nowhere* in this partnership. Its organizations: *Acme Water*, *River NGO*; add another with `/poc org add`, or use `-` for none. Nothing was changed.",
      ],
    ])("when %j is typed, then it is refused clearly", async (text, answer) => {
      expect(await refused(CORA, text)).toBe(answer);
    });
  });

  describe("remove", () => {
    it("when a coordinator removes a member, then they are gone from the list, audited and their Home is told", async () => {
      const seen: Change[] = [];
      const stop = t.poc.services.changes.subscribe((c) => seen.push(c));
      let typed: Typed;
      try {
        typed = await say(CORA, "member remove <@U0OBS|obs>");
      } finally {
        stop();
      }
      expect(typed.reply?.text).toBe(
        ":white_check_mark: Removed *Olu Observer* from this partnership. Adding them again brings them back.",
      );
      expect(member(OLU)).toBeUndefined();
      expect(repos().members.findAnyByUser(seed.partnershipId, OLU)?.removedAt).not.toBeNull();
      expect(auditLog()[0]).toMatchObject({
        action: "member.remove",
        entityId: seed.members.olu,
        detail: { slackUserId: OLU },
      });
      expect(seen[0]?.userIds).toEqual([OLU, CORA]);
      expect((await say(CORA, "member list")).text).not.toContain("Olu Observer");
    });

    it("when the member is named by their stored full name, then they are found without Slack", async () => {
      const typed = await say(CORA, 'member remove "priya partner"');
      expect(typed.reply?.text).toContain("Removed *Priya Partner*");
    });

    it("when the member's Slack account was deactivated, then they can still be removed", async () => {
      repos().members.upsert({
        partnershipId: seed.partnershipId,
        slackUserId: "U0GONE",
        role: "observer",
        displayName: "Gil Gone",
        createdAt: NOW,
      });
      const typed = await say(CORA, "member remove <@U0GONE>");
      expect(typed.reply?.text).toContain("Removed *Gil Gone*");
    });

    it("when the last coordinator would be removed, then it is refused", async () => {
      expect(await refused(CORA, "member remove <@U0COORD>")).toBe(
        ":warning: *Cora Coordinator* is the only coordinator: make someone else coordinator first (`/poc member role @user coordinator`). Nothing was changed.",
      );
    });

    it("when the member owns open commitments, then it is refused saying which", async () => {
      const a = openCommitment(seed.members.pat, "Install <!here> filters");
      const b = openCommitment(seed.members.pat, "Train & certify");
      const closed = openCommitment(seed.members.pat, "Old promise");
      repos().commitments.update(seed.partnershipId, closed.id, { state: "closed" });
      expect(await refused(CORA, "member remove <@U0PART>")).toBe(
        `:warning: *Pat Partner* still owns 2 open commitments: #${a.id} *Install &lt;!here&gt; filters*, #${b.id} *Train &amp; certify*. Hand them to someone else, close or drop them first. Nothing was changed.`,
      );
    });

    it("when the person is not a member, then it says so", async () => {
      expect(await refused(CORA, "member remove <@U0OUT>")).toBe(
        ":mag: <@U0OUT> is not a member of this partnership. Add them with `/poc member add`. Nothing was changed.",
      );
    });
  });

  describe("usage", () => {
    it.each([
      ["member", ":warning: `/poc member` needs what to do."],
      ["member frob", ":grey_question: I don't know `/poc member frob`."],
      ["member add", ":warning: `/poc member add` needs a person (@user)."],
      [
        "member add <@U0OUT>",
        ":warning: `/poc member add` needs their organization after the person (`-` for none, for observers and coordinators).",
      ],
      [
        "member add <#C0PARTNER|partnership> Acme Water",
        ":warning: `&lt;#C0PARTNER|partnership&gt;` does not name a person; mention them with @.",
      ],
      ["member role <@U0PART>", ":warning: `/poc member role` needs a person and one role."],
      ["member remove", ":warning: `/poc member remove` needs a person (@user)."],
      ["member remove <@U0PART> <@U0OBS>", ":warning: `/poc member remove` takes one person."],
      ["member list all", ":warning: `/poc member list` takes no arguments."],
    ])("when %j is typed, then the answer gives the exact usage", async (text, reason) => {
      expect(await refused(CORA, text)).toBe(`${reason} ${USAGE}`);
    });

    it("when typed in a channel with no partnership, then it says how to start one", async () => {
      const typed = await type(t, CORA, "C0NOWHERE", "member list");
      expect(typed.reply?.text).toBe(
        ":information_source: This channel has no partnership yet. Run `/poc setup` here to start one.",
      );
    });

    it("when typed in a DM by someone in exactly one partnership elsewhere, then it is not this one", async () => {
      // Cora coordinates every seeded partnership in this file, so a DM cannot pick one.
      const typed = await type(t, CORA, "D0CORA", "member list");
      expect(typed.reply?.text).toMatch(/^:information_source: You are in several partnerships/);
    });
  });

  describe("permissions", () => {
    const MANAGE = [
      "member add <@U0OUT> Acme Water",
      "member role <@U0PART> observer",
      "member move <@U0PART> River NGO",
      "member remove <@U0OBS>",
    ];

    it.each([
      [PAT, /^:no_entry: Only coordinators can manage members; you are a partner here\.$/],
      [PRIYA, /^:no_entry: Only coordinators can manage members; you are a partner here\.$/],
      [OLU, /^:no_entry: Only coordinators can manage members; you are an? observer here\.$/],
      [
        OONA,
        /^:no_entry: You are not a member of this partnership, so you cannot manage members\. Ask a coordinator to add you with `\/poc member add`\.$/,
      ],
    ])(
      "when %s tries to add, change, move or remove a member, then it is refused before asking Slack and nothing changes",
      async (user, message) => {
        for (const text of MANAGE) {
          const lookups = t.emulator.callsTo("users.info").length;
          expect(await refused(user, text)).toMatch(message);
          expect(t.emulator.callsTo("users.info").length).toBe(lookups);
        }
      },
    );

    it("when a coordinator adds, changes, moves and removes, then each is carried out", async () => {
      for (const text of MANAGE) {
        expect((await say(CORA, text)).reply?.text).toMatch(/^:white_check_mark: /);
      }
      expect(
        auditLog()
          .slice(0, 4)
          .map((a) => a.action),
      ).toEqual(["member.remove", "member.edit", "member.role", "member.create"]);
    });

    it.each([CORA, PAT, OLU])("when %s lists members, then they see them", async (user) => {
      expect((await say(user, "member list")).text).toContain("*Priya Partner* · partner");
    });

    it("when a non-member lists members, then it is refused", async () => {
      expect(await refused(OONA, "member list")).toBe(
        ":no_entry: You are not a member of this partnership, so you cannot see this partnership. Ask a coordinator to add you with `/poc member add`.",
      );
    });
  });
});

describe("/poc member with apps in the workspace", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      emulator: {
        users: [
          ...TEST_USERS,
          { id: "U0ROBOT", name: "robot", realName: "Reminder Robot", tz: "UTC", isBot: true },
        ],
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it("when a coordinator tries to add a bot, then it is refused", async () => {
    const seed = seedPartnership(t.poc.services, CHANNEL_ID);
    const typed = await type(t, CORA, CHANNEL_ID, "member add <@U0ROBOT> - observer");
    expect(typed.reply?.text).toBe(
      ":warning: *Reminder Robot* is an app, not a person: only people can be members. Nothing was changed.",
    );
    expect(t.poc.services.repos.members.findAnyByUser(seed.partnershipId, "U0ROBOT")).toBe(
      undefined,
    );
  });
});

function section(text: string) {
  return { type: "section", text: { type: "mrkdwn", text } };
}
