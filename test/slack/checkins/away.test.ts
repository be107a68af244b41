/**
 * `/poc away <date>` and `/poc away off`: Pat pauses his prompts from the partnership's channel
 * (that partnership) or from a DM with the app (all of his partnerships).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { type } from "../../support/slack.js";
import {
  addCommitment,
  addPrompt,
  messageText,
  OONA,
  PAT,
  PERIOD_1,
  promptRow,
  refusedCalls,
  SLOT_1,
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
});

afterEach(async () => {
  await t.close();
});

describe("/poc away", () => {
  it("when Pat types a date in the channel, then he is away there, this period's prompts are skipped, an older unanswered one stays, and the DM says away", async () => {
    const older = await addPrompt(t, {
      commitmentId,
      periodKey: "W:2026-02-26",
      dueAt: SLOT_1 - 7 * 86_400_000,
    });
    const current = await addPrompt(t, { commitmentId });
    const second = addCommitment(t, seeded, { title: "Train operators" });
    const waiting = await addPrompt(t, {
      commitmentId: second.id,
      state: "pending",
      periodKey: PERIOD_1,
    });

    const typed = await type(t, PAT, CHANNEL_ID, "away 2026-03-20");

    expect(typed.text).toContain("paused until 2026-03-20");
    const { repos } = t.poc.services;
    expect(repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil).toBe(
      "2026-03-20",
    );
    expect(promptRow(t, current.id).state).toBe("skipped");
    expect(promptRow(t, waiting.id).state).toBe("skipped");
    expect(promptRow(t, older.id).state).toBe("sent");
    await vi.waitFor(() => expect(updatesIn(t, `D${PAT}`)).toHaveLength(1));
    const update = updatesIn(t, `D${PAT}`)[0];
    expect(update?.params.ts).toBe(current.messageTs);
    expect(messageText(update as never)).toContain("Away until 2026-03-20");
    const audit = repos.audit.list(seeded.workspaceId, seeded.partnershipId)[0];
    expect(audit).toMatchObject({ action: "member.away", actorUserId: PAT });
    expect(audit?.detail).toMatchObject({ until: "2026-03-20", before: null });
    expect(refusedCalls(t)).toEqual([]);
  });

  it("when Pat types `away off`, then prompts resume and it is audited", async () => {
    await type(t, PAT, CHANNEL_ID, "away 2026-03-20");
    const typed = await type(t, PAT, CHANNEL_ID, "away off");
    expect(typed.text).toContain("Welcome back");
    const { repos } = t.poc.services;
    expect(repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil).toBeNull();
    const audit = repos.audit.list(seeded.workspaceId, seeded.partnershipId)[0];
    expect(audit?.detail).toMatchObject({ until: null, before: "2026-03-20" });
  });

  it("when Pat types it in a DM, then it applies to every partnership he belongs to", async () => {
    t.emulator.addChannel({ id: "C0SECOND", name: "second" });
    const other = seedPartnership(t.poc.services, "C0SECOND");
    const typed = await type(t, PAT, `D${PAT}`, "away 2026-04-01");
    expect(typed.text).toContain("Clean Water Compact");
    const { repos } = t.poc.services;
    expect(repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil).toBe(
      "2026-04-01",
    );
    expect(repos.members.findById(other.partnershipId, other.members.pat)?.awayUntil).toBe(
      "2026-04-01",
    );
  });

  it("when the date is bad, past or too far, or missing, then the answer says so and nothing changes", async () => {
    for (const [text, expected] of [
      ["away 2026-02-30", "must be a date"],
      ["away 2026-03-04", "in the past"],
      ["away 2027-03-06", "more than a year ahead"],
      ["away", "Until when?"],
      ["away soon please", "is not a date"],
    ] as const) {
      const typed = await type(t, PAT, CHANNEL_ID, text);
      expect(typed.text, text).toContain(expected);
    }
    const { repos } = t.poc.services;
    expect(repos.members.findById(seeded.partnershipId, seeded.members.pat)?.awayUntil).toBeNull();
  });

  it("when someone who is not a member types it, then they are told they have no check-ins here", async () => {
    const typed = await type(t, OONA, CHANNEL_ID, "away 2026-03-20");
    expect(typed.text).toContain("not a member");
  });
});
