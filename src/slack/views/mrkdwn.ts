/**
 * Escaping for Slack mrkdwn. Slack treats `<`, `>` and `&` as control characters: `<!channel>`
 * pings everyone and `<http://x|y>` renders a link whose text lies about its target. Every piece
 * of user text goes through `escapeMrkdwn` before it is placed in a mrkdwn field.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens text to at most `max` characters (counting code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** User text shown inline in mrkdwn: escaped, truncated, and code-formatted safely. */
export function inlineCode(text: string, max = 60): string {
  const clean = truncate(text.replace(/`/g, "'").replace(/\s+/g, " "), max);
  return `\`${escapeMrkdwn(clean)}\``;
}
