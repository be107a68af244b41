/**
 * Delivering the weekly digest: the tick posts each partnership's digest at its weekday and
 * local time, exactly once a week (two ticks, a restarted app, a daylight-saving change, a
 * catch-up after downtime); Slack rejecting the chart costs one more post without it;
 * `/poc digest` previews to the caller only; `/poc digest post` counts as the week's digest.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions, RecordedCall } from "../../src/emulator/index.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../support/app.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { lastOpenedView, submit, type } from "../support/slack.js";
import {
  addCommitment,
  type ManualClock,
  manualClock,
  restartedApp,
  succeeded,
} from "../tick/support.js";

const at = (iso: string): number => Date.parse(iso);
const PAT = "U0PART";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The app on a manual clock, with a partnership (Europe/London, Mondays 09:00) made in September. */
async function start(
  now: number,
  emulator: Partial<EmulatorOptions> = {},
): Promise<{ t: TestApp; clock: ManualClock; seeded: Seeded }> {
  const clock = manualClock(now);
  const app = await startTestApp({ clock, emulator: { clock, ...emulator } as EmulatorOptions });
  t = app;
  const seeded = seedPartnership(app.poc.services);
  app.poc.database.sqlite
    .prepare("UPDATE partnerships SET created_at = ? WHERE id = ?")
    .run(at("2026-09-01T00:00:00Z"), seeded.partnershipId);
  addCommitment(app.poc.services, seeded, {
    owner: seeded.members.pat,
    title: "Drill <!channel> wells",
    startedAt: at("2026-09-01T00:00:00Z"),
  });
  return { t: app, clock, seeded };
}

/** Top-level digest messages Slack accepted in the partnership channel. */
function digestPosts(app: TestApp): RecordedCall[] {
  return app.emulator
    .callsTo("chat.postMessage")
    .filter(
      (c) =>
        succeeded(c) &&
        c.params.channel === CHANNEL_ID &&
        c.params.thread_ts === undefined &&
        String(c.params.text).startsWith("Weekly digest for"),
    );
}

function digestRows(app: TestApp, partnershipId: number) {
  return app.poc.database.sqlite
    .prepare(
      "SELECT period_key AS periodKey, state, message_ts AS ts, chart_omitted AS chartOmitted FROM digests WHERE partnership_id = ? ORDER BY id",
    )
    .all(partnershipId) as { periodKey: string; state: string; ts: string; chartOmitted: number }[];
}

const hasChart = (c: RecordedCall): boolean =>
  JSON.stringify(c.params.blocks ?? "").includes("data_visualization");

