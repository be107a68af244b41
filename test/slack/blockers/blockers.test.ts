/**
 * Blockers in the partnership channel: Pat raises one on his commitment, Priya (River NGO) offers
 * help, Pat resolves it with a note; `/poc blockers` lists what is open.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS, VIEWS } from "../../../src/slack/ids.js";
import { CHANNEL_ID, startTestApp, type TestApp } from "../../support/app.js";
import { type Seeded, seedPartnership } from "../../support/seed.js";
import { type } from "../../support/slack.js";
import {
  addCommitment,
  blockById,
  CORA,
  click,
  ephemeralAnswers,
  HOSTILE,
  hasLiveMarkup,
  lastView,
  messageText,
  OLU,
  OONA,
  openedViews,
  PAT,
  PRIYA,
  refusedCalls,
  replyErrors,
  SLOT_1,
  submitView,
  type TestClock,
  updatesIn,
} from "../checkins/helpers.js";

const DAY = 86_400_000;
const clock: TestClock = { now: SLOT_1 };
let t: TestApp;
let seeded: Seeded;
let commitmentId: number;

beforeEach(async () => {
  clock.now = SLOT_1;
  t = await startTestApp({ clock: () => clock.now });
  seeded = seedPartnership(t.poc.services);
  commitmentId = addCommitment(t, seeded).id;
});

afterEach(async () => {
  await t.close();
});

/** Pat raises a blocker with `/poc blockers add`; returns the blocker id and its message ts. */
async function raise(text = "Permits stuck at the district office", couldHelp?: string) {
  const typed = await type(t, PAT, CHANNEL_ID, "blockers add");
  expect(typed.status).toBe(200);
  const view = lastView(t);
  expect(view.callback_id).toBe(VIEWS.blockerAdd);
  const submitted = await submitView(
    t,
    PAT,
    view,
    { commitment: { option: String(commitmentId) }, text: { text } },
    couldHelp ? { blockId: "could_help", value: couldHelp } : undefined,
  );
  expect(submitted.body?.errors).toBeUndefined();
  const blocker = t.poc.services.repos.blockers.listOpen(seeded.partnershipId).at(-1);
  if (blocker === undefined || blocker.messageTs === null) throw new Error("not posted");
  return { id: blocker.id, ts: blocker.messageTs };
}

function channelPosts() {
  return t.emulator.callsTo("chat.postMessage").filter((c) => c.params.channel === CHANNEL_ID);
}

describe("raising a blocker", () => {
  it("when Pat raises one, then it is posted in the channel with I can help and Resolve, and audited", async () => {
    const { id, ts } = await raise("Permits stuck", `org:${seeded.orgs.river}`);
    const posts = channelPosts();
    expect(posts).toHaveLength(1);
    expect((posts[0]?.response as { ts?: string } | undefined)?.ts).toBe(ts);
    const actions = (
      (posts[0]?.params.blocks ?? []) as { type: string; elements?: unknown[] }[]
    ).find((b) => b.type === "actions");
    expect(actions?.elements).toEqual([
      expect.objectContaining({ action_id: ACTIONS.blockerHelp, value: String(id) }),
      expect.objectContaining({ action_id: ACTIONS.blockerResolve, value: String(id) }),
    ]);
    const text = messageText(posts[0] as never);
    expect(text).toContain("Permits stuck");
    expect(text).toContain("Install 40 water points");
    expect(text).toContain("Acme Water");
    expect(text).toContain(`<@${PAT}>`);
    expect(text).toContain("River NGO");
    const { repos } = t.poc.services;
    expect(repos.audit.list(seeded.workspaceId, seeded.partnershipId)[0]).toMatchObject({
      action: "blocker.create",
      entityId: id,
      actorUserId: PAT,
    });
    const confirmation = t.emulator.callsTo("chat.postEphemeral").at(-1);
    expect(String(confirmation?.params.text)).toContain(`Blocker #${id}`);
    expect(refusedCalls(t)).toEqual([]);
  });

  it("when Olu (observer) asks, or Priya names Pat's commitment, then it is refused", async () => {
    const observer = await type(t, OLU, CHANNEL_ID, "blockers add");
    expect(observer.text).toContain("raise a blocker");
    expect(openedViews(t)).toHaveLength(0);
    const own = addCommitment(t, seeded, {
      ownerMemberId: seeded.members.priya,
      organizationId: seeded.orgs.river,
      title: "River clean-up",
    });
    await type(t, PRIYA, CHANNEL_ID, "blockers add");
    const view = lastView(t);
    const options = (
      (blockById(view, "commitment")?.element?.options ?? []) as { value: string }[]
    ).map((o) => o.value);
    expect(options).toEqual([String(own.id)]);
    const forged = await submitView(t, PRIYA, view, {
      commitment: { option: String(commitmentId) },
      text: { text: "Not mine" },
    });
    expect(forged.body?.errors?.commitment).toContain("only for yourself");
    expect(t.poc.services.repos.blockers.listOpen(seeded.partnershipId)).toEqual([]);
  });

  it("when Cora (coordinator) raises one, then she may pick any active commitment", async () => {
    await type(t, CORA, CHANNEL_ID, "blockers add");
    const view = lastView(t);
    const submitted = await submitView(t, CORA, view, {
      commitment: { option: String(commitmentId) },
      text: { text: "Budget not released" },
    });
    expect(submitted.body?.errors).toBeUndefined();
    expect(t.poc.services.repos.blockers.listOpen(seeded.partnershipId)[0]).toMatchObject({
      raisedByMemberId: seeded.members.cora,
      ownerUserId: PAT,
    });
  });
});

