import { App } from "@slack/bolt";
import {
  ErrorCode,
  type Logger,
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorUser,
  startEmulator,
} from "../../src/emulator/index.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";

const TOKEN = "xoxb-emulator";

const users: EmulatorUser[] = [
  { id: "U1", name: "ana", realName: "Ana Reyes", tz: "America/Los_Angeles" },
  { id: "U2", name: "bo", tz: "Europe/Berlin" },
  { id: "U3", name: "gone", tz: "UTC", deleted: true },
  { id: "U4", name: "ext", tz: "Asia/Tokyo", teamId: "T0OTHER", isStranger: true },
];
const channels = [
  { id: "C1", name: "partners", members: ["U1", "U2", "U0EMULBOT"] },
  { id: "C2", name: "other" },
];

/** WebClient logs `[ERROR]` response metadata; the cases that provoke it would only add noise. */
const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function setup(opts: EmulatorOptions = {}) {
  const emulator = await startEmulator({ users, channels, ...opts });
  started.push(emulator);
  const client = (token = TOKEN, rejectRateLimitedCalls = false) =>
    new WebClient(token, {
      slackApiUrl: emulator.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls,
      logger: silent,
    });
  return { emulator, slack: client(), client };
}

/** Runs a call that must fail and returns the error for inspection. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

async function platformError(call: Promise<unknown>): Promise<string> {
  const error = await failure(call);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as WebAPIPlatformError).data.error;
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("auth", () => {
  it("answers auth.test with what Bolt reads, and refuses other tokens", async () => {
    const { emulator, slack, client } = await setup({ teamId: "T0POC" });
    const auth = await slack.auth.test();
    expect(auth).toMatchObject({
      ok: true,
      team_id: "T0POC",
      user_id: "U0EMULBOT",
      bot_id: "B0EMULBOT",
      url: `${emulator.origin}/`,
    });
    expect(await platformError(client("xoxb-wrong").auth.test())).toBe("invalid_auth");
    expect(await platformError(client("").auth.test())).toBe("invalid_auth");
    expect(emulator.callsTo("auth.test").map((c) => c.token)).toEqual([
      TOKEN,
      "xoxb-wrong",
      undefined,
    ]);
  });

  it("lets a Bolt app initialise with one auth.test, and fails it with a bad token", async () => {
    const { emulator } = await setup();
    const app = (token: string) =>
      new App({
        token,
        signingSecret: "secret",
        deferInitialization: true,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: emulator.url, retryConfig: { retries: 0 } },
      });
    await app(TOKEN).init();
    // bot_id in the answer spares Bolt a second auth.test (and it never calls bots.info).
    expect(emulator.calls.map((c) => c.method)).toEqual(["auth.test"]);
    await expect(app("xoxb-revoked").init()).rejects.toMatchObject({
      data: { error: "invalid_auth" },
    });
  });

  it("opens a Socket Mode connection only for the app-level token with connections:write", async () => {
    const { emulator, client } = await setup({ appToken: "xapp-1-good" });
    const opened = await client("xapp-1-good").apps.connections.open();
    expect(opened.url).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${new URL(emulator.origin).port}/`),
    );
    expect(await platformError(client("xapp-1-wrong").apps.connections.open())).toBe(
      "invalid_auth",
    );
    expect(await platformError(client(TOKEN).apps.connections.open())).toBe(
      "not_allowed_token_type",
    );
    const unscoped = await setup({ appToken: "xapp-1-good", appTokenScopes: [] });
    const error = await failure(unscoped.client("xapp-1-good").apps.connections.open());
    expect((error as WebAPIPlatformError).data).toMatchObject({
      error: "missing_scope",
      needed: "connections:write",
    });
  });

  it("answers unknown_method for methods it does not emulate", async () => {
    const { slack } = await setup();
    expect(await platformError(slack.apiCall("emoji.list"))).toBe("unknown_method");
  });
});

describe("chat", () => {
  it("stores posted messages with increasing ts and records parsed blocks", async () => {
    const { emulator, slack } = await setup({ clock: () => 1_700_000_000_000 });
    const blocks = [section("*Check-in* due")];
    const first = await slack.chat.postMessage({ channel: "C1", text: "Check-in due", blocks });
    const second = await slack.chat.postMessage({ channel: "C1", text: "again" });
    expect(first.ts).toBe("1700000000.000000");
    expect(second.ts).toBe("1700000000.000001");
    expect(first.message).toMatchObject({ text: "Check-in due", blocks, bot_id: "B0EMULBOT" });

    const [call] = emulator.callsTo("chat.postMessage");
    expect(call).toMatchObject({ seq: 1, status: 200, token: TOKEN });
    expect(call?.params).toMatchObject({ channel: "C1", blocks });
    expect(emulator.messages("C1").map((m) => m.text)).toEqual(["Check-in due", "again"]);
  });

  it("posts to a user's DM by DM id or user id, threads replies, updates and deletes", async () => {
    const { emulator, slack } = await setup();
    const parent = await slack.chat.postMessage({ channel: "DU1", text: "parent" });
    await slack.chat.postMessage({ channel: "U1", text: "reply", thread_ts: parent.ts });
    await slack.chat.update({ channel: "DU1", ts: parent.ts as string, text: "edited" });
    const dm = emulator.messages("DU1");
    expect(dm.map((m) => m.text)).toEqual(["edited", "reply"]);
    expect(dm[0]).toMatchObject({ reply_count: 1, edited: { user: "U0EMULBOT" } });

    await slack.chat.delete({ channel: "DU1", ts: parent.ts as string });
    expect(emulator.messages("DU1").map((m) => m.text)).toEqual(["reply"]);
    expect(await platformError(slack.chat.postMessage({ channel: "C404", text: "x" }))).toBe(
      "channel_not_found",
    );
    expect(
      await platformError(slack.chat.update({ channel: "C1", ts: "1.000001", text: "x" })),
    ).toBe("message_not_found");
  });

  it("answers postEphemeral with message_ts and checks channel membership", async () => {
    const { emulator, slack } = await setup();
    const ok = await slack.chat.postEphemeral({ channel: "C1", user: "U1", text: "only you" });
    expect(ok.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(
      await platformError(slack.chat.postEphemeral({ channel: "C1", user: "U4", text: "x" })),
    ).toBe("user_not_in_channel");
    expect(emulator.messages()).toEqual([]);
  });
});

describe("conversations.open", () => {
  it("opens a stable DM for a normal user and refuses the rest like Slack", async () => {
    const { slack } = await setup();
    const opened = await slack.conversations.open({ users: "U1" });
    expect(opened.channel?.id).toBe("DU1");
    const again = await slack.conversations.open({ users: "U1" });
    expect(again).toMatchObject({ channel: { id: "DU1" }, already_open: true });

    expect(await platformError(slack.conversations.open({ users: "U3" }))).toBe("user_disabled");
    expect(await platformError(slack.conversations.open({ users: "U999" }))).toBe("user_not_found");
    expect(await platformError(slack.conversations.open({ users: "U4" }))).toBe(
      "invalid_user_combination",
    );
    expect(await platformError(slack.conversations.open({ users: "U0EMULBOT" }))).toBe(
      "cannot_dm_bot",
    );
  });
});

describe("users.info", () => {
  it("returns Slack-shaped users with zone label and offset at the emulator's clock", async () => {
    const { slack } = await setup({ clock: () => Date.UTC(2026, 0, 15) });
    const { user } = await slack.users.info({ user: "U1" });
    expect(user).toMatchObject({
      id: "U1",
      team_id: "T0EMULATOR",
      name: "ana",
      real_name: "Ana Reyes",
      deleted: false,
      is_stranger: false,
      tz: "America/Los_Angeles",
      tz_label: "Pacific Standard Time",
      tz_offset: -8 * 3600,
      profile: { real_name: "Ana Reyes", display_name: "ana" },
    });
    const external = await slack.users.info({ user: "U4" });
    expect(external.user).toMatchObject({ team_id: "T0OTHER", is_stranger: true });
    expect(await platformError(slack.users.info({ user: "U999" }))).toBe("user_not_found");
  });
});

describe("failure injection", () => {
  it("failNext rate_limited answers 429 with Retry-After once", async () => {
    const { emulator, client } = await setup();
    const slack = client(TOKEN, true);
    emulator.failNext({ method: "chat.postMessage", kind: "rate_limited", retryAfter: 7 });
    const error = await failure(slack.chat.postMessage({ channel: "C1", text: "x" }));
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(emulator.calls[0]).toMatchObject({ status: 429, response: { error: "ratelimited" } });
    expect(emulator.messages()).toEqual([]);

    // One-shot: the retry goes through.
    await slack.chat.postMessage({ channel: "C1", text: "x" });
    expect(emulator.messages()).toHaveLength(1);

    // The raw header, as Slack sends it.
    emulator.failNext({ method: "users.info", kind: "rate_limited", retryAfter: 3 });
    const raw = await fetch(`${emulator.url}users.info`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams({ user: "U1" }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("3");
  });

  it("http_500 answers a 500 the client reports as an HTTP error", async () => {
    const { emulator, slack } = await setup();
    emulator.failNext({ method: "conversations.open", kind: "http_500", times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await failure(slack.conversations.open({ users: "U1" }));
      expect(error).toBeInstanceOf(WebAPIHTTPError);
      expect((error as WebAPIHTTPError).statusCode).toBe(500);
    }
    await expect(slack.conversations.open({ users: "U1" })).resolves.toMatchObject({ ok: true });
    expect(emulator.callsTo("conversations.open").map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it("fails only calls about the given user, until removed", async () => {
    const { emulator, slack } = await setup();
    const remove = emulator.failAlways({
      method: "chat.postMessage",
      user: "U2",
      kind: "error",
      error: "cannot_dm_bot",
    });
    await slack.chat.postMessage({ channel: "DU1", text: "to ana" });
    expect(await platformError(slack.chat.postMessage({ channel: "DU2", text: "to bo" }))).toBe(
      "cannot_dm_bot",
    );
    expect(await platformError(slack.chat.postMessage({ channel: "U2", text: "to bo" }))).toBe(
      "cannot_dm_bot",
    );
    remove();
    await slack.chat.postMessage({ channel: "DU2", text: "to bo" });
    expect(emulator.messages().map((m) => m.text)).toEqual(["to ana", "to bo"]);
  });

  it("matches by channel, and clearFailures drops every rule", async () => {
    const { emulator, slack } = await setup();
    emulator.failAlways({
      method: "chat.postMessage",
      channel: "C2",
      kind: "error",
      error: "channel_not_found",
    });
    await slack.chat.postMessage({ channel: "C1", text: "fine" });
    expect(await platformError(slack.chat.postMessage({ channel: "C2", text: "no" }))).toBe(
      "channel_not_found",
    );
    emulator.clearFailures();
    await slack.chat.postMessage({ channel: "C2", text: "now fine" });
  });
});

describe("rate limits", () => {
  it("limits chat.postMessage per channel per second on the emulator clock", async () => {
    let now = 1_700_000_000_000;
    const { emulator, client } = await setup({ rateLimits: {}, clock: () => now });
    const slack = client(TOKEN, true);
    await slack.chat.postMessage({ channel: "C1", text: "1" });
    now += 400;
    const error = await failure(slack.chat.postMessage({ channel: "C1", text: "2" }));
    expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    // Another channel has its own budget.
    await slack.chat.postMessage({ channel: "C2", text: "elsewhere" });
    now += 600;
    await slack.chat.postMessage({ channel: "C1", text: "2" });
    expect(emulator.messages("C1").map((m) => m.text)).toEqual(["1", "2"]);
  });

  it("enforces per-method budgets over a rolling minute with an exact Retry-After", async () => {
    let now = 1_700_000_000_000;
    const { client } = await setup({
      rateLimits: { perMethodPerMinute: { "users.info": 2 } },
      clock: () => now,
    });
    const slack = client(TOKEN, true);
    await slack.users.info({ user: "U1" });
    now += 15_000;
    await slack.users.info({ user: "U1" });
    now += 5_000;
    const error = await failure(slack.users.info({ user: "U1" }));
    // The first call leaves the window 60 s after it was made: 40 s from now.
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(40);
    now += 40_000;
    await expect(slack.users.info({ user: "U1" })).resolves.toMatchObject({ ok: true });
  });
});

describe("block validation", () => {
  it("rejects invalid and oversized messages with invalid_blocks and stores nothing", async () => {
    const { emulator, slack } = await setup({ validator: createBlockKitValidator() });
    const bad = await failure(
      slack.chat.postMessage({ channel: "C1", text: "x", blocks: [{ type: "sektion" }] }),
    );
    expect((bad as WebAPIPlatformError).data).toMatchObject({
      error: "invalid_blocks",
      errors: ["unknown block type: sektion [json-pointer:/blocks/0/type]"],
    });
    const many = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    const tooMany = await failure(
      slack.chat.postMessage({ channel: "C1", text: "x", blocks: many }),
    );
    expect((tooMany as WebAPIPlatformError).data).toMatchObject({
      errors: ["too many blocks: 51, at most 50 per message [json-pointer:/blocks]"],
    });
    expect(emulator.messages()).toEqual([]);

    await slack.chat.postMessage({ channel: "C1", text: "ok", blocks: many.slice(0, 50) });
    expect(emulator.messages()).toHaveLength(1);
    expect(emulator.callsTo("chat.postMessage").map((c) => c.status)).toEqual([200, 200, 200]);
  });

  it("rejects block types the workspace does not support", async () => {
    const { slack } = await setup({ unsupportedBlockTypes: ["divider"] });
    const error = await failure(
      slack.chat.postMessage({ channel: "C1", text: "x", blocks: [{ type: "divider" }] }),
    );
    expect((error as WebAPIPlatformError).data.error).toBe("invalid_blocks");
  });
});

describe("views", () => {
  const modal = {
    type: "modal" as const,
    callback_id: "check_in",
    title: { type: "plain_text" as const, text: "Check-in" },
    submit: { type: "plain_text" as const, text: "Save" },
    blocks: [
      {
        type: "input",
        block_id: "progress",
        label: { type: "plain_text" as const, text: "Progress" },
        element: { type: "plain_text_input", action_id: "value" },
      },
    ],
  };

  it("opens, updates and refuses reused or expired triggers", async () => {
    let now = 1_700_000_000_000;
    const { emulator, slack } = await setup({
      validator: createBlockKitValidator(),
      clock: () => now,
    });
    const trigger = emulator.triggerId();
    const opened = await slack.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: "check_in" });
    expect(await platformError(slack.views.open({ trigger_id: trigger, view: modal }))).toBe(
      "exchanged_trigger_id",
    );
    const late = emulator.triggerId();
    now += 3001;
    expect(await platformError(slack.views.open({ trigger_id: late, view: modal }))).toBe(
      "expired_trigger_id",
    );

    const viewId = opened.view?.id as string;
    const updated = await slack.views.update({
      view_id: viewId,
      hash: opened.view?.hash as string,
      view: { ...modal, private_metadata: "p1" },
    });
    expect(updated.view).toMatchObject({ id: viewId, private_metadata: "p1" });
    expect(
      await platformError(slack.views.update({ view_id: viewId, hash: "stale", view: modal })),
    ).toBe("hash_conflict");
  });

  it("answers an invalid modal with invalid_arguments and [ERROR] messages", async () => {
    const { emulator, slack } = await setup({ validator: createBlockKitValidator() });
    const { submit: _submit, ...noSubmit } = modal;
    const error = await failure(
      slack.views.open({ trigger_id: emulator.triggerId(), view: noSubmit }),
    );
    expect((error as WebAPIPlatformError).data).toMatchObject({
      error: "invalid_arguments",
      response_metadata: {
        messages: ["[ERROR] must have required property 'submit' [json-pointer:/view]"],
      },
    });
  });

  it("publishes one Home tab per user", async () => {
    const { emulator, slack } = await setup({ validator: createBlockKitValidator() });
    const home = { type: "home" as const, blocks: [section("Your commitments")] };
    const first = await slack.views.publish({ user_id: "U1", view: home });
    const second = await slack.views.publish({
      user_id: "U1",
      view: { ...home, blocks: [section("Updated")] },
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(emulator.homeView("U1")?.blocks).toEqual([section("Updated")]);
    expect(emulator.homeView("U2")).toBeUndefined();
    expect(await platformError(slack.views.publish({ user_id: "U999", view: home }))).toBe(
      "user_not_found",
    );
  });
});

describe("files", () => {
  it("serves the three-step upload that files.uploadV2 performs", async () => {
    const { emulator, slack } = await setup();
    const result = await slack.files.uploadV2({
      channel_id: "C1",
      filename: "digest.csv",
      title: "Weekly digest",
      content: "a,b\n1,2\n",
      initial_comment: "This week's numbers",
    });
    expect(result.ok).toBe(true);
    expect(emulator.calls.map((c) => c.method)).toEqual([
      "files.getUploadURLExternal",
      "files.completeUploadExternal",
    ]);
    const [file] = emulator.files();
    expect(file).toMatchObject({
      filename: "digest.csv",
      title: "Weekly digest",
      channel: "C1",
      completed: true,
    });
    expect(file?.content.toString("utf8")).toBe("a,b\n1,2\n");
    expect(emulator.messages("C1")).toMatchObject([
      { subtype: "file_share", text: "This week's numbers", files: [{ id: file?.id }] },
    ]);
    expect(
      await platformError(slack.files.completeUploadExternal({ files: [{ id: "F404" }] })),
    ).toBe("file_not_found");
  });
});

describe("response_url sink", () => {
  it("stores what is posted, validates blocks, and allows five uses", async () => {
    const { emulator } = await setup({ validator: createBlockKitValidator() });
    const url = emulator.responseUrl("cmd");
    const post = (body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await post({ response_type: "ephemeral", text: "Done" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ok");
    expect(emulator.responses).toMatchObject([{ url, body: { text: "Done" } }]);

    const invalid = await post({ text: "x", blocks: [{ type: "nope" }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: "invalid_blocks" });

    for (let i = 0; i < 4; i++) expect((await post({ text: `more ${i}` })).status).toBe(200);
    const sixth = await post({ text: "too many" });
    expect(sixth.status).toBe(404);
    expect(emulator.responses).toHaveLength(5);
  });
});

describe("conversations.history", () => {
  it("returns top-level messages newest first, with metadata when asked", async () => {
    let now = 1_700_000_000_000;
    const { slack } = await setup({ clock: () => now });
    const metadata = { event_type: "poc_prompt", event_payload: { prompt_id: 42 } };
    const prompt = await slack.chat.postMessage({ channel: "DU1", text: "Check-in?", metadata });
    now += 1000;
    await slack.chat.postMessage({ channel: "DU1", text: "reply", thread_ts: prompt.ts });
    await slack.chat.postMessage({ channel: "DU1", text: "later" });

    const full = await slack.conversations.history({ channel: "DU1", include_all_metadata: true });
    expect(full.messages?.map((m) => m.text)).toEqual(["later", "Check-in?"]);
    expect(full.messages?.[1]?.metadata).toEqual(metadata);

    const plain = await slack.conversations.history({ channel: "DU1" });
    expect(plain.messages?.[1]?.metadata).toBeUndefined();

    const recent = await slack.conversations.history({
      channel: "DU1",
      oldest: prompt.ts as string,
      limit: 10,
    });
    expect(recent.messages?.map((m) => m.text)).toEqual(["later"]);
    const first = await slack.conversations.history({ channel: "DU1", limit: 1 });
    expect(first).toMatchObject({ has_more: true, messages: [{ text: "later" }] });
  });
});

describe("plumbing", () => {
  it("accepts JSON bodies and records the call", async () => {
    const { emulator } = await setup();
    const response = await fetch(`${emulator.url}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: "C1", text: "json", blocks: [section("json")] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: "C1" });
    expect(emulator.messages("C1")[0]?.blocks).toEqual([section("json")]);
  });

  it("reset clears activity but keeps the directory", async () => {
    const { emulator, slack } = await setup();
    await slack.chat.postMessage({ channel: "C1", text: "x" });
    emulator.failAlways({ method: "users.info", kind: "http_500" });
    emulator.reset();
    expect(emulator.calls).toEqual([]);
    expect(emulator.messages()).toEqual([]);
    await expect(slack.users.info({ user: "U1" })).resolves.toMatchObject({ ok: true });
    emulator.updateUser("U1", { deleted: true });
    expect(await platformError(slack.conversations.open({ users: "U1" }))).toBe("user_disabled");
  });
});
