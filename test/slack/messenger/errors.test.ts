/**
 * How Web API failures are classified: about one person, channel or payload (`permanent`,
 * `retryable`), or about the whole workspace (`unauthorized`, `unavailable`), which stops the
 * tick instead of failing that person's prompt.
 */
import { describe, expect, it } from "vitest";
import { isUncertain } from "../../../src/services/outbox/common.js";
import { isWorkspaceWide } from "../../../src/services/ports.js";
import { toDeliveryError } from "../../../src/slack/messenger/errors.js";

/** What @slack/web-api throws for `ok: false`. */
const platform = (error: string, extra: Record<string, unknown> = {}) => ({
  code: "slack_webapi_platform_error",
  data: { ok: false, error, ...extra },
});
/** What it throws when no answer came. */
const network = (cause: string) => ({
  code: "slack_webapi_request_error",
  original: { message: "fetch failed", cause: { code: cause } },
});

describe("toDeliveryError", () => {
  it.each([
    ["invalid_auth", "unauthorized"],
    ["not_authed", "unauthorized"],
    ["token_revoked", "unauthorized"],
    ["account_inactive", "unauthorized"],
    ["team_access_not_granted", "unauthorized"],
    ["ratelimited", "unavailable"],
    ["user_not_found", "permanent"],
    ["user_disabled", "permanent"],
    ["cannot_dm_bot", "permanent"],
    ["invalid_user_combination", "permanent"],
    ["not_in_channel", "permanent"],
    ["no_permission", "permanent"],
    ["ekm_access_denied", "permanent"],
    ["fatal_error", "retryable"],
  ])("when Slack answers %s, then it is %s", (code, kind) => {
    const failure = toDeliveryError(platform(code));
    expect([failure.kind, failure.code]).toEqual([kind, code]);
    expect(isWorkspaceWide(failure)).toBe(kind === "unauthorized" || kind === "unavailable");
  });

  it("when Slack answers missing_scope, then the scope it needs is kept", () => {
    const failure = toDeliveryError(
      platform("missing_scope", { needed: "files:write", provided: "chat:write" }),
    );
    expect(failure).toMatchObject({
      kind: "unauthorized",
      code: "missing_scope",
      needed: "files:write",
    });
  });

  it("when no connection could be made, then Slack is unavailable and nothing was posted", () => {
    const failure = toDeliveryError(network("ECONNREFUSED"));
    expect([failure.kind, failure.code]).toEqual(["unavailable", "ECONNREFUSED"]);
    expect(isUncertain(failure)).toBe(false);
  });

  it("when the connection was reset mid-call, then Slack is unavailable and the post may exist", () => {
    const failure = toDeliveryError(network("ECONNRESET"));
    expect([failure.kind, failure.code]).toEqual(["unavailable", "ECONNRESET"]);
    expect(isUncertain(failure)).toBe(true);
  });

  it("when Slack answers HTTP 500, then that item is retried and the post may exist", () => {
    const failure = toDeliveryError({ code: "slack_webapi_http_error", statusCode: 500 });
    expect([failure.kind, failure.code]).toEqual(["retryable", "http_500"]);
    expect(isUncertain(failure)).toBe(true);
  });
});
