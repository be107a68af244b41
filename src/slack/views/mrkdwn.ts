/** Escaping for Slack mrkdwn: see ../../domain/text.ts for why. */
import { escapeMrkdwn, truncate } from "../../domain/text.js";

export { escapeMrkdwn, shown, truncate } from "../../domain/text.js";

/**
 * A Slack user mention, only for ids that look like Slack's (never user-typed text); anything
 * else shows the name (or the id) as escaped text, so it cannot forge a mention.
 */
export function mention(userId: string, name: string | null): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId)
    ? `<@${userId}>`
    : escapeMrkdwn(truncate((name ?? userId).replace(/\s+/g, " ").trim(), 60));
}

/** User text shown inline in mrkdwn: escaped, truncated, and code-formatted safely. */
export function inlineCode(text: string, max = 60): string {
  const clean = truncate(text.replace(/`/g, "'").replace(/\s+/g, " "), max);
  return `\`${escapeMrkdwn(clean)}\``;
}
