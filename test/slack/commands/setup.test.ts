import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL_ID, MODES, startTestApp, type TestApp } from "../../support/app.js";
import { lastOpenedView, submit, type } from "../../support/slack.js";

const CORA = "U0COORD";
const PAT = "U0PART";

const setupValues = (over: Record<string, unknown> = {}) => ({
  name: { text: "Clean Water Compact" },
  purpose: { text: "Safe water for 1M people by 2028" },
  time_zone: { text: "Europe/London" },
  digest_weekday: { option: "1" },
  digest_time: { time: "09:00" },
  ...over,
});

describe.each(MODES)("/poc setup over %s", (mode) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ mode });
  });
  afterEach(async () => {
    await t.close();
  });

  it("when run in a channel with no partnership, then a modal opens defaulting to the caller's zone and Monday 09:00", async () => {
    const typed = await type(t, CORA, CHANNEL_ID, "setup");
    expect(typed.status).toBe(200);
    const view = lastOpenedView(t);
    expect(view.callback_id).toBe("poc_setup");
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const el = (id: string) => blocks.find((b) => b.block_id === id)?.element ?? {};
    expect(el("time_zone").initial_value).toBe("Europe/London");
    expect((el("digest_weekday").initial_option as { value: string }).value).toBe("1");
    expect(el("digest_time").initial_time).toBe("09:00");
  });

  it("when submitted, then the partnership is bound to the channel, the caller is its coordinator, and it is audited", async () => {
    await type(t, CORA, CHANNEL_ID, "setup");
    const result = await submit(t, CORA, lastOpenedView(t), setupValues());
    expect(result.status).toBe(200);
    expect(result.body?.errors).toBeUndefined();
    const { repos } = t.poc.services;
    const ws = repos.workspaces.findByTeamId("T0TEST");
    const p = repos.partnerships.findByChannel(ws?.id ?? 0, CHANNEL_ID);
    expect(p).toMatchObject({
      name: "Clean Water Compact",
      timeZone: "Europe/London",
      digestWeekday: 1,
      digestTime: "09:00",
    });
    expect(repos.members.findByUser(p?.id ?? 0, CORA)).toMatchObject({
      role: "coordinator",
      displayName: "Cora Coordinator",
      timeZone: "Europe/London",
    });
    expect(
      repos.audit
        .list(ws?.id ?? 0, p?.id ?? 0)
        .map((a) => a.action)
        .sort(),
    ).toEqual(["member.create", "partnership.create"]);
    const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1);
    expect(String(confirmation?.params.text)).toContain("Clean Water Compact");
  });

  it("when run again in the same channel, then it edits the partnership instead of creating a second", async () => {
    await type(t, CORA, CHANNEL_ID, "setup");
    await submit(t, CORA, lastOpenedView(t), setupValues());
    await type(t, CORA, CHANNEL_ID, "setup");
    const view = lastOpenedView(t);
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    expect(blocks.find((b) => b.block_id === "name")?.element?.initial_value).toBe(
      "Clean Water Compact",
    );
    await submit(
      t,
      CORA,
      view,
      setupValues({ name: { text: "Water Compact 2.0" }, digest_weekday: { option: "5" } }),
    );
    const ws = t.poc.services.repos.workspaces.findByTeamId("T0TEST");
    const all = t.poc.services.repos.partnerships.listActive(ws?.id ?? 0);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: "Water Compact 2.0", digestWeekday: 5 });
  });

  it.each([
    ["an empty name", { name: { text: "   " } }, "name", /cannot be empty/],
    [
      "an over-long name",
      { name: { text: "x".repeat(81) } },
      "name",
      /81 characters; the limit is 80/,
    ],
    [
      "an unknown time zone",
      { time_zone: { text: "Mars/Olympus" } },
      "time_zone",
      /is not a time zone/,
    ],
    ["no digest time", { digest_time: undefined }, "digest_time", /Choose a time/],
  ])(
    "when submitted with %s, then the modal shows the error inline and nothing is saved",
    async (_label, over, block, message) => {
      await type(t, CORA, CHANNEL_ID, "setup");
      const result = await submit(t, CORA, lastOpenedView(t), setupValues(over));
      expect(result.body?.response_action).toBe("errors");
      expect(result.body?.errors?.[block]).toMatch(message);
      const ws = t.poc.services.repos.workspaces.findByTeamId("T0TEST");
      expect(t.poc.services.repos.partnerships.listActive(ws?.id ?? 0)).toEqual([]);
    },
  );

  it("when a partner runs setup in a channel that has a partnership, then it is refused and nothing opens", async () => {
    await type(t, CORA, CHANNEL_ID, "setup");
    await submit(t, CORA, lastOpenedView(t), setupValues());
    const opened = t.emulator.callsTo("views.open").length;
    const typed = await type(t, PAT, CHANNEL_ID, "setup");
    expect(typed.text).toMatch(/not a member of this partnership/);
    expect(t.emulator.callsTo("views.open")).toHaveLength(opened);
  });

  it("when run in a DM, then it says to run it in the partnership's channel", async () => {
    const typed = await type(t, CORA, "D0COORD", "setup");
    expect(typed.text).toMatch(/run `\/poc setup` in the channel/);
    expect(t.emulator.callsTo("views.open")).toHaveLength(0);
  });

  it("when the name is hostile text, then it is stored verbatim and escaped when shown", async () => {
    await type(t, CORA, CHANNEL_ID, "setup");
    await submit(
      t,
      CORA,
      lastOpenedView(t),
      setupValues({ name: { text: "<!channel> & <http://x|y>" } }),
    );
    const text = String(t.emulator.callsTo("chat.postEphemeral").at(-1)?.params.text);
    expect(text).toContain("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    expect(text).not.toContain("<!channel>");
  });
});
