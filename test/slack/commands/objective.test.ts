/**
 * `/poc objective add|list|edit|retire`: a coordinator records the partnership's shared goals in a
 * modal; everyone in the partnership can list them; retired goals leave the commitment form but
 * stay linked to history.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.js";
import { createBlockKitValidator } from "../../support/blockKitValidator.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { blocksText, lastOpenedView, submit, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const OLU = "U0OBS";
const OONA = "U0OUT";

const validator = createBlockKitValidator();

type Block = { type: string; block_id?: string; element?: Record<string, unknown> };

const objectiveValues = (over: Record<string, unknown> = {}) => ({
  title: { text: "Safe water for every household" },
  indicator: { text: "Households with safe water" },
  unit: { text: "households" },
  baseline: { number: "1200" },
  target: { number: "5000" },
  target_date: { date: "2027-12-31" },
  ...over,
});

describe("/poc objective", () => {
  let t: TestApp;
  let channel: string;
  let seeded: Seeded;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    n += 1;
    channel = `C0OBJ${n}`;
    t.emulator.addChannel({ id: channel, name: `objectives-${n}` });
    seeded = seedPartnership(t.poc.services, channel);
  });

  /** Types `/poc …` in the test's channel; the ephemeral reply must be valid Block Kit. */
  const say = async (user: string, text: string) => {
    const typed = await type(t, user, channel, text);
    expect(typed.status).toBe(200);
    if (typed.reply?.blocks) expect(validator("message", typed.reply.blocks)).toEqual([]);
    return typed;
  };
  const repos = () => t.poc.services.repos;
  const objectives = (includeRetired = true) =>
    repos().objectives.list(seeded.partnershipId, { includeRetired });
  const auditActions = () =>
    repos()
      .audit.list(seeded.workspaceId, seeded.partnershipId)
      .map((a) => a.action);
  const opened = () => t.emulator.callsTo("views.open").length;

  const addObjective = async (over: Record<string, unknown> = {}) => {
    await say(CORA, "objective add");
    const result = await submit(t, CORA, lastOpenedView(t), objectiveValues(over));
    expect(result.body?.errors).toBeUndefined();
    const created = objectives().at(-1);
    if (created === undefined) throw new Error("no objective was created");
    return created;
  };

  it("when a coordinator adds an objective, then the modal opens, the objective is stored with its indicator, and it is audited", async () => {
    await say(CORA, "objective add");
    const view = lastOpenedView(t);
    expect(view.callback_id).toBe("poc_objective");
    expect((view.title as { text: string }).text).toBe("New objective");
    expect(JSON.parse(String(view.private_metadata))).toEqual({ channelId: channel });
    expect((view.blocks as Block[]).map((b) => b.block_id).filter(Boolean)).toEqual([
      "title",
      "indicator",
      "unit",
      "baseline",
      "target",
      "target_date",
    ]);

    const result = await submit(t, CORA, view, objectiveValues());
    expect(result.status).toBe(200);
    expect(result.body?.errors).toBeUndefined();
    expect(objectives()).toEqual([
      expect.objectContaining({
        title: "Safe water for every household",
        indicator: "Households with safe water",
        unit: "households",
        baseline: 1200,
        target: 5000,
        targetDate: "2027-12-31",
        state: "active",
      }),
    ]);
    expect(auditActions()).toEqual(["objective.create"]);
    const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1);
    expect(confirmation?.params).toMatchObject({ channel, user: CORA });
    expect(String(confirmation?.params.text)).toContain("Safe water for every household");
  });

  it("when only a title is given, then the objective is stored with no indicator, numbers or date", async () => {
    const created = await addObjective({
      indicator: undefined,
      unit: undefined,
      baseline: undefined,
      target: undefined,
      target_date: undefined,
    });
    expect(created).toMatchObject({
      indicator: null,
      unit: null,
      baseline: null,
      target: null,
      targetDate: null,
    });
  });

  it("when a member lists objectives, then each active one shows its indicator and how many active commitments serve it", async () => {
    const water = await addObjective();
    const schools = await addObjective({
      title: { text: "Every school has a tap" },
      indicator: { text: "Schools with a tap" },
      unit: { text: "%" },
      baseline: undefined,
      target: { number: "100" },
      target_date: undefined,
    });
    for (const title of ["Drill wells", "Train plumbers"]) {
      repos().commitments.create(
        {
          partnershipId: seeded.partnershipId,
          organizationId: seeded.orgs.acme,
          ownerMemberId: seeded.members.pat,
          title,
          cadence: "weekly",
          checkInWeekday: 4,
          checkInTime: "10:00",
          startedAt: Date.now(),
          createdBy: CORA,
          createdAt: Date.now(),
          updatedAt: Date.now(),
        },
        [water.id],
      );
    }

    const typed = await say(OLU, "objective list");
    expect(typed.text).toContain(
      `*#${water.id} Safe water for every household*\n      Households with safe water: 1,200 → 5,000 households by 2027-12-31 · 2 active commitments`,
    );
    expect(typed.text).toContain(
      `*#${schools.id} Every school has a tap*\n      Schools with a tap: target 100 % · _no active commitment serves it_`,
    );
  });

  it("when someone outside the partnership lists objectives, then it is refused", async () => {
    await addObjective();
    const typed = await say(OONA, "objective list");
    expect(typed.text).toMatch(/not a member of this partnership/);
    expect(typed.text).not.toContain("Safe water");
  });

  it("when a coordinator edits an objective, then the modal is prefilled and the change is saved and audited", async () => {
    const created = await addObjective();
    await say(CORA, `objective edit #${created.id}`);
    const view = lastOpenedView(t);
    expect((view.title as { text: string }).text).toBe("Edit objective");
    expect(JSON.parse(String(view.private_metadata))).toEqual({
      channelId: channel,
      objectiveId: created.id,
    });
    const el = (id: string) => (view.blocks as Block[]).find((b) => b.block_id === id)?.element;
    expect(el("title")?.initial_value).toBe("Safe water for every household");
    expect(el("indicator")?.initial_value).toBe("Households with safe water");
    expect(el("baseline")?.initial_value).toBe("1200");
    expect(el("target")?.initial_value).toBe("5000");
    expect(el("target_date")?.initial_date).toBe("2027-12-31");

    const result = await submit(
      t,
      CORA,
      view,
      objectiveValues({
        title: { text: "Safe water for 6,000 households" },
        target: { number: "6000" },
      }),
    );
    expect(result.body?.errors).toBeUndefined();
    expect(objectives()).toEqual([
      expect.objectContaining({
        id: created.id,
        title: "Safe water for 6,000 households",
        target: 6000,
      }),
    ]);
    expect(auditActions()).toEqual(["objective.edit", "objective.create"]);
  });

  it("when a coordinator retires an objective, then the list hides it, `list all` marks it, commitments keep the link, and the commitment form no longer offers it", async () => {
    const water = await addObjective();
    const schools = await addObjective({ title: { text: "Every school has a tap" } });
    const commitment = repos().commitments.create(
      {
        partnershipId: seeded.partnershipId,
        organizationId: seeded.orgs.acme,
        ownerMemberId: seeded.members.pat,
        title: "Drill wells",
        cadence: "weekly",
        checkInWeekday: 4,
        checkInTime: "10:00",
        startedAt: Date.now(),
        createdBy: CORA,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      },
      [water.id],
    );

    const typed = await say(CORA, `objective retire ${water.id}`);
    expect(typed.text).toMatch(
      new RegExp(`Objective #${water.id} \\*Safe water for every household\\* is retired`),
    );
    expect(repos().objectives.findById(seeded.partnershipId, water.id)?.state).toBe("retired");
    expect(repos().commitments.findById(seeded.partnershipId, commitment.id)?.objectiveIds).toEqual(
      [water.id],
    );
    expect(auditActions()[0]).toBe("objective.retire");

    const active = await say(CORA, "objective list");
    expect(active.text).not.toContain("Safe water");
    expect(active.text).toContain("Every school has a tap");
    const all = await say(CORA, "objective list all");
    expect(all.text).toContain(`*#${water.id} Safe water for every household* _(retired)_`);

    await say(CORA, "commit");
    const modal = lastOpenedView(t);
    const element = (modal.blocks as Block[]).find((b) => b.block_id === "objectives")?.element;
    const options = ((element?.options ?? []) as { value: string }[]).map((o) => o.value);
    expect(options).toEqual([String(schools.id)]);

    const again = await say(CORA, `objective retire ${water.id}`);
    expect(again.text).toMatch(/already retired; nothing was changed/);
    const editRetired = await say(CORA, `objective edit ${water.id}`);
    expect(editRetired.text).toMatch(/is retired/);
  });

  it.each([
    ["an empty title", { title: { text: "   " } }, "title", /cannot be empty/],
    [
      "a title over 150 characters",
      { title: { text: "x".repeat(151) } },
      "title",
      /151 characters; the limit is 150/,
    ],
    [
      "a target but no indicator",
      { indicator: { text: "" } },
      "indicator",
      /To set a target, say what is measured: add an indicator/,
    ],
    [
      "a baseline that is not a number",
      { baseline: { number: "12abc" } },
      "baseline",
      /must be a number/,
    ],
    ["a unit over 30 characters", { unit: { text: "u".repeat(31) } }, "unit", /the limit is 30/],
  ])(
    "when submitted with %s, then the modal shows the error inline and nothing is saved",
    async (_label, over, block, message) => {
      await say(CORA, "objective add");
      const result = await submit(t, CORA, lastOpenedView(t), objectiveValues(over));
      expect(result.body?.response_action).toBe("errors");
      expect(result.body?.errors?.[block]).toMatch(message);
      expect(objectives()).toEqual([]);
      expect(auditActions()).toEqual([]);
    },
  );

  it.each([
    ["a partner", PAT, /Only coordinators can manage objectives; you are a partner here/],
    ["an observer", OLU, /Only coordinators can manage objectives/],
    ["a non-member", OONA, /not a member of this partnership/],
  ])(
    "when %s tries to add, edit or retire, then it is refused before any modal and nothing changes",
    async (_label, user, message) => {
      const created = await addObjective();
      const before = opened();
      for (const command of [
        "objective add",
        `objective edit ${created.id}`,
        `objective retire ${created.id}`,
      ]) {
        const typed = await say(user, command);
        expect(typed.text).toMatch(message);
      }
      expect(opened()).toBe(before);
      expect(objectives()).toEqual([
        expect.objectContaining({ state: "active", title: created.title }),
      ]);
    },
  );

  it("when a partner submits an objective form a coordinator opened, then the service refuses it inline and nothing is saved", async () => {
    await say(CORA, "objective add");
    const result = await submit(t, PAT, lastOpenedView(t), objectiveValues());
    expect(result.body?.errors?.title).toMatch(/Only coordinators can manage objectives/);
    expect(objectives()).toEqual([]);
  });

  it("when the id is unknown or belongs to another partnership, then it answers that there is no such objective and changes nothing", async () => {
    const other = seedPartnership(t.poc.services, `C0OTHER${n}`);
    const foreign = repos().objectives.create({
      partnershipId: other.partnershipId,
      title: "Their objective",
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    for (const command of [`objective edit ${foreign.id}`, `objective retire ${foreign.id}`]) {
      const typed = await say(CORA, command);
      expect(typed.text).toContain(`No objective #${foreign.id} in this partnership`);
    }
    const unknown = await say(CORA, "objective retire 99999");
    expect(unknown.text).toContain("No objective #99999 in this partnership");
    expect(repos().objectives.findById(other.partnershipId, foreign.id)?.state).toBe("active");
    const notANumber = await say(CORA, "objective edit <!channel>");
    expect(notANumber.text).toContain("`&lt;!channel&gt;` is not an objective number");
  });

  it("when the title and indicator are hostile text, then they are stored verbatim and escaped in the list", async () => {
    const hostile = "<!channel> <!here> <http://evil.example|bank> <@U0PART> & *bold* مرحبا :tada:";
    const created = await addObjective({
      title: { text: hostile },
      indicator: { text: "<!here> & co" },
    });
    expect(created.title).toBe(hostile);
    expect(created.indicator).toBe("<!here> & co");
    const typed = await say(PAT, "objective list");
    expect(typed.text).toContain(
      "&lt;!channel&gt; &lt;!here&gt; &lt;http://evil.example|bank&gt; &lt;@U0PART&gt; &amp; *bold* مرحبا :tada:",
    );
    expect(typed.text).toContain("&lt;!here&gt; &amp; co");
    expect(typed.text).not.toMatch(/<!channel>|<!here>|<http|<@U0PART>/);
    const confirmation = String(t.emulator.callsTo("chat.postEphemeral").at(-1)?.params.text);
    expect(confirmation).not.toMatch(/<!channel>|<!here>|<http/);
  });

  it("when the verb is missing or unknown, then the usage is shown", async () => {
    const unknown = await say(CORA, "objective frobnicate <!channel>");
    expect(unknown.text).toContain(
      "`/poc objective frobnicate &lt;!channel&gt;` is not something I know",
    );
    expect(unknown.text).toContain("/poc objective retire &lt;id&gt;");
    const bare = await say(CORA, "objective");
    expect(bare.text).toContain("/poc objective add");
    const editWithoutId = await say(CORA, "objective edit");
    expect(editWithoutId.text).toContain("Which objective?");
  });

  it("when nothing went wrong, then every modal and message the app sent was accepted by Slack", async () => {
    const since = t.emulator.calls.length;
    await addObjective();
    await say(CORA, "objective list all");
    const failed = t.emulator.calls
      .slice(since)
      .filter((c) => (c.response as { ok?: boolean }).ok !== true);
    expect(failed.map((c) => `${c.method}: ${JSON.stringify(c.response)}`)).toEqual([]);
    expect(blocksText(lastOpenedView(t).blocks)).toContain("A shared goal of the partnership");
  });
});
