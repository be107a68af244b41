import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANNEL_ID, MODES, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import { seedPartnership } from "../support/seed.js";
import { type } from "../support/slack.js";

function envelope(eventId: string, event: Record<string, unknown>) {
  return {
    type: "event_callback",
    team_id: TEAM_ID,
    api_app_id: "A0POC",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
}

const homeOpened = { type: "app_home_opened", user: "U0PART", channel: "D0PART", tab: "home" };

describe.each(MODES)("Events API deliveries over %s", (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode });
    seedPartnership(t.poc.services);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    t.emulator.reset();
  });

  it("when the same event is delivered twice (a replay), then it is handled once", async () => {
    expect((await t.slack.event(envelope("Ev0REPLAY", homeOpened))).status).toBe(200);
    expect((await t.slack.event(envelope("Ev0REPLAY", homeOpened))).status).toBe(200);
    await vi.waitFor(() => expect(t.emulator.callsTo("views.publish")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(t.emulator.callsTo("views.publish")).toHaveLength(1);
  });

  it("when Slack retries an event (X-Slack-Retry-Num, or retry_attempt on the link), then the retry is acked and not handled again", async () => {
    await t.slack.event(envelope("Ev0RETRY", homeOpened));
    const retry = await t.slack.event(envelope("Ev0RETRY", homeOpened), {
      retryNum: 1,
      retryReason: "http_timeout",
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.emulator.callsTo("views.publish")).toHaveLength(1);
  });

  it("when two different events arrive, then both are handled", async () => {
    await t.slack.event(envelope("Ev0A", homeOpened));
    await t.slack.event(envelope("Ev0B", { ...homeOpened, user: "U0COORD", channel: "D0COORD" }));
    await vi.waitFor(() => expect(t.emulator.callsTo("views.publish")).toHaveLength(2));
  });

  it("when a user changes their profile, then every membership's name and zone are refreshed", async () => {
    const { repos } = t.poc.services;
    await t.slack.event(
      envelope("Ev0USERCHANGE", {
        type: "user_change",
        user: {
          id: "U0PART",
          team_id: TEAM_ID,
          name: "part",
          real_name: "Pat Partner-Moved",
          tz: "Asia/Tokyo",
          profile: { real_name: "Pat Partner-Moved" },
        },
      }),
    );
    const ws = repos.workspaces.findByTeamId(TEAM_ID);
    const p = repos.partnerships.findByChannel(ws?.id ?? 0, CHANNEL_ID);
    await vi.waitFor(() =>
      expect(repos.members.findByUser(p?.id ?? 0, "U0PART")).toMatchObject({
        displayName: "Pat Partner-Moved",
        timeZone: "Asia/Tokyo",
      }),
    );
  });

  it.each(["app_uninstalled", "tokens_revoked"])(
    "when %s arrives, then the workspace is marked stopped; a later command from it resumes sending",
    async (eventType) => {
      const { repos } = t.poc.services;
      await t.slack.event(
        envelope(`Ev0${eventType}`, { type: eventType, tokens: { bot: ["U0BOT"] } }),
      );
      await vi.waitFor(() =>
        expect(repos.workspaces.findByTeamId(TEAM_ID)?.uninstalledAt).not.toBeNull(),
      );
      await type(t, "U0PART", CHANNEL_ID, "help");
      expect(repos.workspaces.findByTeamId(TEAM_ID)?.uninstalledAt).toBeNull();
    },
  );
});
