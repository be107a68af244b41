/**
 * User text on its way to Slack mrkdwn. Slack treats `<`, `>` and `&` as control characters:
 * `<!channel>` pings everyone and `<http://x|y>` renders a link whose text lies about its target.
 * Every piece of user text placed in mrkdwn (including DomainError messages, which the Slack
 * adapter shows as mrkdwn) goes through `escapeMrkdwn` or `shown`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens text to at most `max` characters (counting code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  // UTF-16 length >= code points: a short string is returned without splitting it.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * A name or title quoted inside a message: one line, cut short, escaped, and bold (or a code
 * span when it holds `*`, which would break the bold markers).
 */
export function shown(text: string, max = 80): string {
  const safe = escapeMrkdwn(truncate(text.replace(/\s+/g, " ").trim(), max));
  return safe.includes("*") ? `\`${safe.replace(/`/g, "'")}\`` : `*${safe}*`;
}
