/**
 * Delivery rules found in review: an early check-in answers its period's prompt before it is
 * sent; a history Slack will never let us read does not strand a prompt; a blocker whose channel
 * post failed is posted by the next tick; the outbox's own client never re-sends by itself.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { schema } from "../../src/db/index.js";
import { silentLogger } from "../../src/logger.js";
import { createSlackClient, OUTBOX_RETRY } from "../../src/slack/client.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import {
  addCommitment,
  DAY,
  type ManualClock,
  MINUTE,
  manualClock,
  promptPosts,
} from "./support.js";

/** Monday 30 November 2026, 07:00 in New York (Pat's zone). */
const START = Date.parse("2026-11-30T12:00:00Z");
/** Monday 09:00 in New York: the slot of the weekly Monday commitment. */
const MONDAY_9_NY = Date.parse("2026-11-30T14:00:00Z");

let clock: ManualClock;
let t: TestApp;
let seeded: Seeded;

beforeEach(async () => {
  clock = manualClock(START);
  t = await startTestApp({ clock, emulator: { clock } });
  seeded = seedPartnership(t.poc.services);
});

afterEach(async () => {
  await t.close();
});

const tick = (at: number) => {
  clock.set(at);
  return t.poc.services.tick.run(at);
};
const prompts = () =>
  t.poc.database.db.select().from(schema.prompts).orderBy(schema.prompts.id).all();

describe("delivery rules from review", () => {
  it("when the owner checked in before the prompt went out, then the prompt is answered, never sent, reminded or counted silent", async () => {
    const id = addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      startedAt: START,
    });
    // The period of Monday's slot, checked in at 08:00 New York through a check-in row.
    t.poc.database.db
      .insert(schema.checkIns)
      .values({
        commitmentId: id,
        periodKey: "W:2026-11-30",
        authorMemberId: seeded.members.pat,
        status: "on_track",
        createdAt: START + 60 * MINUTE,
      })
      .run();
    await tick(MONDAY_9_NY);
    await tick(MONDAY_9_NY + DAY + MINUTE);
    expect(prompts().map((p) => [p.periodKey, p.state])).toEqual([["W:2026-11-30", "answered"]]);
    expect(promptPosts(t.emulator).size).toBe(0);
    expect(t.emulator.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("when Slack will never let us read that DM's history (channel_not_found), then a prompt left in sending is sent again, not stranded", async () => {
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    await tick(MONDAY_9_NY - MINUTE); // nothing due yet
    t.poc.database.db
      .insert(schema.prompts)
      .values({
        commitmentId: 1,
        periodKey: "W:2026-11-30",
        dueAt: MONDAY_9_NY,
        state: "sending",
        dmChannelId: "DU0PART",
        claimedAt: MONDAY_9_NY,
        createdAt: MONDAY_9_NY,
        updatedAt: MONDAY_9_NY,
      })
      .run();
    const remove = t.emulator.failAlways({
      method: "conversations.history",
      kind: "error",
      error: "channel_not_found",
    });
    await tick(MONDAY_9_NY + MINUTE);
    expect(prompts()[0]?.state).toBe("sent");
    expect(promptPosts(t.emulator).get(prompts()[0]?.id ?? 0)).toBe(1);
    remove();
  });

  it("when a blocker's channel post failed at the time, then the next tick posts it once", async () => {
    const id = addCommitment(t.poc.services, seeded, {
      owner: seeded.members.pat,
      startedAt: START,
    });
    t.poc.database.db
      .insert(schema.blockers)
      .values({
        commitmentId: id,
        text: "Permit stuck at the county",
        raisedByMemberId: seeded.members.pat,
        createdAt: START,
      })
      .run();
    await tick(START + 30 * 1000); // younger than the grace: the check-in's own post may be in flight
    expect(t.emulator.messages("C0PARTNER")).toHaveLength(0);
    await tick(START + 2 * MINUTE);
    await tick(START + 3 * MINUTE);
    const posted = t.emulator.messages("C0PARTNER");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain("Permit stuck at the county");
    expect(t.poc.database.db.select().from(schema.blockers).all()[0]?.messageTs).toBe(
      posted[0]?.ts,
    );
  });
});

describe("zone refresh", () => {
  it("when one member's users.info keeps failing, then the others are still refreshed on the next tick", async () => {
    const members = t.poc.services.repos.members;
    // Nia's lookup fails and she is oldest; Pat is stale too.
    const nia = members.upsert({
      partnershipId: seeded.partnershipId,
      slackUserId: "U0NOTZ",
      role: "partner",
      organizationId: seeded.orgs.acme,
      timeZone: "Europe/Paris",
      timeZoneFetchedAt: 0,
      createdAt: START,
    }).id;
    members.update(seeded.partnershipId, seeded.members.pat, {
      timeZone: "Asia/Tokyo",
      timeZoneFetchedAt: START - 2 * DAY,
    });
    addCommitment(t.poc.services, seeded, { owner: nia, startedAt: START });
    addCommitment(t.poc.services, seeded, { owner: seeded.members.pat, startedAt: START });
    t.emulator.failAlways({ method: "users.info", user: "U0NOTZ", kind: "http_500" });
    await tick(START);
    expect(members.findById(seeded.partnershipId, seeded.members.pat)?.timeZone).toBe("Asia/Tokyo");
    await tick(START + MINUTE);
    expect(members.findById(seeded.partnershipId, seeded.members.pat)?.timeZone).toBe(
      "America/New_York",
    );
    expect(members.findById(seeded.partnershipId, nia)?.timeZone).toBe("Europe/Paris");
  });
});

describe("the outbox's Web API client", () => {
  it("when Slack answers a post with a 500, then it does not retry by itself (Slack may have posted it)", async () => {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_API_URL: t.emulator.url },
      "slack",
    );
    const client = createSlackClient(config.slack, OUTBOX_RETRY, silentLogger());
    t.emulator.failAlways({ method: "chat.postMessage", kind: "http_500" });
    await expect(
      client.chat.postMessage({ channel: "C0PARTNER", text: "hello" }),
    ).rejects.toThrow();
    expect(t.emulator.callsTo("chat.postMessage")).toHaveLength(1);
  });
});
