/**
 * A wording (../../domain/wording.ts) as Slack shows it: mrkdwn for messages, plain text for a
 * modal's inline error, where marks would appear literally and nothing can ping or link.
 */
import { PLAIN, type Renderer, render, typedText, type Wording } from "../../domain/wording.js";
import { escapeMrkdwn, shown } from "./mrkdwn.js";

/** Escaped mrkdwn: literals and typed text as code spans, labels and names bold, people mentioned. */
export function mrkdwnOf(wording: Wording): string {
  return render(wording, MRKDWN);
}

/** Plain text (a modal's inline error): every mark dropped, names on one line and cut short. */
export function plainOf(wording: Wording): string {
  return render(wording, PLAIN);
}

const MRKDWN: Renderer = {
  words: escapeMrkdwn,
  literal: (p) => `\`${escapeMrkdwn(p.text)}\``,
  button: (p) => `*${escapeMrkdwn(p.text)}*`,
  quoted: (p) => shown(p.text, p.max),
  typed: (p) => `\`${escapeMrkdwn(typedText(p.text))}\``,
  person: (p) => `<@${p.id}>`,
  channel: (p) => `<#${p.id}>`,
  time: (p) =>
    `<!date^${Math.floor(p.at / 1000)}^{date_short_pretty} at {time}|${new Date(p.at).toISOString()}>`,
};
