import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/slack/ids.js";
import { click } from "../slack/checkins/helpers.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../support/app.js";
import { NOW } from "../support/seed.js";
import { blocksText, type } from "../support/slack.js";
import { seedWorld, type World } from "./world.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const OLU = "U0OBS";
const OONA = "U0OUT";

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  w = seedWorld(t, CHANNEL_ID);
});
afterAll(async () => {
  await t.close();
});

describe("/poc agenda", () => {
  it("when Olu (an observer) drafts the agenda, then it lists each topic of the review, escaped, within 50 blocks", async () => {
    const typed = await type(t, OLU, CHANNEL_ID, "agenda");
    const blocks = typed.reply?.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const text = blocksText(blocks);
    // Off track, with its hostile title escaped.
    expect(text).toContain("*1. Off track and at risk (1)*");
    expect(text).toContain(
      `:red_circle: off track: *#${w.commitmentId} Pipes, "valves" &amp; &lt;!channel&gt;`,
    );
    expect(text).not.toContain("<!channel>");
    // Only the blocker open longer than 7 days.
    expect(text).toContain("*2. Blockers open more than 7 days (1)*");
    expect(text).toContain(`*#${w.oldBlockerId}* Customs hold, "form B-7" missing`);
    expect(text).toContain("&lt;@U0COORD&gt;");
    expect(text).toContain("open 10 days");
    expect(text).not.toContain("Truck is late");
    // Gaps: the objective and the organization without active work, as everywhere else.
    expect(text).toContain(
      [
        "*3. Alignment gaps (2)*",
        `• Objective #${w.gapObjectiveId} *Teach hygiene*: no active commitment serves it`,
        "• *River NGO* (civil society): no active commitment",
      ].join("\n"),
    );
    expect(text).not.toContain("Clean wells");
    // The decision due yesterday, not next year's.
    expect(text).toContain("*4. Decisions due (1)*");
    expect(text).toContain(
      `*#${w.dueDecisionId}* Pick the valve supplier — <@U0PART2>, due 2026-11-29 (overdue)`,
    );
    expect(text).not.toContain("Review the budget");
    // This month's learning, not the six-week-old one.
    expect(text).toContain("*5. Learnings of the last four weeks (1)*");
    expect(text).toContain("Valves need 2 weeks lead time — <@U0PART>");
    expect(text).not.toContain("Old lesson about trucks");
    const button = JSON.stringify(blocks.at(-1));
    expect(button).toContain(ACTIONS.agendaPost);
    expect(button).toContain(`"value":"${w.partnershipId}"`);
  });

  it("when Oona (not a member) asks, then she is refused", async () => {
    const typed = await type(t, OONA, CHANNEL_ID, "agenda");
    expect(typed.text).not.toContain("Review agenda");
    expect(typed.text).toMatch(/:no_entry:|:information_source:/);
  });

  it("when Pat clicks Post, then the agenda goes to the channel without the button, naming who drafted it", async () => {
    const before = t.emulator.messages(CHANNEL_ID).length;
    const clicked = await click(t, PAT, ACTIONS.agendaPost, String(w.partnershipId), {
      channelId: CHANNEL_ID,
    });
    expect(clicked.status).toBe(200);
    await expect.poll(() => t.emulator.messages(CHANNEL_ID).length).toBe(before + 1);
    const posted = t.emulator.messages(CHANNEL_ID).at(-1) as unknown as {
      text: string;
      blocks: unknown[];
    };
    // What a phone shows: who drafted it, for which partnership, counted in words.
    expect(posted.text).toContain("Review agenda for Clean Water Compact, drafted by <@U0PART>:");
    expect(posted.text).toContain("1 commitment off track or at risk");
    expect(posted.text).toContain("1 blocker open more than 7 days");
    expect(posted.text).toContain("1 decision due, 1 learning.");
    expect(posted.text).not.toContain("(s)");
    const text = blocksText(posted.blocks);
    expect(text).toContain("drafted by <@U0PART>");
    expect(text).toContain("Pick the valve supplier");
    expect(JSON.stringify(posted.blocks)).not.toContain(ACTIONS.agendaPost);
  });

  it("when Oona clicks Post, then nothing is posted", async () => {
    const before = t.emulator.messages(CHANNEL_ID).length;
    const clicked = await click(t, OONA, ACTIONS.agendaPost, String(w.partnershipId), {
      channelId: CHANNEL_ID,
    });
    expect(clicked.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.emulator.messages(CHANNEL_ID).length).toBe(before);
  });

  it("when Cora drafts it, then the coordinator's agenda is the same draft", async () => {
    const typed = await type(t, CORA, CHANNEL_ID, "agenda");
    expect(typed.text).toContain("*4. Decisions due (1)*");
  });
});
