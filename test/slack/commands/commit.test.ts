/**
 * `/poc commit` and `/poc commit list|edit|close|drop <id>`: coordinators record commitments for
 * anyone, partners only for themselves and their own organization; everything the modal sends back
 * (owner, organization, objective ids, due date) is checked again on submission.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../../src/services/changes.js";
import { startTestApp, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { lastOpenedView, submit, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const PRIYA = "U0PART2";
const OLU = "U0OBS";
const OONA = "U0OUT";

const FUTURE = "2099-12-31";
const validator = createBlockKitValidator();

type Block = { type: string; block_id?: string; element?: Record<string, unknown> };

describe("/poc commit", () => {
  let t: TestApp;
  let channel: string;
  let seeded: Seeded;
  let n = 0;
  let changes: Change[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    t.poc.services.changes.subscribe((change) => changes.push(change));
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    n += 1;
    channel = `C0COM${n}`;
    t.emulator.addChannel({ id: channel, name: `commitments-${n}` });
    seeded = seedPartnership(t.poc.services, channel);
    changes = [];
  });

  const repos = () => t.poc.services.repos;
  const say = async (user: string, text: string) => {
    const typed = await type(t, user, channel, text);
    expect(typed.status).toBe(200);
    if (typed.reply?.blocks) expect(validator("message", typed.reply.blocks)).toEqual([]);
    return typed;
  };
  const opened = () => t.emulator.callsTo("views.open").length;
  const commitments = () => repos().commitments.list(seeded.partnershipId);
  const auditActions = () =>
    repos()
      .audit.list(seeded.workspaceId, seeded.partnershipId)
      .map((a) => a.action);
  const objective = (title: string, partnershipId = seeded.partnershipId) =>
    repos().objectives.create({
      partnershipId,
      title,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    }).id;
  const element = (view: Record<string, unknown>, blockId: string) =>
    (view.blocks as Block[]).find((b) => b.block_id === blockId)?.element;

  const values = (over: Record<string, unknown> = {}) => ({
    title: { text: "Install 40 water points in the north district" },
    owner: { user: PAT },
    organization: { option: String(seeded.orgs.acme) },
    objectives: { options: [] as string[] },
    due_date: { date: FUTURE },
    cadence: { option: "weekly" },
    weekday: { option: "4" },
    time: { time: "10:00" },
    ...over,
  });

  /** Opens the modal as `user` and submits it with `over`; returns the ack body. */
  const record = async (user: string, over: Record<string, unknown> = {}) => {
    await say(user, "commit");
    return (await submit(t, user, lastOpenedView(t), values(over))).body;
  };

  const recordOk = async (user: string, over: Record<string, unknown> = {}) => {
    const body = await record(user, over);
    expect(body?.errors).toBeUndefined();
    const last = commitments().at(-1);
    if (last === undefined) throw new Error("nothing was recorded");
    return last;
  };

  describe("the modal", () => {
    it("when a coordinator types /poc commit, then the modal opens with the caller as owner, their organization, the active objectives, and Thursday 10:00 weekly", async () => {
      const water = objective("Safe water");
      const retired = objective("Old goal");
      repos().objectives.update(seeded.partnershipId, retired, { state: "retired" });
      await say(CORA, "commit");
      const view = lastOpenedView(t);
      expect(view.callback_id).toBe("poc_commitment");
      expect((view.title as { text: string }).text).toBe("New commitment");
      expect(JSON.parse(String(view.private_metadata))).toEqual({ channelId: channel });
      expect((view.blocks as Block[]).map((b) => b.block_id).filter(Boolean)).toEqual([
        "title",
        "owner",
        "organization",
        "objectives",
        "due_date",
        "cadence",
        "weekday",
        "time",
      ]);
      expect(element(view, "owner")?.initial_user).toBe(CORA);
      expect(element(view, "organization")?.initial_option).toMatchObject({
        value: String(seeded.orgs.acme),
      });
      expect(
        ((element(view, "organization")?.options ?? []) as { value: string }[]).map((o) => o.value),
      ).toEqual([String(seeded.orgs.acme), String(seeded.orgs.river)]);
      expect(
        (
          (element(view, "objectives")?.options ?? []) as {
            text: { text: string };
            value: string;
          }[]
        ).map((o) => [o.value, o.text.text]),
      ).toEqual([[String(water), `#${water} Safe water`]]);
      expect(element(view, "cadence")?.initial_option).toMatchObject({ value: "weekly" });
      expect(element(view, "weekday")?.initial_option).toMatchObject({ value: "4" });
      expect(element(view, "time")?.initial_time).toBe("10:00");
    });

    it("when the partnership has no objectives, then the objectives input is left out and a commitment can still be recorded", async () => {
      await say(CORA, "commit");
      const view = lastOpenedView(t);
      expect(element(view, "objectives")).toBeUndefined();
      const result = await submit(t, CORA, view, values({ objectives: undefined }));
      expect(result.body?.errors).toBeUndefined();
      expect(commitments()).toEqual([expect.objectContaining({ objectiveIds: [] })]);
    });

    it("when the partnership has no organizations, then no modal opens and it says a coordinator must first add one", async () => {
      const ws = repos().workspaces.findByTeamId("T0TEST");
      const bare = repos().partnerships.create({
        workspaceId: ws?.id ?? 0,
        channelId: `C0BARE${n}`,
        name: "Bare",
        timeZone: "UTC",
        createdBy: CORA,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      repos().members.upsert({
        partnershipId: bare.id,
        slackUserId: CORA,
        role: "coordinator",
        createdAt: Date.now(),
      });
      const before = opened();
      const typed = await type(t, CORA, `C0BARE${n}`, "commit");
      expect(typed.text).toContain("A coordinator must first add them with `/poc org add");
      expect(opened()).toBe(before);
    });

    it.each([
      [
        "an observer",
        OLU,
        /Only coordinators and partners can record this commitment; you are an observer here/,
      ],
      ["a non-member", OONA, /not a member of this partnership/],
    ])(
      "when %s types /poc commit, then it is refused before any modal opens",
      async (_label, user, message) => {
        const before = opened();
        const typed = await say(user, "commit");
        expect(typed.text).toMatch(message);
        expect(opened()).toBe(before);
      },
    );
  });

  describe("recording", () => {
    it("when a coordinator records a commitment for Pat, then it is stored with its objectives, anchored now, audited, and Pat's and the coordinators' App Homes are told", async () => {
      const water = objective("Safe water");
      const schools = objective("Schools");
      const before = Date.now();
      const body = await record(CORA, {
        objectives: { options: [String(schools), String(water)] },
        cadence: { option: "biweekly" },
        weekday: { option: "2" },
        time: { time: "09:30" },
      });
      expect(body?.errors).toBeUndefined();
      const [stored] = commitments();
      expect(stored).toMatchObject({
        title: "Install 40 water points in the north district",
        ownerMemberId: seeded.members.pat,
        organizationId: seeded.orgs.acme,
        objectiveIds: [water, schools].sort((a, b) => a - b),
        dueDate: FUTURE,
        cadence: "biweekly",
        checkInWeekday: 2,
        checkInTime: "09:30",
        state: "active",
        currentStatus: null,
        createdBy: CORA,
      });
      expect(stored?.startedAt).toBeGreaterThanOrEqual(before);
      expect(stored?.startedAt).toBeLessThanOrEqual(Date.now());
      expect(auditActions()).toEqual(["commitment.create"]);
      const entry = repos().audit.list(seeded.workspaceId, seeded.partnershipId)[0];
      expect(entry).toMatchObject({ actorUserId: CORA, entityId: stored?.id });
      expect(entry?.detail).toMatchObject({ ownerUserId: PAT, cadence: "biweekly" });
      expect(changes).toHaveLength(1);
      expect([...(changes[0]?.userIds ?? [])].sort()).toEqual([CORA, PAT].sort());
      const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1);
      expect(confirmation?.params).toMatchObject({ channel, user: CORA });
      expect(String(confirmation?.params.text)).toContain(
        "is recorded for Pat Partner (Acme Water). Check-ins: every two weeks, Tuesdays 09:30",
      );
    });

    it("when a partner records a commitment for themselves and their own organization, then it is stored", async () => {
      await say(PAT, "commit");
      const view = lastOpenedView(t);
      expect(element(view, "owner")?.initial_user).toBe(PAT);
      expect(JSON.stringify(view.blocks)).toContain("only for yourself and your own organization");
      const result = await submit(t, PAT, view, values());
      expect(result.body?.errors).toBeUndefined();
      expect(commitments()).toEqual([
        expect.objectContaining({ ownerMemberId: seeded.members.pat, createdBy: PAT }),
      ]);
    });

    it.each([
      ["someone else", (_s: Seeded) => ({ owner: { user: PRIYA } }), "owner"],
      [
        "another organization",
        (s: Seeded) => ({ organization: { option: String(s.orgs.river) } }),
        "organization",
      ],
    ])(
      "when a partner records a commitment for %s, then the modal refuses it inline and nothing is stored",
      async (_label, over, block) => {
        const body = await record(PAT, over(seeded));
        expect(body?.response_action).toBe("errors");
        expect(body?.errors?.[block]).toMatch(
          /As a partner you can record this commitment only for yourself and your own organization/,
        );
        expect(commitments()).toEqual([]);
        expect(auditActions()).toEqual([]);
      },
    );

    it("when the owner is not a member of the partnership, then the modal names them and says how to add them", async () => {
      const body = await record(CORA, { owner: { user: OONA } });
      expect(body?.errors?.owner).toBe(
        "Oona Outsider is not a member of this partnership; a coordinator can add them with /poc member add.",
      );
      expect(commitments()).toEqual([]);
    });

    it("when objectives of another partnership are sent, then they are rejected inline and nothing is stored", async () => {
      const other = seedPartnership(t.poc.services, `C0OTHER${n}`);
      const theirs = objective("Their objective", other.partnershipId);
      const ours = objective("Our objective");
      const body = await record(CORA, { objectives: { options: [String(ours), String(theirs)] } });
      expect(body?.errors?.objectives).toBe(
        `Objective #${theirs} is not an active objective of this partnership. Choose from the list.`,
      );
      expect(commitments()).toEqual([]);
    });

    it.each([
      [
        "a due date in the past",
        { due_date: { date: "2020-01-01" } },
        "due_date",
        /The due date 2020-01-01 is in the past \(today is \d{4}-\d{2}-\d{2} in Europe\/London\)/,
      ],
      [
        "a due date that does not exist",
        { due_date: { date: "2099-02-30" } },
        "due_date",
        /must be a date like/,
      ],
      ["an empty title", { title: { text: "  " } }, "title", /cannot be empty/],
      [
        "a title over 150 characters",
        { title: { text: "t".repeat(151) } },
        "title",
        /151 characters; the limit is 150/,
      ],
      ["no owner", { owner: undefined }, "owner", /Choose who owns this commitment/],
      [
        "an organization of another partnership",
        { organization: { option: "OTHER" } },
        "organization",
        /not in this partnership/,
      ],
      [
        "an organization id that is not a number",
        { organization: { option: "1 OR 1=1" } },
        "organization",
        /Choose an organization from the list/,
      ],
      [
        "an objective id that is not a number",
        { objectives: { options: ["x"] } },
        "objectives",
        /Choose objectives from the list/,
      ],
      [
        "an unknown cadence",
        { cadence: { option: "hourly" } },
        "cadence",
        /Choose weekly, every two weeks or monthly/,
      ],
      ["a weekday out of range", { weekday: { option: "9" } }, "weekday", /Choose a weekday/],
      ["no check-in time", { time: undefined }, "time", /Choose a time of day/],
    ])(
      "when submitted with %s, then the modal shows the error inline and nothing is stored",
      async (_label, over, block, message) => {
        let resolved = over as Record<string, unknown>;
        if (
          "organization" in over &&
          (over.organization as { option: string }).option === "OTHER"
        ) {
          const other = seedPartnership(t.poc.services, `C0OTHER${n}`);
          resolved = { organization: { option: String(other.orgs.acme) } };
        }
        const body = await record(CORA, resolved);
        expect(body?.response_action).toBe("errors");
        expect(body?.errors?.[block]).toMatch(message);
        expect(commitments()).toEqual([]);
        expect(auditActions()).toEqual([]);
      },
    );

    it("when an organization was removed after the modal opened, then choosing it is rejected inline", async () => {
      await say(CORA, "commit");
      const view = lastOpenedView(t);
      repos().organizations.update(seeded.partnershipId, seeded.orgs.river, {
        removedAt: Date.now(),
      });
      const result = await submit(
        t,
        CORA,
        view,
        values({ owner: { user: PRIYA }, organization: { option: String(seeded.orgs.river) } }),
      );
      expect(result.body?.errors?.organization).toMatch(/not in this partnership/);
      expect(commitments()).toEqual([]);
    });

    it("when the title is hostile text, then it is stored verbatim and escaped in the confirmation and the list", async () => {
      const hostile =
        "<!channel> fix <http://evil.example|the bank> for <@U0PART2> & co *now* שלום :rocket:";
      const stored = await recordOk(CORA, { title: { text: hostile } });
      expect(stored.title).toBe(hostile);
      const escaped =
        "&lt;!channel&gt; fix &lt;http://evil.example|the bank&gt; for &lt;@U0PART2&gt; &amp; co *now* שלום :rocket:";
      expect(String(t.emulator.callsTo("chat.postEphemeral").at(-1)?.params.text)).toContain(
        escaped,
      );
      const list = await say(OLU, "commit list");
      expect(list.text).toContain(escaped);
      expect(list.text).not.toMatch(/<!channel>|<http|<@U0PART2>/);
    });
  });

  describe("editing", () => {
    it("when a coordinator edits a commitment, then the modal is prefilled and saving replaces the fields and the objective links, keeping retired ones", async () => {
      const water = objective("Safe water");
      const schools = objective("Schools");
      const old = objective("Old goal");
      const stored = await recordOk(CORA, {
        objectives: { options: [String(water), String(old)] },
        due_date: { date: "2099-06-30" },
        cadence: { option: "monthly" },
        weekday: { option: "1" },
        time: { time: "08:15" },
      });
      repos().objectives.update(seeded.partnershipId, old, { state: "retired" });

      await say(CORA, `commit edit ${stored.id}`);
      const view = lastOpenedView(t);
      expect((view.title as { text: string }).text).toBe("Edit commitment");
      expect(JSON.parse(String(view.private_metadata))).toEqual({
        channelId: channel,
        commitmentId: stored.id,
      });
      expect(element(view, "title")?.initial_value).toBe(stored.title);
      expect(element(view, "owner")?.initial_user).toBe(PAT);
      expect(element(view, "organization")?.initial_option).toMatchObject({
        value: String(seeded.orgs.acme),
      });
      expect(
        ((element(view, "objectives")?.initial_options ?? []) as { value: string }[]).map(
          (o) => o.value,
        ),
      ).toEqual([String(water)]);
      expect(element(view, "due_date")?.initial_date).toBe("2099-06-30");
      expect(element(view, "cadence")?.initial_option).toMatchObject({ value: "monthly" });
      expect(element(view, "weekday")?.initial_option).toMatchObject({ value: "1" });
      expect(element(view, "time")?.initial_time).toBe("08:15");

      const result = await submit(
        t,
        CORA,
        view,
        values({
          title: { text: "Install 50 water points" },
          owner: { user: PRIYA },
          organization: { option: String(seeded.orgs.river) },
          objectives: { options: [String(schools)] },
          cadence: { option: "weekly" },
        }),
      );
      expect(result.body?.errors).toBeUndefined();
      expect(commitments()).toEqual([
        expect.objectContaining({
          id: stored.id,
          title: "Install 50 water points",
          ownerMemberId: seeded.members.priya,
          organizationId: seeded.orgs.river,
          objectiveIds: [schools, old].sort((a, b) => a - b),
          cadence: "weekly",
          startedAt: stored.startedAt,
        }),
      ]);
      expect(auditActions()).toEqual(["commitment.edit", "commitment.create"]);
      expect([...(changes.at(-1)?.userIds ?? [])].sort()).toEqual([CORA, PAT, PRIYA].sort());
    });

    it("when a partner edits their own commitment, then it opens; someone else's, then it is refused before the modal", async () => {
      const pats = await recordOk(CORA, {});
      const priyas = await recordOk(CORA, {
        owner: { user: PRIYA },
        organization: { option: String(seeded.orgs.river) },
      });
      await say(PAT, `commit edit ${pats.id}`);
      const view = lastOpenedView(t);
      const result = await submit(t, PAT, view, values({ title: { text: "Pat's own words" } }));
      expect(result.body?.errors).toBeUndefined();
      expect(repos().commitments.findById(seeded.partnershipId, pats.id)?.title).toBe(
        "Pat's own words",
      );

      const before = opened();
      const refused = await say(PAT, `commit edit ${priyas.id}`);
      expect(refused.text).toMatch(/only for yourself and your own organization/);
      expect(opened()).toBe(before);
      const forged = await submit(
        t,
        PAT,
        {
          ...view,
          private_metadata: JSON.stringify({ channelId: channel, commitmentId: priyas.id }),
        },
        values({ owner: { user: PAT } }),
      );
      expect(forged.body?.errors?.title).toMatch(/only for yourself and your own organization/);
      expect(repos().commitments.findById(seeded.partnershipId, priyas.id)?.ownerMemberId).toBe(
        seeded.members.priya,
      );
    });

    it("when an overdue commitment is edited without touching its due date, then the old date is kept", async () => {
      const stored = await recordOk(CORA, {});
      repos().commitments.update(seeded.partnershipId, stored.id, { dueDate: "2021-03-01" });
      await say(CORA, `commit edit ${stored.id}`);
      const result = await submit(
        t,
        CORA,
        lastOpenedView(t),
        values({ due_date: { date: "2021-03-01" }, title: { text: "Renamed" } }),
      );
      expect(result.body?.errors).toBeUndefined();
      expect(repos().commitments.findById(seeded.partnershipId, stored.id)).toMatchObject({
        title: "Renamed",
        dueDate: "2021-03-01",
      });
    });
  });

  describe("closing and dropping", () => {
    it("when a commitment is closed, then it is closed with a time and audited; closing it again is refused and changes nothing", async () => {
      const stored = await recordOk(CORA, {});
      const before = Date.now();
      const closed = await say(CORA, `commit close ${stored.id}`);
      expect(closed.text).toContain(
        `Commitment #${stored.id} *Install 40 water points in the north district* is closed`,
      );
      const row = repos().commitments.findById(seeded.partnershipId, stored.id);
      expect(row?.state).toBe("closed");
      expect(row?.closedAt).toBeGreaterThanOrEqual(before);
      expect(auditActions()).toEqual(["commitment.close", "commitment.create"]);
      expect([...(changes.at(-1)?.userIds ?? [])].sort()).toEqual([CORA, PAT].sort());

      const again = await say(CORA, `commit close ${stored.id}`);
      expect(again.text).toContain(
        `Commitment #${stored.id} is already closed, so it cannot be closed; nothing was changed.`,
      );
      const drop = await say(CORA, `commit drop ${stored.id}`);
      expect(drop.text).toContain("is already closed, so it cannot be dropped");
      const edit = await say(CORA, `commit edit ${stored.id}`);
      expect(edit.text).toContain("is already closed, so it cannot be edited");
      expect(repos().commitments.findById(seeded.partnershipId, stored.id)?.closedAt).toBe(
        row?.closedAt,
      );
      expect(auditActions()).toEqual(["commitment.close", "commitment.create"]);
      const list = await say(CORA, "commit list");
      expect(list.text).toContain("No active commitments yet");
    });

    it("when a partner drops their own commitment, then it is dropped; closing it afterwards is refused", async () => {
      const stored = await recordOk(PAT, {});
      const dropped = await say(PAT, `commit drop #${stored.id}`);
      expect(dropped.text).toContain("is dropped");
      expect(repos().commitments.findById(seeded.partnershipId, stored.id)?.state).toBe("dropped");
      const close = await say(PAT, `commit close ${stored.id}`);
      expect(close.text).toContain("is already dropped, so it cannot be closed");
      expect(auditActions()).toEqual(["commitment.drop", "commitment.create"]);
    });

    it.each([
      ["a partner who does not own it", PRIYA, /only for yourself and your own organization/],
      [
        "an observer",
        OLU,
        /Only coordinators and partners can change this commitment; you are an observer here/,
      ],
      ["a non-member", OONA, /not a member of this partnership/],
    ])(
      "when %s tries to close, drop or edit a commitment, then it is refused and nothing changes",
      async (_label, user, message) => {
        const stored = await recordOk(CORA, {});
        for (const verb of ["close", "drop", "edit"]) {
          const typed = await say(user, `commit ${verb} ${stored.id}`);
          expect(typed.text).toMatch(message);
        }
        expect(repos().commitments.findById(seeded.partnershipId, stored.id)?.state).toBe("active");
        expect(auditActions()).toEqual(["commitment.create"]);
      },
    );

    it("when the id is unknown, or belongs to another partnership or another workspace, then it answers that there is no such commitment and changes nothing", async () => {
      const other = seedPartnership(t.poc.services, `C0OTHER${n}`);
      const elsewhere = seedPartnership(t.poc.services, `C0ELSE${n}`, "T0ELSEWHERE");
      const make = (s: Seeded) =>
        repos().commitments.create(
          {
            partnershipId: s.partnershipId,
            organizationId: s.orgs.acme,
            ownerMemberId: s.members.cora,
            title: "Theirs",
            cadence: "weekly",
            checkInWeekday: 4,
            checkInTime: "10:00",
            startedAt: Date.now(),
            createdBy: CORA,
            createdAt: Date.now(),
            updatedAt: Date.now(),
          },
          [],
        ).id;
      for (const id of [make(other), make(elsewhere), 987654]) {
        for (const verb of ["close", "drop", "edit"]) {
          const typed = await say(CORA, `commit ${verb} ${id}`);
          expect(typed.text).toContain(`No commitment #${id} in this partnership`);
        }
      }
      expect(repos().commitments.list(other.partnershipId)[0]?.state).toBe("active");
      expect(repos().commitments.list(elsewhere.partnershipId)[0]?.state).toBe("active");
      const notANumber = await say(CORA, "commit close twelve");
      expect(notANumber.text).toContain("`twelve` is not a commitment number");
    });
  });

  describe("listing and usage", () => {
    it("when anyone in the partnership lists commitments, then each active one shows its id, title, owner, organization, cadence and status", async () => {
      const first = await recordOk(CORA, {});
      const second = await recordOk(CORA, {
        title: { text: "Community water committees" },
        owner: { user: PRIYA },
        organization: { option: String(seeded.orgs.river) },
        due_date: undefined,
        cadence: { option: "monthly" },
        weekday: { option: "1" },
        time: { time: "09:00" },
      });
      repos().commitments.update(seeded.partnershipId, second.id, { currentStatus: "at_risk" });
      const list = await say(OLU, "commit list");
      expect(list.text).toContain(
        `#${first.id} *Install 40 water points in the north district*\n      Pat Partner (Acme Water) · weekly, Thursdays 10:00 · due ${FUTURE} · :white_circle: no check-in yet`,
      );
      expect(list.text).toContain(
        `#${second.id} *Community water committees*\n      Priya Partner (River NGO) · monthly, first Monday of the month 09:00 · :large_yellow_circle: at risk`,
      );
    });

    it("when the verb is unknown or the id is missing, then the usage is shown", async () => {
      const unknown = await say(CORA, "commit frobnicate <!here>");
      expect(unknown.text).toContain(
        "`/poc commit frobnicate &lt;!here&gt;` is not something I know",
      );
      expect(unknown.text).toContain("/poc commit drop &lt;id&gt;");
      const missing = await say(CORA, "commit close");
      expect(missing.text).toContain("Which commitment?");
    });

    it("when nothing went wrong, then every modal and message the app sent was accepted by Slack", async () => {
      const since = t.emulator.calls.length;
      objective("Safe water");
      const stored = await recordOk(CORA, {});
      await say(CORA, `commit edit ${stored.id}`);
      const failed = t.emulator.calls
        .slice(since)
        .filter((c) => (c.response as { ok?: boolean }).ok !== true);
      expect(failed.map((c) => `${c.method}: ${JSON.stringify(c.response)}`)).toEqual([]);
    });
  });
});
