/**
 * Pat owns "Install 40 water points" and gets a check-in prompt in a DM on Thursday 5 March 2026.
 * Each of the four buttons, clicked by Pat and by someone else.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS, VIEWS } from "../../../src/slack/ids.js";
import { CHANNEL_ID, MODES, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import {
  addCommitment,
  addPrompt,
  blockById,
  blocksOf,
  click,
  ephemeralAnswers,
  lastView,
  messageText,
  OONA,
  openedViews,
  PAT,
  PERIOD_1,
  PRIYA,
  promptRow,
  refusedCalls,
  SLOT_1,
  submitView,
  type TestClock,
  updatesIn,
} from "./helpers.js";

describe.each(MODES)("check-in prompts over %s", (mode) => {
  const clock: TestClock = { now: SLOT_1 + 3_600_000 };
  let t: TestApp;
  let seeded: Seeded;
  let commitmentId: number;

  beforeEach(async () => {
    clock.now = SLOT_1 + 3_600_000; // Thursday 11:00 in New York
    t = await startTestApp({ clock: () => clock.now, mode });
    seeded = seedPartnership(t.poc.services);
    commitmentId = addCommitment(t, seeded).id;
  });

  afterEach(async () => {
    await t.close();
  });

  /** Last week's check-in (before this commitment's first prompt): at risk, 40 %. */
  function lastWeek(progress = 40) {
    return t.poc.services.repos.checkIns.upsert({
      commitmentId,
      periodKey: "W:2026-02-26",
      authorMemberId: seeded.members.pat,
      status: "at_risk",
      progress,
      whatMoved: "Surveyed the sites",
      nextStep: "Order pumps",
      createdAt: SLOT_1 - 7 * 86_400_000,
      editedAt: null,
    });
  }

  describe("On track, no change", () => {
    it("when Pat clicks it, then one check-in for the prompt's period records on track with last week's progress, and the DM shows it", async () => {
      lastWeek(40);
      const prompt = await addPrompt(t, { commitmentId });

      const clicked = await click(t, PAT, ACTIONS.promptOnTrack, String(prompt.id), {
        messageTs: prompt.messageTs ?? "",
      });

      expect(clicked.status).toBe(200);
      const { repos } = t.poc.services;
      const checkIn = repos.checkIns.findForPeriod(commitmentId, PERIOD_1);
      expect(checkIn).toMatchObject({
        status: "on_track",
        progress: 40,
        whatMoved: null,
        promptId: prompt.id,
        authorMemberId: seeded.members.pat,
        editedAt: null,
      });
      expect(promptRow(t, prompt.id)).toMatchObject({ state: "answered", answeredAt: clock.now });
      expect(repos.commitments.findById(seeded.partnershipId, commitmentId)).toMatchObject({
        currentStatus: "on_track",
        progress: 40,
        lastCheckInAt: clock.now,
        state: "active",
      });
      const audit = repos.audit.list(seeded.workspaceId, seeded.partnershipId);
      expect(audit.find((a) => a.action === "check_in.create")?.detail).toMatchObject({
        oneClick: true,
        periodKey: PERIOD_1,
      });
      const updates = updatesIn(t, `D${PAT}`);
      expect(updates).toHaveLength(1);
      expect(updates[0]?.params.ts).toBe(prompt.messageTs);
      expect(messageText(updates[0] as never)).toContain("Recorded");
      expect(JSON.stringify(updates[0]?.params.blocks)).not.toContain(ACTIONS.promptOnTrack);
      expect(ephemeralAnswers(t)).toEqual([]);
      expect(refusedCalls(t)).toEqual([]);
    });

    it("when Pat clicks it twice, then the second click changes nothing and says so", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptOnTrack, String(prompt.id));
      await click(t, PAT, ACTIONS.promptOnTrack, String(prompt.id));
      const audit = t.poc.services.repos.audit.list(seeded.workspaceId, seeded.partnershipId);
      expect(audit.filter((a) => a.action.startsWith("check_in."))).toHaveLength(1);
      expect(ephemeralAnswers(t).join("\n")).toContain("already checked in");
    });

    it("when Priya or Oona clicks Pat's prompt, then they alone are told no and nothing changes", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      for (const someone of [PRIYA, OONA]) {
        const clicked = await click(t, someone, ACTIONS.promptOnTrack, String(prompt.id), {
          channelId: CHANNEL_ID,
        });
        expect(clicked.status).toBe(200);
      }
      expect(t.poc.services.repos.checkIns.findForPeriod(commitmentId, PERIOD_1)).toBeUndefined();
      expect(promptRow(t, prompt.id).state).toBe("sent");
      const answers = ephemeralAnswers(t);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toContain("Only the commitment's owner");
      // Oona is outside the partnership: the prompt reads as missing, as any id outside it does.
      expect(answers[1]).toContain("no longer exists");
      expect(t.emulator.callsTo("chat.update")).toHaveLength(0);
    });
  });

  describe("Update", () => {
    it("when Pat clicks it, then the check-in modal opens with at most six inputs, prefilled from the last check-in", async () => {
      lastWeek(40);
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
      const view = lastView(t);
      expect(view.callback_id).toBe(VIEWS.checkIn);
      const inputs = blocksOf(view).filter((b) => b.type === "input");
      expect(inputs).toHaveLength(6);
      expect(inputs.map((b) => b.block_id)).toEqual([
        "status",
        "progress",
        "what_moved",
        "next_step",
        "blocker",
        "learning",
      ]);
      expect(
        (blockById(view, "status")?.element?.initial_option as { value?: string } | undefined)
          ?.value,
      ).toBe("at_risk");
      expect(blockById(view, "progress")?.element).toMatchObject({
        type: "number_input",
        initial_value: "40",
        min_value: "0",
        max_value: "100",
      });
      expect(blockById(view, "next_step")?.element?.initial_value).toBe("Order pumps");
      expect(blockById(view, "what_moved")?.element?.initial_value).toBeUndefined();
      const couldHelp = blockById(view, "could_help");
      expect(couldHelp?.type).toBe("section");
      expect(couldHelp?.accessory).toMatchObject({
        type: "static_select",
        action_id: ACTIONS.couldHelpSelect,
      });
      const groups = couldHelp?.accessory?.option_groups as {
        label: { text: string };
        options: { value: string }[];
      }[];
      expect(groups.map((g) => g.label.text)).toEqual(["People", "Organizations"]);
      expect(groups[0]?.options.map((o) => o.value)).toContain(`user:${PRIYA}`);
      expect(groups[1]?.options.map((o) => o.value)).toContain(`org:${seeded.orgs.river}`);
      expect(JSON.parse(String(view.private_metadata))).toEqual({
        promptId: prompt.id,
        commitmentId,
        periodKey: PERIOD_1,
      });
    });

    it("when Priya clicks Pat's Update, then no modal opens and she is told why", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PRIYA, ACTIONS.promptUpdate, String(prompt.id), { channelId: CHANNEL_ID });
      expect(openedViews(t)).toHaveLength(0);
      expect(ephemeralAnswers(t).join("\n")).toContain("Only the commitment's owner");
    });

    it("when the select for who could help is changed inside the modal, then the app acks it", async () => {
      const clicked = await t.slack.interaction({
        type: "block_actions",
        team: { id: "T0TEST", domain: "w" },
        user: { id: PAT, username: PAT, team_id: "T0TEST" },
        api_app_id: "A0POC",
        trigger_id: t.emulator.triggerId(),
        container: { type: "view", view_id: "V1" },
        view: { id: "V1", callback_id: VIEWS.checkIn },
        actions: [
          {
            type: "static_select",
            action_id: ACTIONS.couldHelpSelect,
            block_id: "could_help",
            selected_option: { value: `user:${PRIYA}` },
            action_ts: "1",
          },
        ],
      });
      expect(clicked.status).toBe(200);
    });
  });

  describe("Snooze", () => {
    it("when Pat snoozes on Saturday 7 March 10:00 in New York, then it comes back Sunday 09:00 EDT (13:00Z), after the clocks changed", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      clock.now = Date.parse("2026-03-07T15:00:00Z"); // Saturday 10:00 EST
      await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));
      expect(promptRow(t, prompt.id)).toMatchObject({
        state: "sent",
        snoozedUntil: Date.parse("2026-03-08T13:00:00Z"),
      });
      const updates = updatesIn(t, `D${PAT}`);
      expect(updates).toHaveLength(1);
      expect(messageText(updates[0] as never)).toContain("Snoozed");
      const audit = t.poc.services.repos.audit.list(seeded.workspaceId, seeded.partnershipId);
      expect(audit[0]?.action).toBe("prompt.snooze");
    });

    it("when Pat snoozes on Thursday 11:00 EST, then it comes back Friday 09:00 EST (14:00Z)", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));
      expect(promptRow(t, prompt.id).snoozedUntil).toBe(Date.parse("2026-03-06T14:00:00Z"));
    });

    it("when Pat snoozes a second time in the period, then it is refused and the first snooze stands", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));
      clock.now += 86_400_000;
      await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));
      expect(promptRow(t, prompt.id).snoozedUntil).toBe(Date.parse("2026-03-06T14:00:00Z"));
      expect(ephemeralAnswers(t).join("\n")).toContain("already snoozed");
      expect(updatesIn(t, `D${PAT}`)).toHaveLength(1);
    });

    it("when a reminder was already sent, then snoozing is refused", async () => {
      const prompt = await addPrompt(t, { commitmentId, remindersSent: 1 });
      await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));
      expect(promptRow(t, prompt.id).snoozedUntil).toBeNull();
      expect(ephemeralAnswers(t).join("\n")).toContain("reminder was already sent");
    });

    it("when Priya clicks Pat's Snooze, then nothing is snoozed", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PRIYA, ACTIONS.promptSnooze, String(prompt.id), { channelId: CHANNEL_ID });
      expect(promptRow(t, prompt.id).snoozedUntil).toBeNull();
      expect(ephemeralAnswers(t).join("\n")).toContain("Only the commitment's owner");
    });
  });

  describe("I'm away", () => {
    it("when Pat picks a date in the modal, then he is away until then, the prompt is skipped, the DM says so, and he is not counted silent", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      // The next period began a day (the reminder delay) ago: the clicked one would count as closed.
      await addPrompt(t, {
        commitmentId,
        periodKey: "W:2026-03-12",
        dueAt: SLOT_1 + 7 * 86_400_000,
        state: "pending",
      });
      const closed = SLOT_1 + 8 * 86_400_000;
      const { repos } = t.poc.services;
      expect(
        repos.overview.silentOwners(seeded.partnershipId, 1, closed).map((s) => s.slackUserId),
      ).toEqual([PAT]);
      await click(t, PAT, ACTIONS.promptAway, String(prompt.id));
      const view = lastView(t);
      expect(view.callback_id).toBe(VIEWS.away);
      expect(blockById(view, "until")?.element).toMatchObject({
        type: "datepicker",
        initial_date: "2026-03-05",
      });
      const submitted = await submitView(t, PAT, view, { until: { date: "2026-03-20" } });
      expect(submitted.body?.errors).toBeUndefined();
      expect(repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil).toBe(
        "2026-03-20",
      );
      expect(promptRow(t, prompt.id).state).toBe("skipped");
      expect(repos.overview.silentOwners(seeded.partnershipId, 1, closed)).toEqual([]);
      const updates = updatesIn(t, `D${PAT}`);
      expect(updates).toHaveLength(1);
      expect(messageText(updates[0] as never)).toContain("Away until 2026-03-20");
      const audit = repos.audit.list(seeded.workspaceId, seeded.partnershipId);
      expect(audit[0]).toMatchObject({ action: "member.away", actorUserId: PAT });
      expect(refusedCalls(t)).toEqual([]);
    });

    it("when the date is in the past or more than a year ahead, then the modal says so next to the date", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptAway, String(prompt.id));
      const view = lastView(t);
      const past = await submitView(t, PAT, view, { until: { date: "2026-03-04" } });
      expect(past.body?.errors?.until).toContain("in the past");
      const far = await submitView(t, PAT, view, { until: { date: "2027-03-06" } });
      expect(far.body?.errors?.until).toContain("more than a year ahead");
      const edge = await submitView(t, PAT, view, { until: { date: "2027-03-05" } });
      expect(edge.body?.errors).toBeUndefined();
    });

    it("when Priya clicks Pat's I'm away or submits his away modal, then nothing changes", async () => {
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PRIYA, ACTIONS.promptAway, String(prompt.id), { channelId: CHANNEL_ID });
      expect(openedViews(t)).toHaveLength(0);
      await click(t, PAT, ACTIONS.promptAway, String(prompt.id));
      const forged = await submitView(t, PRIYA, lastView(t), { until: { date: "2026-03-20" } });
      expect(forged.body?.errors?.until).toContain("Only the commitment's owner");
      const { repos } = t.poc.services;
      expect(
        repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil,
      ).toBeNull();
      expect(
        repos.members.findById(seeded.partnershipId, seeded.members.priya)?.awayUntil,
      ).toBeNull();
      expect(promptRow(t, prompt.id).state).toBe("sent");
    });
  });
});
