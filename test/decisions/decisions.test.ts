import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.js";
import { NOW } from "../support/seed.js";
import { lastOpenedView, submit, type } from "../support/slack.js";
import { seedWorld, type World } from "./world.js";

const CORA = "U0COORD";
const PAT = "U0PART";
const PRIYA = "U0PART2";
const OONA = "U0OUT";

let t: TestApp;
let channel: string;
let w: World;
let n = 0;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  n += 1;
  channel = `C0DEC${n}`;
  w = seedWorld(t, channel);
});

describe("/poc decision", () => {
  it("when Cora adds a decision, then a modal opens and its submission records an open, audited decision", async () => {
    const typed = await type(t, CORA, channel, "decision add");
    expect(typed.status).toBe(200);
    const view = lastOpenedView(t);
    expect(view.callback_id).toBe("poc_decision");
    const result = await submit(t, CORA, view, {
      text: { text: "Adopt the <!channel> shared survey form" },
      owner: { user: PRIYA },
      due_date: { date: "2026-12-15" },
    });
    expect(result.body?.errors).toBeUndefined();
    const open = t.poc.services.repos.overview.decisionsOf(w.partnershipId, "open");
    const added = open.find((d) => d.text === "Adopt the <!channel> shared survey form");
    expect(added).toMatchObject({
      ownerSlackUserId: PRIYA,
      dueDate: "2026-12-15",
      state: "open",
      createdBy: CORA,
      createdAt: NOW,
      doneAt: null,
    });
    const audit = t.poc.services.repos.audit
      .list(w.workspaceId, w.partnershipId)
      .filter((a) => a.action === "decision.create");
    expect(audit.map((a) => a.entityId)).toEqual([added?.id]);
  });

  it("when the owner chosen is not a member, then the modal says so next to the owner field", async () => {
    await type(t, CORA, channel, "decision add");
    const result = await submit(t, CORA, lastOpenedView(t), {
      text: { text: "Something" },
      owner: { user: OONA },
    });
    expect(result.body?.response_action).toBe("errors");
    expect(Object.keys(result.body?.errors ?? {})).toEqual(["owner"]);
  });

  it("when Pat (a partner) tries to add one, then no modal opens and he is told why", async () => {
    const before = t.emulator.callsTo("views.open").length;
    const typed = await type(t, PAT, channel, "decision add");
    expect(typed.text).toContain(":no_entry:");
    expect(t.emulator.callsTo("views.open").length).toBe(before);
  });

  it("when a member lists decisions, then the open ones show with owner and due date, the past one marked overdue", async () => {
    const typed = await type(t, PAT, channel, "decision list");
    expect(typed.text).toContain(`*#${w.dueDecisionId}* Pick the valve supplier`);
    expect(typed.text).toContain(`owner <@${PRIYA}> · due 2026-11-29 :warning: *overdue*`);
    expect(typed.text).toContain(
      `*#${w.laterDecisionId}* Review the budget\nno owner · due 2027-06-01`,
    );
    expect(typed.text).not.toContain("2027-06-01 :warning:");
  });

  it("when Cora marks one done, then it leaves the list with its done time, audited", async () => {
    const typed = await type(t, CORA, channel, `decision done ${w.dueDecisionId}`);
    expect(typed.text).toContain(`Decision #${w.dueDecisionId}`);
    expect(t.poc.services.repos.overview.findDecision(w.dueDecisionId)).toMatchObject({
      state: "done",
      doneAt: NOW,
    });
    const list = await type(t, CORA, channel, "decision list");
    expect(list.text).not.toContain("Pick the valve supplier");
    const again = await type(t, CORA, channel, `decision done ${w.dueDecisionId}`);
    expect(again.text).toContain("already done");
  });

  it("when the id is unknown or belongs to another partnership, then Cora is told there is no such decision", async () => {
    const unknown = await type(t, CORA, channel, "decision done 99999");
    expect(unknown.text).toContain(":mag: There is no decision #99999 in this partnership.");
    const other = seedWorld(t, `C0OTHER${n}`);
    const foreign = await type(t, CORA, channel, `decision done ${other.dueDecisionId}`);
    expect(foreign.text).toContain(
      `There is no decision #${other.dueDecisionId} in this partnership.`,
    );
    expect(t.poc.services.repos.overview.findDecision(other.dueDecisionId)?.state).toBe("open");
  });

  it("when Pat tries to mark one done, then he is refused and it stays open", async () => {
    const typed = await type(t, PAT, channel, `decision done ${w.dueDecisionId}`);
    expect(typed.text).toContain(":no_entry:");
    expect(t.poc.services.repos.overview.findDecision(w.dueDecisionId)?.state).toBe("open");
  });
});
