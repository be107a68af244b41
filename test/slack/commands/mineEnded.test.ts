/**
 * `/poc mine` (and the App Home) for an owner whose commitments here all ended: they are told
 * that nothing is open and what they closed or dropped, not that they have "no commitments yet".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTIONS } from "../../../src/slack/ids.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { blocksText, type Typed, type } from "../../support/slack.js";
import {
  addCommitment,
  addPrompt,
  CORA,
  click,
  lastView,
  PAT,
  replyErrors,
  SLOT_1,
  submitView,
  type TestClock,
} from "../checkins/helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock: TestClock = { now: SLOT_1 + HOUR };
let t: TestApp;
let seeded: Seeded;

beforeEach(async () => {
  clock.now = SLOT_1 + HOUR; // Thursday 5 March 2026, 11:00 in New York
  t = await startTestApp({ clock: () => clock.now });
  seeded = seedPartnership(t.poc.services);
});

afterEach(async () => {
  await t.close();
});

/** A date as the reply carries it: rendered by Slack in the reader's zone, ISO as the fallback. */
const day = (at: number) =>
  `<!date^${Math.floor(at / 1000)}^{date_num}|${new Date(at).toISOString().replace(".000Z", "Z")}>`;

function homeText(userId: string): string {
  const view = t.emulator.homeView(userId);
  return view === undefined ? "" : blocksText(view.blocks);
}

function expectValid(typed: Typed) {
  expect(typed.status).toBe(200);
  expect(typed.reply?.response_type).toBe("ephemeral");
  expect(replyErrors(typed.reply)).toEqual([]);
}

describe("/poc mine when nothing is open", () => {
  it("when Pat checks in done on his only commitment, then mine says nothing is open and names what he finished, and his Home says the same", async () => {
    const { id } = addCommitment(t, seeded, { title: "Install 40 water points" });
    const prompt = await addPrompt(t, { commitmentId: id });
    await click(t, PAT, ACTIONS.promptUpdate, String(prompt.id));
    const submitted = await submitView(t, PAT, lastView(t), {
      status: { option: "done" },
      what_moved: { text: "All 40 points run" },
    });
    expect(submitted.body?.errors).toBeUndefined();
    const doneAt = clock.now;

    const typed = await type(t, PAT, CHANNEL_ID, "mine");

    expectValid(typed);
    const nothingOpen = `Nothing open: you have no active commitments here. Done: 1 (Install 40 water points, closed ${day(doneAt)}).`;
    expect(typed.reply?.text).toBe(`${nothingOpen} Record a new one with \`/poc commit\`.`);
    expect(typed.text).not.toContain("no commitments in this partnership yet");
    await vi.waitFor(() => {
      expect(homeText(PAT)).toContain(`*Your commitments*\n${nothingOpen}`);
    });
    expect(homeText(PAT)).not.toContain("none active");
  });

  it("when a coordinator closes four of Pat's commitments and he drops one, then mine names the latest three done with the count and the dropped one, only his and only here", async () => {
    const titles = ["Pumps 1", "Pumps 2", "Pumps 3", "Pumps 4"];
    const closedAt: number[] = [];
    for (const title of titles) {
      const { id } = addCommitment(t, seeded, { title });
      clock.now += DAY;
      closedAt.push(clock.now);
      const closed = await type(t, CORA, CHANNEL_ID, `commit close ${id}`);
      expect(closed.text).toContain("is closed");
    }
    const survey = addCommitment(t, seeded, { title: "Survey <!channel> & co" });
    clock.now += DAY;
    const droppedAt = clock.now;
    expect((await type(t, PAT, CHANNEL_ID, `commit drop ${survey.id}`)).text).toContain(
      "is dropped",
    );
    // Not Pat's, or not this partnership's: never named.
    const { repos } = t.poc.services;
    const priyas = addCommitment(t, seeded, {
      title: "Priya's audit",
      ownerMemberId: seeded.members.priya,
      organizationId: seeded.orgs.river,
    });
    repos.commitments.update(seeded.partnershipId, priyas.id, {
      state: "closed",
      closedAt: clock.now,
    });
    const second = seedPartnership(t.poc.services, "C0SECOND");
    addCommitment(t, second, { title: "Train nurses", partnershipId: second.partnershipId });
    const elsewhere = addCommitment(t, second, {
      title: "Closed elsewhere",
      partnershipId: second.partnershipId,
    });
    repos.commitments.update(second.partnershipId, elsewhere.id, {
      state: "closed",
      closedAt: clock.now,
    });

    const typed = await type(t, PAT, CHANNEL_ID, "mine");

    expectValid(typed);
    const nothingOpen = `Nothing open: you have no active commitments here. Done: 4 (Pumps 4, closed ${day(closedAt[3] as number)}; Pumps 3, closed ${day(closedAt[2] as number)}; Pumps 2, closed ${day(closedAt[1] as number)}; and 1 more). Dropped: 1 (Survey &lt;!channel&gt; &amp; co, dropped ${day(droppedAt)}).`;
    expect(typed.reply?.text).toBe(`${nothingOpen} Record a new one with \`/poc commit\`.`);
    for (const other of ["Pumps 1", "Priya's audit", "Closed elsewhere", "<!channel>"]) {
      expect(typed.text).not.toContain(other);
    }

    // From a DM, every partnership: the one with nothing open says so, the other lists its work.
    const dm = await type(t, PAT, "D0PART", "mine");
    expectValid(dm);
    expect(dm.text).toContain(
      `*Clean Water Compact* in <#${CHANNEL_ID}>: 0 active commitments\n${nothingOpen}`,
    );
    expect(dm.text).toContain("*Train nurses*");
    expect(dm.text).not.toContain("Closed elsewhere");
  });
});
