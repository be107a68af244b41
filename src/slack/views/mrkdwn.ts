/**
 * User text on its way to Slack mrkdwn. Slack treats `<`, `>` and `&` as control characters:
 * `<!channel>` pings everyone and `<http://x|y>` renders a link whose text lies about its target.
 * Every piece of user text placed in mrkdwn goes through `escapeMrkdwn` or `shown`; the wording
 * of services and rules (../../domain/wording.ts) is escaped as it is rendered (./wording.ts).
 */

import { truncate } from "../../domain/text.js";
import { quotedText } from "../../domain/wording.js";

export { truncate };

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A name or title quoted inside a message: one line, cut short, escaped, and bold (or a code
 * span when it holds `*`, which would break the bold markers).
 */
export function shown(text: string, max = 80): string {
  const safe = escapeMrkdwn(quotedText(text, max));
  return safe.includes("*") ? `\`${safe.replace(/`/g, "'")}\`` : `*${safe}*`;
}

/** "1 commitment", "3 commitments". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A person by name, never a mention (naming someone must not ping them); null without one. */
export function personName(name: string | null | undefined): string | null {
  const text = name?.replace(/\s+/g, " ").trim() ?? "";
  return text === "" ? null : escapeMrkdwn(truncate(text, 60));
}

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
