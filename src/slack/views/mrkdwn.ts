/** Escaping for Slack mrkdwn: see ../../domain/text.ts for why. */
import { escapeMrkdwn, truncate } from "../../domain/text.js";

export { escapeMrkdwn, shown, truncate } from "../../domain/text.js";

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
