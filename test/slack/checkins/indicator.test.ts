/**
 * A commitment measured by its objective's indicator: Pat reports how many people have safe
 * drinking water, and every surface reads the same figures with thousands separators: the
 * modal's hint, his prompt DM, `/poc mine`, and the objective's line in the digest's thread
 * (the latest reported value, its baseline, its target and its share of the way).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PromptMessage } from "../../../src/services/ports.js";
import { ACTIONS } from "../../../src/slack/ids.js";
import { promptBlocks } from "../../../src/slack/views/prompt.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { blocksText, type } from "../../support/slack.js";
import {
  addCommitment,
  addPrompt,
  blockById,
  CORA,
  click,
  lastView,
  messageText,
  PAT,
  refusedCalls,
  SLOT_1,
  submitView,
  type TestClock,
  updatesIn,
} from "./helpers.js";

const WATER = {
  title: "Safe water for the valley",
  indicator: "People with safe drinking water",
  unit: null,
  baseline: 120_000,
  target: 1_000_000,
};

describe("the prompt DM of a commitment measured by an indicator", () => {
  const prompt = (progress: number | null): PromptMessage => ({
    promptId: 41,
    periodKey: "W:2026-03-05",
    dueAt: SLOT_1,
    ownerUserId: PAT,
    partnershipName: "Clean Water Compact",
    channelId: CHANNEL_ID,
    commitment: {
      id: 7,
      title: "Drill wells",
      organizationName: "Acme Water",
      dueDate: null,
      cadence: "weekly",
    },
    objectives: [WATER],
    last: { status: "on_track", progress, whatMoved: null, nextStep: null, at: SLOT_1 - 1 },
  });

  it("when the last check-in reported 121507 people, then the DM shows it against the range with separators", () => {
    const text = blocksText(promptBlocks(prompt(121_507)));
    expect(text).toContain("on track · 121,507 of 1,000,000 (baseline 120,000)");
    expect(text).toContain("People with safe drinking water: 120,000 → 1,000,000");
    expect(text).not.toContain("1000000");
    // The owner's own figure: the objective's share of the way is the digest's to tell.
    expect(text).not.toContain("of the way");
  });
});

describe("reporting an indicator value through the running app", () => {
  const clock: TestClock = { now: SLOT_1 + 3_600_000 };
  let t: TestApp;
  let seeded: Seeded;
  let commitmentId: number;

  beforeEach(async () => {
    clock.now = SLOT_1 + 3_600_000; // Thursday 5 March 2026, 11:00 in New York
    t = await startTestApp({ clock: () => clock.now });
    seeded = seedPartnership(t.poc.services);
    t.poc.database.sqlite
      .prepare("UPDATE partnerships SET created_at = ? WHERE id = ?")
      .run(Date.parse("2026-02-01T00:00:00Z"), seeded.partnershipId);
    const objective = t.poc.services.repos.objectives.create({
      partnershipId: seeded.partnershipId,
      ...WATER,
      createdAt: SLOT_1 - 86_400_000,
      updatedAt: SLOT_1 - 86_400_000,
    });
    commitmentId = addCommitment(t, seeded, {
      title: "Drill wells",
      objectiveIds: [objective.id],
    }).id;
  });

  afterEach(async () => {
    await t.close();
  });

  it("when the only objective with an indicator is retired, then the modal asks for a percent and the DM shows a percent, not the retired indicator's range", async () => {
    const retired = t.poc.services.repos.objectives.create({
      partnershipId: seeded.partnershipId,
      title: "Wells drilled",
      indicator: "Wells",
      unit: "wells",
      baseline: 0,
      target: 40,
      state: "retired",
      createdAt: SLOT_1 - 86_400_000,
      updatedAt: SLOT_1 - 86_400_000,
    });
    const plain = t.poc.services.repos.objectives.create({
      partnershipId: seeded.partnershipId,
      title: "Stronger committees",
      createdAt: SLOT_1 - 86_400_000,
      updatedAt: SLOT_1 - 86_400_000,
    });
    const id = addCommitment(t, seeded, {
      title: "Train committees",
      objectiveIds: [retired.id, plain.id],
    }).id;
    const prompt = await addPrompt(t, { commitmentId: id });
    await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
    const view = lastView(t);
    expect(JSON.stringify(blockById(view, "progress"))).not.toContain("Wells");
    await submitView(t, PAT, view, { status: { option: "on_track" }, progress: { number: "35" } });
    const dm = messageText(updatesIn(t, `D${PAT}`).at(-1) as never);
    expect(dm).toContain("on track · 35 %");
    expect(dm).not.toContain("of 40");
    expect(dm).not.toContain("Wells drilled");
  });

  it("when Pat checks in 121507 people through the modal, then his DM, /poc mine and the digest's thread show the figures with separators and the objective's share of the way", async () => {
    const prompt = await addPrompt(t, { commitmentId });
    await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
    const view = lastView(t);
    const hint = JSON.stringify(blockById(view, "progress"));
    expect(hint).toContain("People with safe drinking water");
    expect(hint).toContain("baseline 120,000, target 1,000,000");

    const submitted = await submitView(t, PAT, view, {
      status: { option: "on_track" },
      progress: { number: "121507" },
    });
    expect(submitted.body?.errors).toBeUndefined();

    const dm = messageText(updatesIn(t, `D${PAT}`).at(-1) as never);
    expect(dm).toContain("121,507 of 1,000,000 (baseline 120,000)");

    const mine = await type(t, PAT, CHANNEL_ID, "mine");
    expect(mine.text).toContain("progress 121,507 of 1,000,000 (baseline 120,000)");

    // The next Monday, after the digest slot (09:00 in London): the week that holds the check-in.
    clock.now = Date.parse("2026-03-09T10:00:00Z");
    const posted = await type(t, CORA, CHANNEL_ID, "digest post");
    expect(posted.text).toContain("Posted");
    const thread = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => c.params.channel === CHANNEL_ID && c.params.thread_ts !== undefined)
      .map(messageText)
      .join("\n");
    expect(thread).toContain(
      "People with safe drinking water: 121,507 of 1,000,000 (baseline 120,000): 0.2 % of the way",
    );
    expect(thread).toContain("reported by Pat Partner for *Drill wells*");
    expect(thread).not.toContain("121507");
    expect(refusedCalls(t)).toEqual([]);
  });
});