describe("the weekly digest in the tick", () => {
  it("when two ticks and a restarted app run in the same week, then the channel gets exactly one digest, with its detail in the thread", async () => {
    const { t, clock, seeded } = await start(at("2026-12-07T08:59:00Z"));
    const tick = (iso: string) => {
      clock.set(at(iso));
      return t.poc.services.tick.run(at(iso));
    };
    expect((await tick("2026-12-07T08:59:00Z")).digestsPosted).toBe(1); // last week's, caught up
    expect((await tick("2026-12-07T09:00:00Z")).digestsPosted).toBe(1);
    expect((await tick("2026-12-07T09:01:00Z")).digestsPosted).toBe(0);
    const again = await restartedApp(t, clock);
    try {
      expect((await again.services.tick.run(at("2026-12-07T10:00:00Z"))).digestsPosted).toBe(0);
      expect((await again.services.tick.run(at("2026-12-10T10:00:00Z"))).digestsPosted).toBe(0);
    } finally {
      await again.stop();
    }
    const posts = digestPosts(t);
    expect(posts).toHaveLength(2);
    expect(posts.every(hasChart)).toBe(true);
    expect(digestRows(t, seeded.partnershipId)).toEqual([
      expect.objectContaining({ periodKey: "D:2026-11-30", state: "posted", chartOmitted: 0 }),
      expect.objectContaining({ periodKey: "D:2026-12-07", state: "posted", chartOmitted: 0 }),
    ]);
    const ts = (posts[1]?.response as { ts: string } | undefined)?.ts;
    expect(ts).toMatch(/^\d+\.\d+$/);
    const replies = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => succeeded(c) && c.params.thread_ts === ts);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(posts[1]?.params)).not.toContain("<!channel>");
  });

  it("when Slack answers the digest with a 500 (it may have posted it), then it is not posted again", async () => {
    const { t, seeded } = await start(at("2026-12-10T15:00:00Z"));
    t.emulator.failNext({ method: "chat.postMessage", channel: CHANNEL_ID, kind: "http_500" });
    expect((await t.poc.services.tick.run(at("2026-12-10T15:00:00Z"))).digestsPosted).toBe(0);
    for (const later of ["2026-12-10T15:10:00Z", "2026-12-10T16:00:00Z", "2026-12-11T09:00:00Z"]) {
      expect((await t.poc.services.tick.run(at(later))).digestsPosted).toBe(0);
    }
    const attempts = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => c.params.channel === CHANNEL_ID && c.params.thread_ts === undefined);
    expect(attempts).toHaveLength(1);
    expect(digestRows(t, seeded.partnershipId).map((r) => r.state)).toEqual(["failed"]);
    // A coordinator who asks to post it by hand is told why it is not.
    const byHand = await type(t, "U0COORD", CHANNEL_ID, "digest post");
    expect(byHand.text).toContain(
      "The digest of the week of 30 Nov - 6 Dec 2026 (W49) was not posted by the scheduler: Slack did not confirm it, so it may be in the channel already. It is not posted again",
    );
    expect(attempts).toHaveLength(1);
  });

  it("when the app was down for days, then only the latest slot is posted, once", async () => {
    const { t, seeded } = await start(at("2026-12-10T15:00:00Z"));
    expect((await t.poc.services.tick.run(at("2026-12-10T15:00:00Z"))).digestsPosted).toBe(1);
    expect((await t.poc.services.tick.run(at("2026-12-10T15:01:00Z"))).digestsPosted).toBe(0);
    expect(digestRows(t, seeded.partnershipId).map((r) => r.periodKey)).toEqual(["D:2026-12-07"]);
    expect(digestPosts(t)).toHaveLength(1);
  });

  it("when the clocks go back at the end of October, then the digest stays Monday 09:00 London time", async () => {
    const { t, clock, seeded } = await start(at("2026-10-19T07:59:00Z"));
    const tick = async (iso: string) => {
      clock.set(at(iso));
      return (await t.poc.services.tick.run(at(iso))).digestsPosted;
    };
    expect(await tick("2026-10-19T07:59:00Z")).toBe(1); // the week before, caught up
    expect(await tick("2026-10-19T08:00:00Z")).toBe(1); // 09:00 BST
    expect(await tick("2026-10-26T08:00:00Z")).toBe(0); // 08:00 GMT: not yet
    expect(await tick("2026-10-26T08:59:00Z")).toBe(0);
    expect(await tick("2026-10-26T09:00:00Z")).toBe(1); // 09:00 GMT
    expect(await tick("2026-10-26T10:00:00Z")).toBe(0);
    expect(digestRows(t, seeded.partnershipId).map((r) => r.periodKey)).toEqual([
      "D:2026-10-12",
      "D:2026-10-19",
      "D:2026-10-26",
    ]);
    expect(digestPosts(t)).toHaveLength(3);
  });

  it("when Slack rejects the chart block, then the digest goes once more without it and records that", async () => {
    const { t, seeded } = await start(at("2026-12-07T09:05:00Z"), {
      unsupportedBlockTypes: ["data_visualization"],
    });
    expect((await t.poc.services.tick.run(at("2026-12-07T09:05:00Z"))).digestsPosted).toBe(1);
    expect((await t.poc.services.tick.run(at("2026-12-07T09:06:00Z"))).digestsPosted).toBe(0);
    const parents = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => c.params.thread_ts === undefined && c.params.channel === CHANNEL_ID);
    expect(parents).toHaveLength(2);
    expect((parents[0]?.response as { error?: string } | undefined)?.error).toBe("invalid_blocks");
    expect(hasChart(parents[0] as RecordedCall)).toBe(true);
    expect(succeeded(parents[1] as RecordedCall)).toBe(true);
    expect(hasChart(parents[1] as RecordedCall)).toBe(false);
    expect(JSON.stringify(parents[1]?.params.blocks)).toContain("*What changed that week*");
    expect(digestRows(t, seeded.partnershipId)).toEqual([
      expect.objectContaining({ periodKey: "D:2026-12-07", state: "posted", chartOmitted: 1 }),
    ]);
  });

  it("when a member asks for /poc digest, then only they see the preview of the week so far and nothing is posted", async () => {
    const { t, seeded } = await start(at("2026-12-09T12:00:00Z"));
    const preview = await type(t, "U0OBS", CHANNEL_ID, "digest");
    expect(preview.status).toBe(200);
    expect(preview.reply?.response_type).toBe("ephemeral");
    expect(preview.text).toContain("Preview: only you can see this.");
    expect(preview.text).toContain("Week so far: 7 Dec - 9 Dec 2026 (W50)");
    expect(preview.text).toContain("*1 active commitment*");
    expect(t.emulator.callsTo("chat.postMessage")).toHaveLength(0);
    expect(t.emulator.messages(CHANNEL_ID)).toHaveLength(0);
    expect(digestRows(t, seeded.partnershipId)).toEqual([]);
    const stranger = await type(t, "U0OUT", CHANNEL_ID, "digest");
    expect(stranger.text).not.toContain("Weekly digest");
  });

  it("when a coordinator posts the digest by hand, then the tick does not post that week's again", async () => {
    const { t, seeded } = await start(at("2026-12-07T09:30:00Z"));
    const denied = await type(t, "U0PART", CHANNEL_ID, "digest post");
    expect(denied.text).not.toContain("Posted the digest");
    expect(digestPosts(t)).toHaveLength(0);

    const posted = await type(t, "U0COORD", CHANNEL_ID, "digest post");
    expect(posted.text).toContain(
      "Posted the digest of the week of 30 Nov - 6 Dec 2026 (W49) in the channel.",
    );
    expect(digestPosts(t)).toHaveLength(1);
    expect((await t.poc.services.tick.run(at("2026-12-07T09:31:00Z"))).digestsPosted).toBe(0);
    const twice = await type(t, "U0COORD", CHANNEL_ID, "digest post");
    expect(twice.text).toContain(
      "The digest of the week of 30 Nov - 6 Dec 2026 (W49) was already posted; the next one comes on 2026-12-14 at 09:00.",
    );
    expect(digestPosts(t)).toHaveLength(1);
    expect(digestRows(t, seeded.partnershipId)).toEqual([
      expect.objectContaining({ periodKey: "D:2026-12-07", state: "posted" }),
    ]);
  });

  it("when a partnership is set up on the digest day, then no digest is posted for the week before it existed, and posting by hand says when the first comes", async () => {
    const { t, clock, seeded } = await start(at("2026-12-07T08:00:00Z"));
    t.poc.database.sqlite
      .prepare("UPDATE partnerships SET created_at = ? WHERE id = ?")
      .run(at("2026-12-07T08:00:00Z"), seeded.partnershipId);
    expect((await t.poc.services.tick.run(at("2026-12-07T09:00:00Z"))).digestsPosted).toBe(0);
    expect((await t.poc.services.tick.run(at("2026-12-07T09:01:00Z"))).digestsPosted).toBe(0);
    clock.set(at("2026-12-07T09:05:00Z"));
    const byHand = await type(t, "U0COORD", CHANNEL_ID, "digest post");
    expect(byHand.text).toContain(
      "There is no digest to post yet: this partnership was set up after the week of 30 Nov - 6 Dec 2026 (W49) ended. Its first digest covers the week of 7 Dec - 13 Dec 2026 (W50) and is posted on 2026-12-14 at 09:00.",
    );
    expect(digestPosts(t)).toHaveLength(0);
    expect(digestRows(t, seeded.partnershipId)).toEqual([]);
    // A week later its first week is behind it: one digest.
    expect((await t.poc.services.tick.run(at("2026-12-14T09:00:00Z"))).digestsPosted).toBe(1);
    expect(String(digestPosts(t)[0]?.params.text)).toContain("week of 7 Dec - 13 Dec 2026 (W50)");
  });
});

