/**
 * Every signed request gets one answer at once: requests Slack could send with an id the app does
 * not know get 200 (and a person who clicked is told the button is old), bodies Slack never sends
 * get 400 with a plain reason, no answer is a 5xx, none waits for a 3-second timer, no listener
 * throws, and an id typed from outside its partnership reads as one that does not exist.
 */
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OLD_BUTTON, OLD_FORM } from "../../src/slack/dispatch.js";
import { ACTIONS, BLOCKS, VIEWS } from "../../src/slack/ids.js";
import { CHANNEL_ID, SIGNING_SECRET, startTestApp, TEAM_ID, type TestApp } from "../support/app.js";
import {
  type Answer,
  FORM,
  fingerprint,
  JSON_TYPE,
  payloadForm,
  recordingLogger,
  send,
} from "../support/requests.js";
import { NOW, type Seeded, seedPartnership } from "../support/seed.js";
import { type } from "../support/slack.js";
import { addCommitment, addPrompt, ephemeralAnswers, PAT, promptRow } from "./checkins/helpers.js";

/** Well before Slack's 3 s: an answer at once, not one from a timer. */
const AT_ONCE_MS = 1500;

function clickPayload(t: TestApp, actions: unknown[], over: Record<string, unknown> = {}) {
  return {
    type: "block_actions",
    team: { id: TEAM_ID, domain: "workspace" },
    user: { id: PAT, team_id: TEAM_ID, name: PAT },
    api_app_id: "A0POC",
    trigger_id: t.emulator.triggerId(PAT),
    response_url: t.emulator.responseUrl(),
    channel: { id: `D${PAT}` },
    container: { type: "message", message_ts: "1700000000.000100", channel_id: `D${PAT}` },
    actions,
    ...over,
  };
}

const button = (actionId: string, value: unknown) => ({
  type: "button",
  action_id: actionId,
  block_id: "b",
  value,
  action_ts: "1700000000.000200",
});

function submission(callbackId: string, state: unknown, over: Record<string, unknown> = {}) {
  return {
    type: "view_submission",
    team: { id: TEAM_ID, domain: "workspace" },
    user: { id: PAT, team_id: TEAM_ID, name: PAT },
    api_app_id: "A0POC",
    view: {
      id: "V0OLD",
      type: "modal",
      callback_id: callbackId,
      private_metadata: "",
      state,
      hash: "h",
    },
    ...over,
  };
}

const envelope = (event: unknown, eventId = "Ev0FUZZ") => ({
  type: "event_callback",
  team_id: TEAM_ID,
  api_app_id: "A0POC",
  event_id: eventId,
  event_time: 1700000000,
  event,
});

