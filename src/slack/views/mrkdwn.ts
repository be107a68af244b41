/** Escaping for Slack mrkdwn: see ../../domain/text.ts for why. */
import { escapeMrkdwn, truncate } from "../../domain/text.js";

export { escapeMrkdwn, shown, truncate } from "../../domain/text.js";

/** User text shown inline in mrkdwn: escaped, truncated, and code-formatted safely. */
export function inlineCode(text: string, max = 60): string {
  const clean = truncate(text.replace(/`/g, "'").replace(/\s+/g, " "), max);
  return `\`${escapeMrkdwn(clean)}\``;
}
