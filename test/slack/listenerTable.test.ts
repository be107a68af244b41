/**
 * The listener table (src/slack/listeners/table.ts): one Bolt listener per kind, routing by id.
 * Each request reaches the listener registered for its id and no other; an id nobody registered
 * reaches none (PocApp then answers it as unclaimed); ids are matched exactly, not as patterns.
 */
import { describe, expect, it } from "vitest";
import { type ListenerTable, mountListeners } from "../../src/slack/listeners/table.js";
import { offlinePocApp, processed, recordingLogger } from "../support/requests.js";

/** A PocApp whose table logs each listener call as "kind:id". */
function appWith(register: (table: ListenerTable, calls: string[]) => void) {
  const log = recordingLogger();
  const app = offlinePocApp(log.logger);
  const calls: string[] = [];
  mountListeners(app, (table) => register(table, calls));
  return { app, calls, log };
}

const click = (actionId: string) => ({
  type: "block_actions",
  user: { id: "U1" },
  team: { id: "T1" },
  trigger_id: "t.1",
  actions: [{ type: "button", action_id: actionId, value: "1" }],
});

const submit = (callbackId: string) => ({
  type: "view_submission",
  user: { id: "U1" },
  team: { id: "T1" },
  view: { id: "V1", type: "modal", callback_id: callbackId, state: { values: {} } },
});

const event = (type: string) => ({
  type: "event_callback",
  team_id: "T1",
  api_app_id: "A1",
  event_id: `Ev${type}`,
  event_time: 1,
  event: { type, user: "U1", tab: "home" },
});

function registerAll(table: ListenerTable, calls: string[]) {
  for (const id of ["poc.a", "poc_b"]) {
    table.action(id, async ({ ack }) => {
      calls.push(`action:${id}`);
      await ack();
    });
  }
  for (const id of ["modal.one", "modal_two"]) {
    table.view(id, async ({ ack }) => {
      calls.push(`view:${id}`);
      await ack();
    });
  }
  table.event("app_home_opened", async () => {
    calls.push("event:app_home_opened");
  });
  table.event("tokens_revoked", async () => {
    calls.push("event:tokens_revoked");
  });
}

describe("the listener table", () => {
  it("when a click, a submission or an event arrives, then exactly the listener of its id runs, once", async () => {
    const { app, calls } = appWith(registerAll);
    expect(await processed(app, click("poc_b"))).toEqual([undefined]);
    expect(await processed(app, submit("modal.one"))).toEqual([undefined]);
    expect(await processed(app, event("app_home_opened"))).toHaveLength(1);
    expect(await processed(app, click("poc.a"))).toEqual([undefined]);
    expect(calls).toEqual([
      "action:poc_b",
      "view:modal.one",
      "event:app_home_opened",
      "action:poc.a",
    ]);
  });

  it("when an id is not registered, or only matches one as a pattern would, then no listener runs and the request is answered as unclaimed", async () => {
    const { app, calls, log } = appWith(registerAll);
    // "modalXone" would match "modal.one" read as a pattern; "modal_two_more" one without anchors.
    for (const id of ["modalXone", "modal_two_more", "nobody"]) {
      expect(await processed(app, submit(id))).toHaveLength(1);
    }
    expect(await processed(app, event("team_join"))).toHaveLength(1);
    expect(calls).toEqual([]);
    expect(log.lines.filter((l) => l.includes("no listener for"))).toHaveLength(3);
  });

  it("when an id is registered twice, then building the table throws and names it", () => {
    expect(() =>
      appWith((table) => {
        table.action("same", async () => {});
        table.action("same", async () => {});
      }),
    ).toThrow("action same is registered twice");
    expect(() =>
      appWith((table) => {
        table.view("v", async () => {});
        table.view("v", async () => {});
      }),
    ).toThrow("view v is registered twice");
  });
});