describe("a digest day or time edited between two digests", () => {
  /** The text of the top-level digest posted by the tick at `iso`, and how many went out. */
  async function tickAt(app: TestApp, clock: ManualClock, iso: string) {
    clock.set(at(iso));
    const before = digestPosts(app).length;
    const { digestsPosted } = await app.poc.services.tick.run(at(iso));
    const post = digestPosts(app)[before];
    return {
      digestsPosted,
      text: String(post?.params.text ?? ""),
      blocks: JSON.stringify(post?.params.blocks ?? []),
    };
  }

  /** Cora saves the partnership's settings with another digest day at `iso`. */
  async function moveDigestDay(
    app: TestApp,
    clock: ManualClock,
    iso: string,
    weekday: number,
    time = "09:00",
  ) {
    clock.set(at(iso));
    expect((await type(app, "U0COORD", CHANNEL_ID, "settings")).status).toBe(200);
    const saved = await submit(app, "U0COORD", lastOpenedView(app), {
      reminder_delay_hours: { number: "24" },
      max_reminders: { option: "1" },
      silent_periods: { number: "2" },
      blocker_escalation_days: { number: "7" },
      digest_weekday: { option: String(weekday) },
      digest_time: { time },
    });
    expect(saved.body?.errors).toBeUndefined();
  }

  it("when the digest day moves Monday -> Sunday -> Wednesday -> Monday, then each digest starts where the last one ended: no day is lost, none is reported twice", async () => {
    const { t, clock, seeded } = await start(at("2026-12-07T08:59:00Z"));
    const monday = await tickAt(t, clock, "2026-12-07T09:00:00Z");
    expect(monday.text).toContain("week of 30 Nov - 6 Dec 2026 (W49)");

    // Sunday 13 Dec is in the same ISO week as Monday 7 Dec: it still gets its digest, of the
    // six days since Monday's.
    await moveDigestDay(t, clock, "2026-12-08T10:00:00Z", 7);
    expect((await tickAt(t, clock, "2026-12-13T08:59:00Z")).digestsPosted).toBe(0);
    const sunday = await tickAt(t, clock, "2026-12-13T09:00:00Z");
    expect(sunday.digestsPosted).toBe(1);
    expect(sunday.text).toContain("days 7 Dec - 12 Dec 2026 (since the last digest)");

    // Pat reports off track on Tuesday; Wednesday's digest (Sunday to Tuesday) reports it.
    await moveDigestDay(t, clock, "2026-12-14T10:00:00Z", 3);
    clock.set(at("2026-12-15T12:00:00Z"));
    expect((await type(t, PAT, CHANNEL_ID, "checkin")).status).toBe(200);
    const checkedIn = await submit(t, PAT, lastOpenedView(t), { status: { option: "off_track" } });
    expect(checkedIn.body?.errors).toBeUndefined();
    const wednesday = await tickAt(t, clock, "2026-12-16T09:00:00Z");
    expect(wednesday.digestsPosted).toBe(1);
    expect(wednesday.text).toContain("days 13 Dec - 15 Dec 2026 (since the last digest)");
    expect(wednesday.blocks).toContain("What changed since the last digest");
    expect(wednesday.blocks).not.toContain("No status moved");

    // Back to Monday on Thursday: the Monday after covers Wednesday to Sunday, not Monday 14
    // and Tuesday 15 again, so the move is not reported twice.
    await moveDigestDay(t, clock, "2026-12-17T10:00:00Z", 1);
    const back = await tickAt(t, clock, "2026-12-21T09:00:00Z");
    expect(back.digestsPosted).toBe(1);
    expect(back.text).toContain("days 16 Dec - 20 Dec 2026 (since the last digest)");
    expect(back.blocks).toContain("No status moved");
    expect(back.text).toContain("1 off track");

    expect(digestRows(t, seeded.partnershipId).map((r) => [r.periodKey, r.state])).toEqual([
      ["D:2026-12-07", "posted"],
      ["D:2026-12-13", "posted"],
      ["D:2026-12-16", "posted"],
      ["D:2026-12-21", "posted"],
    ]);
  });

  it("when the digest day moves from Wednesday to Monday right after Wednesday's digest, then Monday two days earlier posts nothing and the next Monday covers the five days since", async () => {
    const { t, clock, seeded } = await start(at("2026-12-01T00:00:00Z"));
    t.poc.database.sqlite
      .prepare("UPDATE partnerships SET digest_weekday = 3 WHERE id = ?")
      .run(seeded.partnershipId);
    expect((await tickAt(t, clock, "2026-12-09T09:00:00Z")).text).toContain(
      "week of 2 Dec - 8 Dec 2026 (W50)",
    );
    await moveDigestDay(t, clock, "2026-12-10T10:00:00Z", 1);
    expect((await tickAt(t, clock, "2026-12-10T10:01:00Z")).digestsPosted).toBe(0);
    // A coordinator asking to post by hand in between is told why there is nothing to post.
    clock.set(at("2026-12-10T11:00:00Z"));
    const byHand = await type(t, "U0COORD", CHANNEL_ID, "digest post");
    expect(byHand.text).toContain(
      "The last digest already covers these days; the next one comes on 2026-12-14 at 09:00",
    );
    const monday = await tickAt(t, clock, "2026-12-14T09:00:00Z");
    expect(monday.text).toContain("days 9 Dec - 13 Dec 2026 (since the last digest)");
    expect(digestRows(t, seeded.partnershipId).map((r) => r.periodKey)).toEqual([
      "D:2026-12-09",
      "D:2026-12-14",
    ]);
    expect(digestPosts(t)).toHaveLength(2);
  });

  it("when a digest waiting for a retry is posted after the digest time moved later that day, then its row records the window it was posted with", async () => {
    const { t, clock, seeded } = await start(at("2026-11-30T08:59:00Z"));
    expect((await tickAt(t, clock, "2026-11-30T09:00:00Z")).digestsPosted).toBe(1);
    t.emulator.failNext({
      method: "chat.postMessage",
      channel: CHANNEL_ID,
      kind: "error",
      error: "ratelimited",
    });
    expect((await tickAt(t, clock, "2026-12-07T09:00:00Z")).digestsPosted).toBe(0);
    await moveDigestDay(t, clock, "2026-12-07T09:02:00Z", 1, "17:00");
    expect((await tickAt(t, clock, "2026-12-07T10:00:00Z")).digestsPosted).toBe(0);
    const late = await tickAt(t, clock, "2026-12-07T17:00:00Z");
    expect(late.digestsPosted).toBe(1);
    expect(late.text).toContain("week of 30 Nov - 6 Dec 2026 (W49)");
    const row = t.poc.database.sqlite
      .prepare(
        "SELECT state, window_end AS windowEnd, as_of AS asOf FROM digests WHERE partnership_id = ? AND period_key = 'D:2026-12-07'",
      )
      .get(seeded.partnershipId);
    expect(row).toEqual({
      state: "posted",
      windowEnd: at("2026-12-07T00:00:00Z"),
      asOf: at("2026-12-07T17:00:00Z"),
    });
    expect(digestPosts(t)).toHaveLength(2);
  });
});
