/**
 * Alignment gaps as mrkdwn (pure): the one way the digest, `/poc agenda`, `/poc status` and the
 * App Home show the model of src/domain/gaps.ts. Same heading ("Alignment gaps (N)", N being the
 * model's total), same lines in the model's order; a surface with little room passes a cap and the
 * rest becomes "… and N more". All user text is escaped; only a silent owner is mentioned, since
 * they are the one person a gap asks to act.
 */
import type { AlignmentGaps, GapSilentOwnerRow } from "../../domain/gaps.js";
import { SECTOR_LABELS } from "../../domain/rules.js";
import { escapeMrkdwn, mention, personName, plural, shown, truncate } from "./mrkdwn.js";

/** Slack's limit on a section's text. */
const SECTION_MAX = 3000;

export const NO_GAPS =
  "None: every active objective is served, every organization has active work, every active commitment serves an objective and no owner is silent.";

export function gapsTitle(gaps: AlignmentGaps): string {
  return `Alignment gaps (${gaps.total})`;
}

function silentLine(s: GapSilentOwnerRow, ping: boolean): string {
  const org =
    s.organizationName === null ? "" : ` (${escapeMrkdwn(truncate(s.organizationName, 60))})`;
  const on = s.silentCommitments > 1 ? ` on ${plural(s.silentCommitments, "commitment")}` : "";
  const who = ping
    ? mention(s.slackUserId, s.displayName)
    : (personName(s.displayName) ?? "An owner");
  return `:zzz: ${who}${org} is silent: ${plural(s.silentPeriods, "period")} in a row unanswered${on}`;
}

/**
 * Every gap as one bulleted line: objectives, organizations, commitments, silent owners. A
 * silent owner is @-mentioned unless `ping` is false (a list repeated where they were already
 * pinged, such as the digest's thread).
 */
export function gapLines(gaps: AlignmentGaps, { ping = true }: { ping?: boolean } = {}): string[] {
  return [
    ...gaps.objectives.map(
      (o) => `• Objective #${o.id} ${shown(o.title, 80)}: no active commitment serves it`,
    ),
    ...gaps.organizations.map(
      (o) => `• ${shown(o.name, 60)} (${SECTOR_LABELS[o.sector]}): no active commitment`,
    ),
    ...gaps.commitments.map(
      (c) =>
        `• Commitment #${c.id} ${shown(c.title, 80)} (${escapeMrkdwn(truncate(c.organizationName, 60))}): serves no active objective`,
    ),
    ...gaps.silentOwners.map((s) => `• ${silentLine(s, ping)}`),
  ];
}

export interface GapsSectionOptions {
  /** Lines shown at most; the rest is counted in "… and N more". */
  readonly max?: number;
  /** Where the rest can be read, e.g. "in the thread". */
  readonly more?: string;
  /** Before the heading, e.g. "3. " in the numbered agenda. */
  readonly prefix?: string;
}

/**
 * The gaps as one section's text: the bold heading, then the lines, at most `max` of them and
 * never more than a section holds. `hidden` says how many lines were left out.
 */
export function gapsSection(
  gaps: AlignmentGaps,
  options: GapsSectionOptions = {},
): { text: string; hidden: number } {
  const heading = `*${options.prefix ?? ""}${gapsTitle(gaps)}*`;
  const lines = gapLines(gaps);
  if (lines.length === 0) return { text: `${heading}\n${NO_GAPS}`, hidden: 0 };
  const max = options.max ?? lines.length;
  const moreLine = (n: number) => `\n_… and ${n} more${options.more ? ` ${options.more}` : ""}_`;
  let text = heading;
  let shownLines = 0;
  for (const line of lines) {
    const left = lines.length - shownLines - 1;
    const room = SECTION_MAX - (left > 0 ? moreLine(left).length : 0);
    if (shownLines >= max || text.length + 1 + line.length > room) break;
    text += `\n${line}`;
    shownLines += 1;
  }
  const hidden = lines.length - shownLines;
  if (hidden > 0) text += moreLine(hidden);
  return { text, hidden };
}

export function gapsText(gaps: AlignmentGaps, options: GapsSectionOptions = {}): string {
  return gapsSection(gaps, options).text;
}
