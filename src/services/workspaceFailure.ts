/**
 * What to tell people when Slack as a whole refused or could not be reached (a workspace-wide
 * DeliveryError): what is wrong and who can fix it, in one sentence without a trailing period.
 * The operator (`poc tick`, the app's log) is told which variable or setting to change; a member
 * in Slack is told whom to ask (as wording the Slack layer renders).
 */
import { literal, say, type Wording, wordingOf } from "../domain/wording.js";
import type { DeliveryError } from "./ports.js";

const MANIFEST_HINT = "manifest.yml lists every scope the app needs";

export function workspaceFailureText(error: DeliveryError, audience: "operator"): string;
export function workspaceFailureText(error: DeliveryError, audience: "member"): Wording;
export function workspaceFailureText(
  error: DeliveryError,
  audience: "operator" | "member",
): string | Wording {
  const text = failureText(error, audience);
  return audience === "operator" ? (text as string) : wordingOf(text);
}

function failureText(error: DeliveryError, audience: "operator" | "member"): string | Wording {
  const { code, needed } = error;
  if (code === "missing_scope") {
    const scope = needed === undefined ? "a scope it needs" : `the scope ${needed}`;
    return audience === "operator"
      ? `the Slack app lacks ${scope} (missing_scope): add it under OAuth & Permissions > Bot Token Scopes (${MANIFEST_HINT}) and reinstall the app to the workspace`
      : say`the app lacks the Slack permission ${needed === undefined ? "it needs" : literal(needed)}: ask a workspace admin to add it to the app (${MANIFEST_HINT}) and reinstall it`;
  }
  if (code === "team_access_not_granted") {
    return audience === "operator"
      ? "the Slack app has not been granted access to this workspace (team_access_not_granted): an organization admin must add it to the workspace"
      : "the app has not been granted access to this workspace: ask an organization admin to add it";
  }
  if (error.kind === "unauthorized") {
    return audience === "operator"
      ? `Slack rejected SLACK_BOT_TOKEN (${code}): set it to the Bot User OAuth Token (xoxb-…) on the app's Install App page, and reinstall the app if it was removed or deactivated`
      : `Slack refused the app's token (${code}): ask whoever runs POC to check its SLACK_BOT_TOKEN`;
  }
  if (code === "ratelimited") {
    return audience === "operator"
      ? "Slack kept rate-limiting the app of SLACK_BOT_TOKEN (ratelimited) after every wait it asked for; another process using the same token may be spending its budget"
      : "Slack is rate-limiting the app just now";
  }
  return audience === "operator"
    ? `Slack could not be reached (${code}): check this machine's network and SLACK_API_URL`
    : "Slack could not be reached just now";
}
