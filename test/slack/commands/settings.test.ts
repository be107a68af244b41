import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { lastOpenedView, submit, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const OLU = "U0OBS";
const OONA = "U0OUT";

type Blocks = { block_id?: string; element?: Record<string, unknown> }[];

const element = (view: Record<string, unknown>, blockId: string) =>
  (view.blocks as Blocks).find((b) => b.block_id === blockId)?.element ?? {};

const values = (over: Record<string, unknown> = {}) => ({
  reminder_delay_hours: { number: "48" },
  max_reminders: { option: "0" },
  silent_periods: { number: "3" },
  blocker_escalation_days: { number: "14" },
  digest_weekday: { option: "5" },
  digest_time: { time: "16:30" },
  ...over,
});

const SAVED_DEFAULTS = {
  reminderDelayMinutes: 1440,
  maxReminders: 1,
  silentPeriodsBeforeEscalation: 2,
  blockerEscalationDays: 7,
  digestWeekday: 1,
  digestTime: "09:00",
};

describe("/poc settings", () => {
  let t: TestApp;
  let s: Seeded;
  const partnership = () =>
    t.poc.services.repos.partnerships.findById(s.workspaceId, s.partnershipId);
  const settingsAudits = () =>
    t.poc.services.repos.audit
      .list(s.workspaceId, s.partnershipId)
      .filter((a) => a.action === "settings.edit");

  beforeEach(async () => {
    t = await startTestApp();
    s = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
  });

  it("when a coordinator runs it, then a modal opens with the defaults: 24 h, one reminder, 2 silent periods, 7 days, Monday 09:00", async () => {
    const typed = await type(t, CORA, CHANNEL_ID, "settings");
    expect(typed.status).toBe(200);
    const view = lastOpenedView(t);
    expect(view.callback_id).toBe("poc_settings");
    expect(JSON.parse(String(view.private_metadata))).toEqual({ channelId: CHANNEL_ID });
    expect(element(view, "reminder_delay_hours")).toMatchObject({
      type: "number_input",
      initial_value: "24",
      min_value: "1",
      max_value: "168",
      is_decimal_allowed: false,
    });
    expect((element(view, "max_reminders").initial_option as { value: string }).value).toBe("1");
    expect(
      (element(view, "max_reminders").options as { value: string }[]).map((o) => o.value),
    ).toEqual(["0", "1"]);
    expect(element(view, "silent_periods").initial_value).toBe("2");
    expect(element(view, "blocker_escalation_days").initial_value).toBe("7");
    expect((element(view, "digest_weekday").initial_option as { value: string }).value).toBe("1");
    expect(element(view, "digest_time").initial_time).toBe("09:00");
  });

  it("when saved, then the values are stored, audited with before and after, confirmed, and members' Home tabs are republished", async () => {
    await type(t, CORA, CHANNEL_ID, "settings");
    const result = await submit(t, CORA, lastOpenedView(t), values());

    expect(result.status).toBe(200);
    expect(result.body?.errors).toBeUndefined();
    const after = {
      reminderDelayMinutes: 2880,
      maxReminders: 0,
      silentPeriodsBeforeEscalation: 3,
      blockerEscalationDays: 14,
      digestWeekday: 5,
      digestTime: "16:30",
    };
    expect(partnership()).toMatchObject(after);
    const audits = settingsAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: CORA,
      entity: "settings",
      entityId: s.partnershipId,
      detail: { before: SAVED_DEFAULTS, after },
    });
    const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1)?.params;
    expect(confirmation).toMatchObject({ channel: CHANNEL_ID, user: CORA });
    expect(String(confirmation?.text)).toContain(
      "reminder after 48 h (no reminder), coordinators told after 3 silent periods, blockers escalated after 14 days, digest on Friday at 16:30",
    );
    await vi.waitFor(() => {
      for (const user of [CORA, PAT, OLU, "U0PART2"])
        expect(t.emulator.homeView(user)).toBeDefined();
    });

    // Opening the modal again shows what was saved.
    await type(t, CORA, CHANNEL_ID, "settings");
    const again = lastOpenedView(t);
    expect(element(again, "reminder_delay_hours").initial_value).toBe("48");
    expect((element(again, "max_reminders").initial_option as { value: string }).value).toBe("0");
    expect((element(again, "digest_weekday").initial_option as { value: string }).value).toBe("5");
  });

  it.each([
    ["a reminder delay of 0", { reminder_delay_hours: { number: "0" } }, "reminder_delay_hours"],
    [
      "a reminder delay of 500",
      { reminder_delay_hours: { number: "500" } },
      "reminder_delay_hours",
    ],
    ["a fractional delay", { reminder_delay_hours: { number: "1.5" } }, "reminder_delay_hours"],
    ["no reminder delay", { reminder_delay_hours: undefined }, "reminder_delay_hours"],
    ["two reminders", { max_reminders: { option: "2" } }, "max_reminders"],
    ["13 silent periods", { silent_periods: { number: "13" } }, "silent_periods"],
    ["0 silent periods", { silent_periods: { number: "0" } }, "silent_periods"],
    [
      "a blocker age of 61",
      { blocker_escalation_days: { number: "61" } },
      "blocker_escalation_days",
    ],
    [
      "a blocker age that is not a number",
      { blocker_escalation_days: { number: "abc" } },
      "blocker_escalation_days",
    ],
    ["no digest day", { digest_weekday: undefined }, "digest_weekday"],
    ["no digest time", { digest_time: undefined }, "digest_time"],
  ])(
    "when submitted with %s, then the modal shows the error next to that field and nothing changes",
    async (_label, over, block) => {
      await type(t, CORA, CHANNEL_ID, "settings");
      const result = await submit(t, CORA, lastOpenedView(t), values(over));
      expect(result.body?.response_action).toBe("errors");
      expect(Object.keys(result.body?.errors ?? {})).toEqual([block]);
      expect(result.body?.errors?.[block]).toMatch(/whole number from|Choose a/);
      expect(partnership()).toMatchObject(SAVED_DEFAULTS);
      expect(settingsAudits()).toEqual([]);
    },
  );

  it("when the reminder delay is out of range, then the message gives the range", async () => {
    await type(t, CORA, CHANNEL_ID, "settings");
    const result = await submit(
      t,
      CORA,
      lastOpenedView(t),
      values({ reminder_delay_hours: { number: "500" } }),
    );
    expect(result.body?.errors?.reminder_delay_hours).toBe(
      "The reminder delay (hours) must be a whole number from 1 to 168.",
    );
  });

  it.each([
    [
      "a partner",
      PAT,
      /Only coordinators can change this partnership's settings; you are a partner here/,
    ],
    [
      "an observer",
      OLU,
      /Only coordinators can change this partnership's settings; you are an? observer here/,
    ],
    [
      "a non-member",
      OONA,
      /not a member of this partnership, so you cannot change this partnership's settings/,
    ],
  ])("when %s runs it, then it is refused and no modal opens", async (_label, user, message) => {
    const typed = await type(t, user, CHANNEL_ID, "settings");
    expect(typed.text).toMatch(message);
    expect(t.emulator.callsTo("views.open")).toHaveLength(0);
  });

  it("when a partner submits a settings form anyway, then nothing is saved", async () => {
    await type(t, CORA, CHANNEL_ID, "settings");
    const result = await submit(t, PAT, lastOpenedView(t), values());
    expect(result.body?.response_action).toBe("errors");
    expect(result.body?.errors?.reminder_delay_hours).toMatch(/Only coordinators/);
    expect(partnership()).toMatchObject(SAVED_DEFAULTS);
    expect(settingsAudits()).toEqual([]);
  });

  it("when the coordinator runs it from a DM and has one partnership, then the modal edits that partnership", async () => {
    await type(t, CORA, "D0COORD", "settings");
    const view = lastOpenedView(t);
    expect(JSON.parse(String(view.private_metadata))).toEqual({ channelId: CHANNEL_ID });
    await submit(t, CORA, view, values({ silent_periods: { number: "12" } }));
    expect(partnership()?.silentPeriodsBeforeEscalation).toBe(12);
  });
});
