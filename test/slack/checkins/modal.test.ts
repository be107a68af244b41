/**
 * The check-in modal: Pat answers his prompt with *Update*, or with `/poc checkin`. What is
 * recorded, what is refused inline, what a blocker becomes, how long he may edit, and what forged
 * private_metadata gets.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS, VIEWS } from "../../../src/slack/ids.js";
import { CHANNEL_ID, MODES, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { type } from "../../support/slack.js";
import {
  addCommitment,
  addPrompt,
  blockById,
  blocksOf,
  CORA,
  click,
  ephemeralAnswers,
  HOSTILE,
  hasLiveMarkup,
  lastView,
  messageText,
  OLU,
  openedViews,
  PAT,
  PERIOD_1,
  PERIOD_2,
  PRIYA,
  promptRow,
  refusedCalls,
  replyErrors,
  SLOT_1,
  SLOT_2,
  submitView,
  type TestClock,
  updatesIn,
} from "./helpers.js";

describe.each(MODES)("the check-in modal over %s", (mode) => {
  const clock: TestClock = { now: SLOT_1 + 3_600_000 };
  let t: TestApp;
  let seeded: Seeded;
  let commitmentId: number;

  beforeEach(async () => {
    clock.now = SLOT_1 + 3_600_000; // Thursday 5 March, 11:00 in New York
    t = await startTestApp({ clock: () => clock.now, mode });
    seeded = seedPartnership(t.poc.services);
    commitmentId = addCommitment(t, seeded).id;
  });

  afterEach(async () => {
    await t.close();
  });

  const answer = (over: Record<string, unknown> = {}) => ({
    status: { option: "at_risk" },
    progress: { number: "55" },
    what_moved: { text: "Two pumps installed" },
    next_step: { text: "Train the operators" },
    learning: { text: "Order spare parts early" },
    ...over,
  });

  async function openFromPrompt(promptId: number, userId = PAT) {
    await click(t, userId, ACTIONS.promptUpdate, String(promptId));
    return lastView(t);
  }

  describe("recording from the modal", () => {
    it("when Pat submits it, then the check-in, the commitment and the prompt are updated and the DM shows what was recorded", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      const submitted = await submitView(t, PAT, view, answer());
      expect(submitted.status).toBe(200);
      expect(submitted.body?.errors).toBeUndefined();
      const { repos } = t.poc.services;
      expect(repos.checkIns.findForPeriod(commitmentId, PERIOD_1)).toMatchObject({
        status: "at_risk",
        progress: 55,
        whatMoved: "Two pumps installed",
        nextStep: "Train the operators",
        learning: "Order spare parts early",
        promptId: prompt.id,
        editedAt: null,
      });
      expect(repos.commitments.findById(seeded.partnershipId, commitmentId)).toMatchObject({
        currentStatus: "at_risk",
        progress: 55,
        lastCheckInAt: clock.now,
        state: "active",
      });
      expect(promptRow(t, prompt.id).state).toBe("answered");
      const updates = updatesIn(t, `D${PAT}`);
      expect(updates).toHaveLength(1);
      expect(updates[0]?.params.ts).toBe(prompt.messageTs);
      const shown = messageText(updates[0] as never);
      expect(shown).toContain("Recorded");
      expect(shown).toContain("Two pumps installed");
      expect(refusedCalls(t)).toEqual([]);
    });

    it("when progress is out of range or the status is missing, then the modal says so next to the field and nothing is saved", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      const tooMuch = await submitView(t, PAT, view, answer({ progress: { number: "120" } }));
      expect(tooMuch.body?.response_action).toBe("errors");
      expect(tooMuch.body?.errors?.progress).toContain("0 to 100");
      const negative = await submitView(t, PAT, view, answer({ progress: { number: "-5" } }));
      expect(negative.body?.errors?.progress).toContain("0 to 100");
      const noStatus = await submitView(t, PAT, view, answer({ status: undefined }));
      expect(noStatus.body?.errors?.status).toContain("Choose a status");
      expect(t.poc.services.repos.checkIns.findForPeriod(commitmentId, PERIOD_1)).toBeUndefined();
      expect(promptRow(t, prompt.id).state).toBe("sent");
      expect(updatesIn(t, `D${PAT}`)).toHaveLength(0);
    });

    it("when Pat says done, then the commitment is closed (and audited) and progress defaults to 100 %", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      await submitView(t, PAT, view, answer({ status: { option: "done" }, progress: undefined }));
      const { repos } = t.poc.services;
      expect(repos.commitments.findById(seeded.partnershipId, commitmentId)).toMatchObject({
        state: "closed",
        closedAt: clock.now,
        currentStatus: "done",
        progress: 100,
      });
      const actions = repos.audit
        .list(seeded.workspaceId, seeded.partnershipId)
        .map((a) => a.action)
        .sort();
      expect(actions).toEqual(["check_in.create", "commitment.close"]);
    });

    it("when the commitment serves one objective with an indicator, then progress is that indicator's value, named in the label", async () => {
      const { repos } = t.poc.services;
      const objective = repos.objectives.create({
        partnershipId: seeded.partnershipId,
        title: "Water for the valley",
        indicator: "Water points installed",
        unit: "points",
        baseline: 0,
        target: 40,
        state: "active",
        createdAt: SLOT_1,
        updatedAt: SLOT_1,
      });
      const measured = addCommitment(t, seeded, { objectiveIds: [objective.id], title: "Wells" });
      const prompt = await addPrompt(t, { commitmentId: measured.id });
      const view = await openFromPrompt(prompt.id);
      const progress = blockById(view, "progress");
      expect(progress?.label?.text).toContain("Water points installed");
      expect(progress?.element?.max_value).toBeUndefined();
      const submitted = await submitView(t, PAT, view, answer({ progress: { number: "120" } }));
      expect(submitted.body?.errors).toBeUndefined();
      expect(repos.checkIns.findForPeriod(measured.id, PERIOD_1)?.progress).toBe(120);
    });
  });

  describe("a blocker in the check-in", () => {
    it("when Pat names a blocker and River NGO as who could help, then it is recorded and posted in the channel with I can help and Resolve", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      await submitView(
        t,
        PAT,
        view,
        answer({ blocker: { text: "Permits stuck at the district office" } }),
        { blockId: "could_help", value: `org:${seeded.orgs.river}` },
      );
      const { repos } = t.poc.services;
      const [blocker] = repos.blockers.listOpen(seeded.partnershipId);
      expect(blocker).toMatchObject({
        text: "Permits stuck at the district office",
        raisedByMemberId: seeded.members.pat,
        couldHelpOrganizationId: seeded.orgs.river,
        couldHelpUserId: null,
        checkInId: repos.checkIns.findForPeriod(commitmentId, PERIOD_1)?.id,
        channelId: CHANNEL_ID,
        state: "open",
      });
      const posts = t.emulator
        .callsTo("chat.postMessage")
        .filter((c) => c.params.channel === CHANNEL_ID);
      expect(posts).toHaveLength(1);
      expect((posts[0]?.response as { ts?: string } | undefined)?.ts).toBe(blocker?.messageTs);
      const blocks = JSON.stringify(posts[0]?.params.blocks);
      expect(blocks).toContain(ACTIONS.blockerHelp);
      expect(blocks).toContain(ACTIONS.blockerResolve);
      const text = messageText(posts[0] as never);
      expect(text).toContain("River NGO");
      expect(text).toContain(`<@${PAT}>`);
      const actions = repos.audit
        .list(seeded.workspaceId, seeded.partnershipId)
        .map((a) => a.action);
      expect(actions).toContain("blocker.create");
      expect(refusedCalls(t)).toEqual([]);
    });

    it("when who could help is not a member of the partnership, then it is refused inline", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      const submitted = await submitView(t, PAT, view, answer({ blocker: { text: "Stuck" } }), {
        blockId: "could_help",
        value: "user:U0OUT",
      });
      expect(submitted.body?.errors?.blocker).toContain("member or an organization");
      expect(t.poc.services.repos.blockers.listOpen(seeded.partnershipId)).toEqual([]);
    });
  });

  describe("editing", () => {
    it("when Pat answers again in the same period, then the one check-in is edited (prefilled, editedAt, audited), not duplicated", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await submitView(t, PAT, await openFromPrompt(prompt.id), answer());
      clock.now += 3 * 86_400_000; // Sunday, still the week of 5 March
      await type(t, PAT, CHANNEL_ID, "checkin");
      const view = lastView(t);
      expect(view.callback_id).toBe(VIEWS.checkIn);
      expect((view.title as { text: string }).text).toBe("Edit check-in");
      expect(blockById(view, "what_moved")?.element?.initial_value).toBe("Two pumps installed");
      expect(blockById(view, "learning")?.element?.initial_value).toBe("Order spare parts early");
      expect(JSON.parse(String(view.private_metadata))).toMatchObject({
        promptId: prompt.id,
        periodKey: PERIOD_1,
      });
      await submitView(t, PAT, view, answer({ status: { option: "off_track" } }));
      const { repos } = t.poc.services;
      const checkIn = repos.checkIns.findForPeriod(commitmentId, PERIOD_1);
      expect(checkIn).toMatchObject({ status: "off_track", editedAt: clock.now });
      const actions = repos.audit
        .list(seeded.workspaceId, seeded.partnershipId)
        .map((a) => a.action);
      expect(actions.filter((a) => a.startsWith("check_in."))).toEqual([
        "check_in.edit",
        "check_in.create",
      ]);
      const updates = updatesIn(t, `D${PAT}`);
      expect(updates).toHaveLength(2);
      expect(messageText(updates[1] as never)).toContain("edited");
    });

    it("when the next period has started, then editing the old check-in is refused, from the button and from an open modal", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const first = await openFromPrompt(prompt.id);
      await submitView(t, PAT, first, answer());
      const stale = await openFromPrompt(prompt.id);
      clock.now = SLOT_2 + 60_000; // Thursday 12 March 10:01 in New York
      const submitted = await submitView(t, PAT, stale, answer({ status: { option: "done" } }));
      expect(submitted.body?.errors?.status).toContain("has ended");
      await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
      expect(openedViews(t)).toHaveLength(2);
      expect(ephemeralAnswers(t).join("\n")).toContain("has ended");
      expect(t.poc.services.repos.checkIns.findForPeriod(commitmentId, PERIOD_1)?.status).toBe(
        "at_risk",
      );
    });

    it("when Pat answers last week's prompt late, then it counts for last week's period", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      clock.now = SLOT_2 + 3_600_000;
      const view = await openFromPrompt(prompt.id);
      expect(JSON.parse(String(view.private_metadata)).periodKey).toBe(PERIOD_1);
      await submitView(t, PAT, view, answer());
      const { repos } = t.poc.services;
      expect(repos.checkIns.findForPeriod(commitmentId, PERIOD_1)?.status).toBe("at_risk");
      expect(repos.checkIns.findForPeriod(commitmentId, PERIOD_2)).toBeUndefined();
      expect(promptRow(t, prompt.id).state).toBe("answered");
    });
  });

  describe("forged private_metadata", () => {
    it("when Priya submits a modal naming Pat's commitment, then it is refused and nothing is saved", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      const forged = await submitView(t, PRIYA, view, answer());
      expect(forged.body?.errors?.status).toContain("Only the commitment's owner");
      expect(t.poc.services.repos.checkIns.findForPeriod(commitmentId, PERIOD_1)).toBeUndefined();
    });

    it("when Pat's modal names another partnership's commitment, or another commitment's prompt, then it is refused", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      t.emulator.addChannel({ id: "C0OTHER", name: "other" });
      const other = seedPartnership(t.poc.services, "C0OTHER");
      const theirs = addCommitment(t, other, {
        partnershipId: other.partnershipId,
        ownerMemberId: other.members.priya,
        organizationId: other.orgs.river,
      });
      t.poc.services.repos.members.update(other.partnershipId, other.members.pat, {
        removedAt: SLOT_1,
      });
      const mine2 = addCommitment(t, seeded, { title: "Second" });
      const cases = [
        { commitmentId: theirs.id, periodKey: PERIOD_1 },
        { promptId: prompt.id, commitmentId: mine2.id, periodKey: PERIOD_1 },
        { commitmentId: 999_999, periodKey: PERIOD_1 },
      ];
      for (const metadata of cases) {
        const forged = await submitView(
          t,
          PAT,
          { ...view, private_metadata: JSON.stringify(metadata) },
          answer(),
        );
        expect(forged.body?.response_action).toBe("errors");
      }
      const garbage = await submitView(t, PAT, { ...view, private_metadata: "{nope" }, answer());
      expect(garbage.body?.errors?.status).toContain("out of date");
      const { repos } = t.poc.services;
      for (const id of [theirs.id, mine2.id, commitmentId]) {
        expect(repos.checkIns.latest(id)).toBeUndefined();
      }
      expect(promptRow(t, prompt.id).state).toBe("sent");
    });
  });

  describe("/poc checkin", () => {
    it("when Pat owns one commitment, then the modal opens for its current period, and submitting confirms in the channel", async () => {
      await type(t, PAT, CHANNEL_ID, "checkin");
      const view = lastView(t);
      expect(view.callback_id).toBe(VIEWS.checkIn);
      expect(blocksOf(view).filter((b) => b.type === "input").length).toBeLessThanOrEqual(6);
      expect(JSON.parse(String(view.private_metadata))).toEqual({
        commitmentId,
        periodKey: PERIOD_1,
        channelId: CHANNEL_ID,
      });
      await submitView(t, PAT, view, answer());
      expect(t.poc.services.repos.checkIns.findForPeriod(commitmentId, PERIOD_1)?.status).toBe(
        "at_risk",
      );
      const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1);
      expect(confirmation?.params).toMatchObject({ channel: CHANNEL_ID, user: PAT });
      expect(String(confirmation?.params.text)).toContain("recorded for the week of 2026-03-05");
    });

    it("when run before the first slot, then it answers the first period", async () => {
      clock.now = Date.parse("2026-03-02T12:00:00Z");
      await type(t, PAT, CHANNEL_ID, "checkin");
      expect(JSON.parse(String(lastView(t).private_metadata)).periodKey).toBe(PERIOD_1);
    });

    it("when Pat owns several, then a picker lists them, and picking one opens its modal", async () => {
      const second = addCommitment(t, seeded, { title: "Train 20 operators" });
      const typed = await type(t, PAT, CHANNEL_ID, "checkin");
      expect(openedViews(t)).toHaveLength(0);
      const buttons = (
        (typed.reply?.blocks ?? []) as { accessory?: { action_id: string; value: string } }[]
      )
        .map((b) => b.accessory)
        .filter((a) => a !== undefined);
      expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
        [ACTIONS.checkInPick, String(commitmentId)],
        [ACTIONS.checkInPick, String(second.id)],
      ]);
      expect(typed.text).toContain("Train 20 operators");
      expect(replyErrors(typed.reply)).toEqual([]);
      await click(t, PAT, ACTIONS.checkInPick, String(second.id), { channelId: CHANNEL_ID });
      const view = lastView(t);
      expect(JSON.parse(String(view.private_metadata))).toMatchObject({ commitmentId: second.id });
      await click(t, PRIYA, ACTIONS.checkInPick, String(second.id), { channelId: CHANNEL_ID });
      expect(openedViews(t)).toHaveLength(1);
    });

    it("when Olu owns nothing, then the answer says there is nothing to check in on", async () => {
      const typed = await type(t, OLU, CHANNEL_ID, "checkin");
      expect(typed.text).toContain("no active commitment");
      expect(openedViews(t)).toHaveLength(0);
      const coordinator = await type(t, CORA, CHANNEL_ID, "checkin");
      expect(coordinator.text).toContain("no active commitment");
    });
  });

  describe("hostile text", () => {
    it("when every field holds mentions, broadcasts and links, then they are stored verbatim and never sent as live markup", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      const view = await openFromPrompt(prompt.id);
      await submitView(
        t,
        PAT,
        view,
        answer({
          what_moved: { text: HOSTILE },
          next_step: { text: HOSTILE },
          learning: { text: HOSTILE },
          blocker: { text: HOSTILE },
        }),
        { blockId: "could_help", value: `user:${PRIYA}` },
      );
      const { repos } = t.poc.services;
      expect(repos.checkIns.findForPeriod(commitmentId, PERIOD_1)).toMatchObject({
        whatMoved: HOSTILE,
        nextStep: HOSTILE,
        learning: HOSTILE,
      });
      expect(repos.blockers.listOpen(seeded.partnershipId)[0]?.text).toBe(HOSTILE);
      const sent = [
        ...t.emulator.callsTo("chat.update"),
        ...t.emulator.callsTo("chat.postMessage").filter((c) => c.params.channel === CHANNEL_ID),
      ];
      expect(sent.length).toBe(2);
      for (const call of sent) {
        const text = messageText(call);
        expect(hasLiveMarkup(text), text).toBe(false);
        expect(text).toContain("&lt;!channel&gt;");
      }
      await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
      const reopened = lastView(t);
      expect(blockById(reopened, "what_moved")?.element?.initial_value).toBe(HOSTILE);
      expect(blockById(reopened, "blocker")?.element?.initial_value).toBe(HOSTILE);
      expect(refusedCalls(t)).toEqual([]);
    });
  });
});
