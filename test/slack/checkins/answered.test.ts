/**
 * What Pat's prompt DM shows once he has answered it: the check-in just recorded, once. Before
 * he answers (a snooze rewrites it too), it still shows last week's check-in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS } from "../../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import {
  addCommitment,
  addPrompt,
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

const clock: TestClock = { now: SLOT_1 + 3_600_000 };
let t: TestApp;
let seeded: Seeded;
let commitmentId: number;

beforeEach(async () => {
  clock.now = SLOT_1 + 3_600_000; // Thursday 5 March, 11:00 in New York
  t = await startTestApp({ clock: () => clock.now });
  seeded = seedPartnership(t.poc.services);
  commitmentId = addCommitment(t, seeded).id;
  // Last week's check-in: at risk, 40 %.
  t.poc.services.repos.checkIns.upsert({
    commitmentId,
    periodKey: "W:2026-02-26",
    authorMemberId: seeded.members.pat,
    status: "at_risk",
    progress: 40,
    whatMoved: "Surveyed the sites",
    nextStep: "Order pumps",
    createdAt: SLOT_1 - 7 * 86_400_000,
    editedAt: null,
  });
});

afterEach(async () => {
  await t.close();
});

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The text of the one accepted chat.update of Pat's prompt. */
function updatedPrompt(): string {
  const updates = updatesIn(t, `D${PAT}`);
  expect(updates).toHaveLength(1);
  expect(refusedCalls(t)).toEqual([]);
  return messageText(updates[0] as never);
}

describe("the prompt DM once answered", () => {
  it("when Pat clicks On track, then the DM shows the recorded check-in once and no Last check-in", async () => {
    const prompt = await addPrompt(t, { commitmentId });

    await click(t, PAT, ACTIONS.promptOnTrack, String(prompt.id), {
      messageTs: prompt.messageTs ?? "",
    });

    const shown = updatedPrompt();
    expect(occurrences(shown, "Recorded")).toBe(1);
    expect(occurrences(shown, ":large_green_circle: on track")).toBe(1);
    expect(shown).not.toContain("Last check-in");
    expect(shown).not.toContain("No check-in yet");
  });

  it("when Pat submits the Update modal, then what moved and the next step appear once", async () => {
    const prompt = await addPrompt(t, { commitmentId });
    await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));

    const submitted = await submitView(t, PAT, lastView(t), {
      status: { option: "off_track" },
      progress: { number: "45" },
      what_moved: { text: "Two pumps installed" },
      next_step: { text: "Train the operators" },
    });

    expect(submitted.body?.errors).toBeUndefined();
    const shown = updatedPrompt();
    expect(occurrences(shown, "Recorded")).toBe(1);
    expect(occurrences(shown, "Two pumps installed")).toBe(1);
    expect(occurrences(shown, "Train the operators")).toBe(1);
    expect(occurrences(shown, ":red_circle: off track")).toBe(1);
    expect(shown).not.toContain("Last check-in");
  });

  it("when Pat snoozes instead of answering, then the DM still shows last week's check-in as the last one", async () => {
    const prompt = await addPrompt(t, { commitmentId });

    await click(t, PAT, ACTIONS.promptSnooze, String(prompt.id));

    const shown = updatedPrompt();
    expect(shown).toContain("Snoozed");
    expect(occurrences(shown, "Last check-in")).toBe(1);
    expect(occurrences(shown, "Surveyed the sites")).toBe(1);
    expect(shown).not.toContain("Recorded");
  });
});