describe("every signed request is answered at once", () => {
  let t: TestApp;
  let seeded: Seeded;
  let log: ReturnType<typeof recordingLogger>;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeEach(async () => {
    log = recordingLogger();
    rejections.length = 0;
    process.on("unhandledRejection", onRejection);
    t = await startTestApp({ logger: log.logger });
    seeded = seedPartnership(t.poc.services);
  });
  afterEach(async () => {
    await t.close();
    process.off("unhandledRejection", onRejection);
    expect(rejections).toEqual([]);
    expect(log.lines.filter((l) => / ERROR /.test(l))).toEqual([]);
  });

  const expectAtOnce = (answer: Answer, status: number) => {
    expect(answer.status, answer.text).toBe(status);
    expect(answer.ms).toBeLessThan(AT_ONCE_MS);
  };

  describe("requests Slack could send with an id the app does not know: 200 at once", () => {
    it("when an old button (unknown action_id, or home_check_in) is clicked, then the clicker is told it is old", async () => {
      for (const actionId of ["home_check_in", "some_retired_button"]) {
        expectAtOnce(
          await send(t, payloadForm(clickPayload(t, [button(actionId, "1")])), FORM),
          200,
        );
      }
      expect(ephemeralAnswers(t)).toEqual([`${OLD_BUTTON}\n`, `${OLD_BUTTON}\n`]);
      expect(log.lines.filter((l) => l.includes("no listener for block_actions"))).toHaveLength(2);
    });

    it("when the first action is unknown and a known one follows, then nothing runs and the clicker is told", async () => {
      const commitment = addCommitment(t, seeded);
      const prompt = await addPrompt(t, { commitmentId: commitment.id });
      const payload = clickPayload(t, [
        button("some_retired_button", "1"),
        button(ACTIONS.promptOnTrack, String(prompt.id)),
      ]);
      expectAtOnce(await send(t, payloadForm(payload), FORM), 200);
      expect(promptRow(t, prompt.id).state).toBe("sent");
      expect(ephemeralAnswers(t)).toEqual([`${OLD_BUTTON}\n`]);
    });

    it("when block_actions has no actions, then it is answered 200", async () => {
      expectAtOnce(await send(t, payloadForm(clickPayload(t, [])), FORM), 200);
    });

    it("when a modal with an unknown callback_id is submitted, then it is answered with an inline note, not an error", async () => {
      const state = { values: { title: { value: { type: "plain_text_input", value: "x" } } } };
      const answer = await send(t, payloadForm(submission("poc_retired_form", state)), FORM);
      expectAtOnce(answer, 200);
      expect(answer.json).toEqual({ response_action: "errors", errors: { title: OLD_FORM } });
    });

    it("when view_closed, a shortcut, a message action or an options request arrives, then each is answered 200", async () => {
      const user = { id: PAT, team_id: TEAM_ID };
      const bodies = [
        { type: "view_closed", user, team: { id: TEAM_ID }, view: { callback_id: VIEWS.away } },
        { type: "shortcut", callback_id: "poc_shortcut", trigger_id: "t.1", user },
        {
          type: "message_action",
          callback_id: "poc_message_action",
          trigger_id: "t.2",
          user,
          channel: { id: CHANNEL_ID },
          message: { ts: "1.2", text: "hi" },
        },
      ];
      for (const body of bodies) expectAtOnce(await send(t, payloadForm(body), FORM), 200);
      const options = await send(
        t,
        payloadForm({ type: "block_suggestion", action_id: "poc_pick", user, value: "ac" }),
        FORM,
      );
      expectAtOnce(options, 200);
      expect(options.json).toEqual({ options: [] });
    });

    it("when an event nobody listens to or app_rate_limited arrives, then it is answered 200", async () => {
      const event = envelope({ type: "reaction_added", user: PAT, reaction: "tada" });
      expectAtOnce(await send(t, JSON.stringify(event), JSON_TYPE), 200);
      const limited = { type: "app_rate_limited", team_id: TEAM_ID, minute_rate_limited: 1 };
      expectAtOnce(await send(t, JSON.stringify(limited), JSON_TYPE), 200);
    });
  });

  describe("bodies Slack never sends: 400 at once with a plain reason, and nothing changes", () => {
    const cases: [string, (t: TestApp) => [string, string], RegExp][] = [
      ["the JSON body null", () => ["null", JSON_TYPE], /not a JSON object/],
      ["payload=null", () => ["payload=null", FORM], /not a JSON object/],
      ["a JSON array", () => ["[1,2]", JSON_TYPE], /not a JSON object/],
      ["a JSON string", () => ['"hi"', JSON_TYPE], /not a JSON object/],
      ["an event null", () => [JSON.stringify(envelope(null)), JSON_TYPE], /event/],
      [
        "a user_change whose user is null",
        () => [JSON.stringify(envelope({ type: "user_change", user: null })), JSON_TYPE],
        /event\.user/,
      ],
      [
        "an event Bolt reads before any listener, with its user null",
        () => [JSON.stringify(envelope({ type: "reaction_added", user: null })), JSON_TYPE],
        /event\.user/,
      ],
      [
        "an app_home_opened without its user",
        () => [JSON.stringify(envelope({ type: "app_home_opened", tab: "home" })), JSON_TYPE],
        /event\.user/,
      ],
      [
        "an event envelope sent form-encoded",
        () => [JSON.stringify(envelope({ type: "app_home_opened", user: PAT, tab: "home" })), FORM],
        /no request type/,
      ],
      [
        "a slash command form cut in half",
        () => [`token=x&command=%2Fpoc&text=status&team_id=${TEAM_ID}&chan`, FORM],
        /malformed slash command: user_id/,
      ],
      [
        "a slash command sent as JSON",
        () => [JSON.stringify({ command: "/poc", text: "help" }), JSON_TYPE],
        /malformed slash command/,
      ],
      [
        "block_actions whose actions are null",
        (t) => [payloadForm(clickPayload(t, null as unknown as unknown[])), FORM],
        /actions: expected array/,
      ],
      [
        "a click whose value is a number",
        (t) => [payloadForm(clickPayload(t, [button(ACTIONS.promptOnTrack, 7)])), FORM],
        /actions\.0\.value: expected string/,
      ],
      [
        "a click whose value is an object",
        (t) => [payloadForm(clickPayload(t, [button(ACTIONS.blockerHelp, { id: 1 })])), FORM],
        /actions\.0\.value/,
      ],
      [
        "a selected_option without a value",
        (t) => [
          payloadForm(
            clickPayload(t, [
              { type: "static_select", action_id: ACTIONS.couldHelpSelect, selected_option: {} },
            ]),
          ),
          FORM,
        ],
        /selected_option\.value/,
      ],
      [
        "a view_submission whose state is null",
        () => [payloadForm(submission(VIEWS.checkIn, null)), FORM],
        /view\.state: expected object/,
      ],
      [
        "a view_submission whose state has no values",
        () => [payloadForm(submission(VIEWS.setup, {})), FORM],
        /view\.state\.values/,
      ],
      [
        "a view_submission without a user",
        () => [payloadForm(submission(VIEWS.setup, { values: {} }, { user: null })), FORM],
        /user: expected object/,
      ],
      [
        "a click whose channel is null (Bolt reads its id)",
        (t) => [
          payloadForm(clickPayload(t, [button(ACTIONS.promptOnTrack, "1")], { channel: null })),
          FORM,
        ],
        /channel: expected object/,
      ],
      [
        "an options request whose channel is null",
        () => [
          payloadForm({
            type: "block_suggestion",
            action_id: "pick",
            value: "a",
            user: { id: PAT },
            channel: null,
          }),
          FORM,
        ],
        /channel: expected object/,
      ],
      [
        "a view_submission whose response_urls is null",
        () => [payloadForm(submission(VIEWS.setup, { values: {} }, { response_urls: null })), FORM],
        /response_urls: expected array/,
      ],
      [
        "a slash command whose team id is a built-in property name",
        () => [
          `command=%2Fpoc&text=status&team_id=constructor&user_id=${PAT}&channel_id=${CHANNEL_ID}&trigger_id=t.1`,
          FORM,
        ],
        /team_id/,
      ],
      [
        "a click whose team id is a built-in property name",
        (t) => [
          payloadForm(
            clickPayload(t, [button(ACTIONS.promptOnTrack, "1")], {
              team: { id: "hasOwnProperty" },
            }),
          ),
          FORM,
        ],
        /team\.id/,
      ],
      [
        "a view_submission whose app_installed_team_id is a built-in property name",
        () => [
          payloadForm(
            submission(
              VIEWS.setup,
              { values: {} },
              {
                view: {
                  callback_id: VIEWS.setup,
                  state: { values: {} },
                  app_installed_team_id: "toString",
                },
              },
            ),
          ),
          FORM,
        ],
        /app_installed_team_id/,
      ],
      [
        "an event whose authorizations name __proto__ as the team",
        () => [
          JSON.stringify({
            ...envelope({ type: "app_home_opened", user: PAT, tab: "home" }),
            authorizations: [{ team_id: "__proto__" }],
          }),
          JSON_TYPE,
        ],
        /authorizations\.0\.team_id/,
      ],
      ["a body of an unknown type", () => ['{"type":"surprise"}', JSON_TYPE], /not a kind/],
      ["a body that is not JSON", () => ["{not json", JSON_TYPE], /not valid JSON/],
      ["a payload that is not JSON", () => ["payload=%7Bnot", FORM], /not valid JSON/],
      ["payload given twice", () => ["payload=%7B%7D&payload=%7B%7D", FORM], /more than once/],
    ];

    for (const [what, build, reason] of cases) {
      it(`when ${what} arrives, then it gets 400 at once and changes nothing`, async () => {
        const before = fingerprint(t);
        const calls = t.emulator.calls.length;
        const [body, contentType] = build(t);
        const answer = await send(t, body, contentType);
        expectAtOnce(answer, 400);
        expect(answer.text).toMatch(reason);
        expect(answer.text.length).toBeLessThan(200);
        expect(fingerprint(t)).toBe(before);
        expect(t.emulator.calls).toHaveLength(calls);
        expect(ephemeralAnswers(t)).toEqual([]);
      });
    }

    it("when the body is not UTF-8 or is over 4 MB, then it is refused (401, 413) and changes nothing", async () => {
      const before = fingerprint(t);
      const bytes = Buffer.concat([Buffer.from("payload="), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`${t.appUrl}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": FORM,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": `v0=${createHmac("sha256", SIGNING_SECRET)
            .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), bytes]))
            .digest("hex")}`,
        },
        body: bytes,
      });
      expect(response.status).toBe(401);
      const huge = await send(t, `text=${"x".repeat(4 * 1024 * 1024 + 1)}`, FORM);
      expect(huge.status).toBe(413);
      expect(fingerprint(t)).toBe(before);
    });

    it("when the content type is one Slack never sends, then it gets 415", async () => {
      const answer = await send(t, "text=help", "text/plain");
      expectAtOnce(answer, 415);
    });

    it("when a non-POST method or another path is used, then the answer is 405 or 404, not 500", async () => {
      expect((await fetch(`${t.appUrl}/slack/events`)).status).toBe(405);
      expect((await fetch(`${t.appUrl}/nowhere`, { method: "POST" })).status).toBe(404);
      expect((await fetch(`${t.appUrl}/healthz`)).status).toBe(200);
    });
  });

  describe("an id typed from outside its partnership reads like one that does not exist", () => {
    it("when Oona, coordinator of another partnership, types /poc checkin, commit, objective or decision with this partnership's id, then the answer is the missing id's", async () => {
      const theirs = addCommitment(t, seeded);
      const { repos } = t.poc.services;
      const workspace = repos.workspaces.findByTeamId(TEAM_ID);
      const other = repos.partnerships.create({
        workspaceId: workspace?.id ?? 0,
        channelId: "C0OTHER",
        name: "Other Compact",
        purpose: "Elsewhere",
        timeZone: "Europe/London",
        createdBy: "U0OUT",
        createdAt: NOW,
        updatedAt: NOW,
      });
      repos.members.upsert({
        partnershipId: other.id,
        slackUserId: "U0OUT",
        role: "coordinator",
        organizationId: null,
        displayName: "Oona Outsider",
        timeZone: "Asia/Kolkata",
        timeZoneFetchedAt: NOW,
        createdAt: NOW,
      });
      const objective = repos.objectives.create({
        partnershipId: seeded.partnershipId,
        title: "Safe water for 12,000 people",
        createdAt: NOW,
        updatedAt: NOW,
      });
      const decision = repos.decisions.insertDecision({
        partnershipId: seeded.partnershipId,
        text: "Buy the pumps from the second supplier",
        createdBy: "U0COORD",
        createdAt: NOW,
      });
      const missing = 987654;
      const probes: [string, number][] = [
        ["checkin", theirs.id],
        ["commit edit", theirs.id],
        ["commit close", theirs.id],
        ["commit drop", theirs.id],
        ["objective edit", objective.id],
        ["objective retire", objective.id],
        ["decision done", decision.id],
      ];
      for (const [command, id] of probes) {
        const probed = await type(t, "U0OUT", "C0OTHER", `${command} ${id}`);
        const absent = await type(t, "U0OUT", "C0OTHER", `${command} ${missing}`);
        expect(probed.status).toBe(200);
        expect(probed.text.replaceAll(String(id), "N"), command).toBe(
          absent.text.replaceAll(String(missing), "N"),
        );
      }
      expect(t.emulator.callsTo("views.open")).toHaveLength(0);
      expect(repos.commitments.findById(seeded.partnershipId, theirs.id)?.state).toBe("active");
      expect(repos.objectives.findById(seeded.partnershipId, objective.id)?.state).toBe("active");
      expect(repos.decisions.findDecision(decision.id)?.state).toBe("open");
    });
  });

  it("when the state values of a known modal are of the wrong types, then the modal shows inline errors and the listener does not throw", async () => {
    const state = {
      values: {
        [BLOCKS.setup.name]: { value: { type: "plain_text_input", value: 42 } },
        [BLOCKS.setup.timeZone]: { value: { type: "plain_text_input", value: ["x"] } },
      },
    };
    const body = submission(VIEWS.setup, state, {
      view: {
        callback_id: VIEWS.setup,
        private_metadata: JSON.stringify({ channelId: "C0NEW" }),
        state,
      },
    });
    const answer = await send(t, payloadForm(body), FORM);
    expectAtOnce(answer, 200);
    expect((answer.json as { response_action?: string }).response_action).toBe("errors");
  });
});