describe("I can help", () => {
  it("when Priya offers help, then she is recorded, Pat is told in a DM and the channel message shows her", async () => {
    const { id, ts } = await raise();
    const clicked = await click(t, PRIYA, ACTIONS.blockerHelp, String(id), {
      channelId: CHANNEL_ID,
      messageTs: ts,
    });
    expect(clicked.status).toBe(200);
    const { repos } = t.poc.services;
    expect(repos.blockers.listOpen(seeded.partnershipId)[0]?.helperMemberId).toBe(
      seeded.members.priya,
    );
    const told = t.emulator
      .callsTo("chat.postMessage")
      .filter((c) => c.params.channel === PAT || c.params.channel === `D${PAT}`);
    expect(told).toHaveLength(1);
    expect(messageText(told[0] as never)).toContain(`<@${PRIYA}>`);
    const updates = updatesIn(t, CHANNEL_ID);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.params.ts).toBe(ts);
    expect(messageText(updates[0] as never)).toContain(`helping: <@${PRIYA}>`);
    expect(ephemeralAnswers(t).join("\n")).toContain("Thanks");
    expect(repos.audit.list(seeded.workspaceId, seeded.partnershipId)[0]).toMatchObject({
      action: "blocker.help",
      actorUserId: PRIYA,
    });
    expect(refusedCalls(t)).toEqual([]);
  });

  it("when Cora offers help after Priya, then both show as helpers; a second offer, the owner's own, or a stranger's is refused", async () => {
    const { id, ts } = await raise();
    const where = { channelId: CHANNEL_ID, messageTs: ts };
    await click(t, PRIYA, ACTIONS.blockerHelp, String(id), where);
    await click(t, CORA, ACTIONS.blockerHelp, String(id), where);
    await click(t, PRIYA, ACTIONS.blockerHelp, String(id), where);
    await click(t, PAT, ACTIONS.blockerHelp, String(id), where);
    await click(t, OONA, ACTIONS.blockerHelp, String(id), where);
    const { repos } = t.poc.services;
    expect(repos.blockers.listOpen(seeded.partnershipId)[0]?.helperMemberId).toBe(
      seeded.members.priya,
    );
    expect(repos.blockers.helpers(seeded.partnershipId, id)).toEqual([PRIYA, CORA]);
    const answers = ephemeralAnswers(t);
    expect(answers.filter((a) => a.includes("Thanks"))).toHaveLength(2);
    expect(answers.some((a) => a.includes("already offered help"))).toBe(true);
    expect(answers.some((a) => a.includes("your own blocker"))).toBe(true);
    expect(answers.some((a) => a.includes("not a member"))).toBe(true);
    const last = updatesIn(t, CHANNEL_ID).at(-1);
    expect(messageText(last as never)).toContain(`helping: <@${PRIYA}>, <@${CORA}>`);
  });
});

describe("Resolve", () => {
  it("when Pat resolves with a note, then the blocker is resolved, audited and the message shows the note without buttons", async () => {
    const { id, ts } = await raise();
    clock.now += 2 * DAY;
    await click(t, PAT, ACTIONS.blockerResolve, String(id), {
      channelId: CHANNEL_ID,
      messageTs: ts,
    });
    const view = lastView(t);
    expect(view.callback_id).toBe(VIEWS.blockerResolve);
    const empty = await submitView(t, PAT, view, { resolution: { text: "  " } });
    expect(empty.body?.errors?.resolution).toContain("cannot be empty");
    const submitted = await submitView(t, PAT, view, {
      resolution: { text: "The district signed on Monday" },
    });
    expect(submitted.body?.errors).toBeUndefined();
    const { repos } = t.poc.services;
    expect(repos.blockers.detail(seeded.partnershipId, id)).toMatchObject({
      state: "resolved",
      resolvedByMemberId: seeded.members.pat,
      resolvedAt: clock.now,
      resolution: "The district signed on Monday",
    });
    expect(repos.audit.list(seeded.workspaceId, seeded.partnershipId)[0]).toMatchObject({
      action: "blocker.resolve",
    });
    const update = updatesIn(t, CHANNEL_ID).at(-1);
    expect(update?.params.ts).toBe(ts);
    expect(messageText(update as never)).toContain("The district signed on Monday");
    expect(JSON.stringify(update?.params.blocks)).not.toContain(ACTIONS.blockerHelp);
    expect(refusedCalls(t)).toEqual([]);
  });

  it("when Priya (neither owner nor coordinator) clicks Resolve, then no modal opens; Cora may resolve", async () => {
    const { id, ts } = await raise();
    const where = { channelId: CHANNEL_ID, messageTs: ts };
    await click(t, PRIYA, ACTIONS.blockerResolve, String(id), where);
    expect(openedViews(t)).toHaveLength(1); // only the add modal
    expect(ephemeralAnswers(t).join("\n")).toContain("can resolve it");
    await click(t, CORA, ACTIONS.blockerResolve, String(id), where);
    const view = lastView(t);
    expect(view.callback_id).toBe(VIEWS.blockerResolve);
    const forged = await submitView(t, PRIYA, view, { resolution: { text: "Done" } });
    expect(forged.body?.errors?.resolution).toContain("can resolve it");
    await submitView(t, CORA, view, { resolution: { text: "Escalated and fixed" } });
    expect(t.poc.services.repos.blockers.listOpen(seeded.partnershipId)).toEqual([]);
    await click(t, PRIYA, ACTIONS.blockerHelp, String(id), where);
    expect(ephemeralAnswers(t).at(-1)).toContain("already resolved");
  });
});

