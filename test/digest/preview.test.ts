/**
 * `/poc digest` through the running app: a preview is one window (the week so far), stated in
 * its header, and every figure in it reads that window: a check-in given a minute ago is in the
 * headline, in "What changed" and in the participation count alike.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/slack/ids.js";
import {
  addCommitment,
  addPrompt,
  CORA,
  click,
  lastView,
  PAT,
  SLOT_1,
  submitView,
  type TestClock,
} from "../slack/checkins/helpers.js";
import { CHANNEL_ID, MODES, startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { type } from "../support/slack.js";

describe.each(MODES)("digest preview over %s", (mode) => {
  const clock: TestClock = { now: SLOT_1 };
  let t: TestApp;
  let seeded: Seeded;

  beforeEach(async () => {
    clock.now = SLOT_1 + 3_600_000; // Thursday 5 March 2026, 11:00 in New York
    t = await startTestApp({ clock: () => clock.now, mode });
    seeded = seedPartnership(t.poc.services);
    t.poc.database.sqlite
      .prepare("UPDATE partnerships SET created_at = ? WHERE id = ?")
      .run(Date.parse("2026-02-01T00:00:00Z"), seeded.partnershipId);
  });

  afterEach(async () => {
    await t.close();
  });

  describe("previewing the digest", () => {
    it("when Pat reports off track and a coordinator previews at once, then the header names the week so far and the headline, the changes and the count all show it", async () => {
      const commitmentId = addCommitment(t, seeded, { title: "Drill wells" }).id;
      // Last week Pat was on track.
      const earlier = await addPrompt(t, {
        commitmentId,
        periodKey: "W:2026-02-26",
        dueAt: SLOT_1 - 7 * 86_400_000,
      });
      clock.now = SLOT_1 - 7 * 86_400_000 + 3_600_000;
      await click(t, PAT, ACTIONS.promptOnTrack, String(earlier.id));

      clock.now = SLOT_1 + 3_600_000;
      const prompt = await addPrompt(t, { commitmentId });
      await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
      const submitted = await submitView(t, PAT, lastView(t), { status: { option: "off_track" } });
      expect(submitted.body?.errors).toBeUndefined();

      const preview = await type(t, CORA, CHANNEL_ID, "digest");
      // Thursday 5 March in London (the partnership's zone): Monday 2 March to now.
      expect(preview.text).toContain("Week so far: 2 Mar - 5 Mar 2026 (W10)");
      expect(preview.text).toContain("1 off track");
      expect(preview.text).toContain("*Drill wells* (Acme Water, <@U0PART>): on track → off track");
      expect(preview.text).toContain("*Check-ins*: 1 of 1 prompt due so far answered");
      expect(preview.text).not.toContain("No status moved");
    });
  });
});