describe("/poc blockers", () => {
  it("when two are open, then both are listed oldest first with their age, owner, organization and helpers", async () => {
    const first = await raise("Permits stuck");
    await click(t, PRIYA, ACTIONS.blockerHelp, String(first.id), {
      channelId: CHANNEL_ID,
      messageTs: first.ts,
    });
    await click(t, CORA, ACTIONS.blockerHelp, String(first.id), {
      channelId: CHANNEL_ID,
      messageTs: first.ts,
    });
    clock.now += 3 * DAY;
    const second = await raise("Pump supplier late", `user:${PRIYA}`);
    await click(t, CORA, ACTIONS.blockerHelp, String(second.id), {
      channelId: CHANNEL_ID,
      messageTs: second.ts,
    });
    clock.now += 2 * DAY;
    const typed = await type(t, OLU, CHANNEL_ID, "blockers");
    const text = typed.text;
    expect(text.indexOf("Permits stuck")).toBeLessThan(text.indexOf("Pump supplier late"));
    expect(text).toContain("5 days old");
    expect(text).toContain("2 days old");
    expect(text).toContain(`owner <@${PAT}>`);
    expect(text).toContain("Acme Water");
    // Each blocker's own helpers, in the order they offered.
    expect(text).toContain(`helping: <@${PRIYA}>, <@${CORA}>`);
    expect(text.split(`helping: <@${CORA}>`)).toHaveLength(2);
    expect(text.indexOf(`helping: <@${CORA}>`)).toBeGreaterThan(text.indexOf("Pump supplier late"));
    expect(text).toContain(`could help: <@${PRIYA}>`);
    expect((typed.reply?.blocks ?? []).length).toBeLessThanOrEqual(50);
    expect(replyErrors(typed.reply)).toEqual([]);
  });

  it("when there are many, then the list stays within 50 blocks and says how many more", async () => {
    const { repos } = t.poc.services;
    for (let i = 0; i < 400; i += 1) {
      repos.blockers.create({
        commitmentId,
        text: `Blocker number ${i} ${"x".repeat(600)}`,
        raisedByMemberId: seeded.members.pat,
        state: "open",
        createdAt: SLOT_1 - i,
      });
    }
    const typed = await type(t, PAT, CHANNEL_ID, "blockers");
    expect((typed.reply?.blocks ?? []).length).toBeLessThanOrEqual(50);
    expect(typed.text).toMatch(/and \d+ more/);
    expect(replyErrors(typed.reply)).toEqual([]);
  });

  it("when none are open, then it says so", async () => {
    const typed = await type(t, PAT, CHANNEL_ID, "blockers");
    expect(typed.text).toContain("No open blockers");
  });
});

describe("hostile text", () => {
  it("when a blocker and its resolution hold mentions, broadcasts and links, then they are stored verbatim and never sent as live markup", async () => {
    const { id, ts } = await raise(HOSTILE);
    await click(t, PAT, ACTIONS.blockerResolve, String(id), {
      channelId: CHANNEL_ID,
      messageTs: ts,
    });
    await submitView(t, PAT, lastView(t), { resolution: { text: HOSTILE } });
    const { repos } = t.poc.services;
    expect(repos.blockers.detail(seeded.partnershipId, id)).toMatchObject({
      text: HOSTILE,
      resolution: HOSTILE,
    });
    const listed = await type(t, PAT, CHANNEL_ID, "blockers");
    const sent = [...channelPosts(), ...updatesIn(t, CHANNEL_ID)];
    expect(sent).toHaveLength(2);
    for (const call of sent) {
      const text = messageText(call);
      expect(hasLiveMarkup(text), text).toBe(false);
      expect(text).toContain("&lt;!channel&gt;");
    }
    const resolveModal = JSON.stringify(openedViews(t).at(-1)?.blocks);
    expect(hasLiveMarkup(resolveModal)).toBe(false);
    expect(hasLiveMarkup(listed.text)).toBe(false);
    expect(refusedCalls(t)).toEqual([]);
  });
});
