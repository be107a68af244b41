/**
 * `/poc mine` and `/poc status` as Block Kit (pure). Every piece of user text is escaped; dates
 * go out as `<!date^…>` so each reader sees them in their own zone; long lists end with
 * "and N more" so a message never passes Slack's 50 blocks or 3000 characters a section.
 */
import type { KnownBlock, SectionBlock } from "@slack/types";
import { ownProgressText } from "../../domain/progress.js";
import { SECTOR_LABELS } from "../../domain/rules.js";
import { STATUS_KEYS, type StatusCounts } from "../../domain/types.js";
import type {
  CommitmentLine,
  EndedCommitment,
  EndedCommitments,
  Listed,
  MineResult,
  StatusReport,
} from "../../services/reading.js";
import { LIST_CAP } from "../../services/reading.js";
import { gapsText } from "./gaps.js";
import { escapeMrkdwn, plural, truncate } from "./mrkdwn.js";
import { statusLabel, statusNow } from "./status.js";

/** Slack's limits (shared/design/slack-platform.md). */
export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
const MAX_HEADER_TEXT = 150;

/** User text for mrkdwn: shortened (before escaping, so an entity is never cut), then escaped. */
export function safe(text: string, max: number): string {
  return escapeMrkdwn(truncate(text.replace(/\s+/g, " ").trim(), max));
}

/** An instant that Slack renders in the reader's own zone; the fallback is ISO 8601 in UTC. */
export function slackDate(at: number, format = "{date_short_pretty} at {time}"): string {
  const seconds = Math.floor(at / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  return `<!date^${seconds}^${format}|${fallback}>`;
}

export { mention } from "./mrkdwn.js";

export function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(text, MAX_SECTION_TEXT) } };
}

export function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(text, 3000) }] };
}

export function header(text: string): KnownBlock {
  return {
    type: "header",
    text: { type: "plain_text", text: truncate(text, MAX_HEADER_TEXT), emoji: true },
  };
}

/** The lines that describe one of my commitments (title, organization, objectives, status, next). */
export function commitmentText(c: CommitmentLine): string {
  const objectives =
    c.objectives.length === 0
      ? "no objective linked"
      : `serves ${c.objectives
          .slice(0, 4)
          .map((o) => safe(o, 60))
          .join("; ")}${c.objectives.length > 4 ? `; and ${c.objectives.length - 4} more` : ""}`;
  const status = [statusLabel(c.status)];
  if (c.progress !== null) {
    status.push(`progress ${escapeMrkdwn(ownProgressText(c.progress, c.measure))}`);
  }
  if (c.lastCheckInAt !== null) {
    status.push(`last check-in ${slackDate(c.lastCheckInAt, "{date_short_pretty}")}`);
  }
  const when = [c.dueDate ? `due ${safe(c.dueDate, 20)}` : "no due date", c.cadence];
  when.push(
    c.nextCheckInAt === null
      ? "next check-in not scheduled"
      : `next check-in ${slackDate(c.nextCheckInAt)}`,
  );
  return [
    `*${safe(c.title, 150)}*  \`#${c.id}\``,
    `${safe(c.organizationName, 75)} · ${objectives}`,
    status.join(" · "),
    when.join(" · "),
  ].join("\n");
}

/** Blocks of one group (a partnership), kept together, with a list that may be cut. */
export interface BlockGroup {
  readonly head: readonly KnownBlock[];
  readonly items: readonly KnownBlock[];
  readonly tail: readonly KnownBlock[];
  /** The note for the items left out, e.g. "and 3 more commitments". */
  more(hidden: number): KnownBlock;
}

/**
 * Lays groups out within `maxBlocks`: at most `perGroup` items each, a note for the items left
 * out, and when groups themselves no longer fit, one closing note naming how many were left out.
 */
export function fitGroups(
  groups: readonly BlockGroup[],
  maxBlocks: number,
  perGroup: number,
  moreGroups: (hidden: number) => KnownBlock,
): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const [index, g] of groups.entries()) {
    // While groups follow, one block stays free for the closing note.
    const room = maxBlocks - out.length - (index < groups.length - 1 ? 1 : 0);
    const fixed = g.head.length + g.tail.length;
    if (fixed + (g.items.length > 0 ? 1 : 0) > room) {
      out.push(moreGroups(groups.length - index));
      return out;
    }
    const need = (k: number) => k + (k < g.items.length ? 1 : 0);
    let shown = Math.min(g.items.length, perGroup);
    while (shown > 0 && need(shown) > room - fixed) shown -= 1;
    out.push(...g.head, ...g.items.slice(0, shown));
    if (shown < g.items.length) out.push(g.more(g.items.length - shown));
    out.push(...g.tail);
  }
  return out;
}

export interface Message {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

function endedList(label: string, verb: string, ended: Listed<EndedCommitment>): string | null {
  if (ended.total === 0) return null;
  const named = ended.items.map(
    (c) =>
      `${safe(c.title, 80)}${c.endedAt === null ? "" : `, ${verb} ${slackDate(c.endedAt, "{date_num}")}`}`,
  );
  const hidden = ended.total - ended.items.length;
  if (hidden > 0) named.push(`and ${hidden} more`);
  return `${label}: ${ended.total} (${named.join("; ")})`;
}

/**
 * For an owner with nothing open who did have commitments here: that nothing is open, and what
 * they closed or dropped (latest first). Null when they never had one (then "none yet" is true).
 * `/poc mine` and the App Home say it alike.
 */
export function nothingOpenText(ended: EndedCommitments): string | null {
  const lists = [
    endedList("Done", "closed", ended.closed),
    endedList("Dropped", "dropped", ended.dropped),
  ].filter((l): l is string => l !== null);
  if (lists.length === 0) return null;
  return `Nothing open: you have no active commitments here. ${lists.join(". ")}.`;
}

/** `/poc mine`. */
export function mineMessage(result: MineResult): Message {
  const sections = result.sections;
  if (result.reach === "all" && sections.length === 0) {
    const text =
      "You are not in any partnership yet. Run `/poc setup` in a channel to start one, or ask a coordinator to add you.";
    return { text, blocks: [section(text)] };
  }
  if (result.reach === "channel" && sections.every((s) => s.commitments.length === 0)) {
    const s = sections[0];
    const nothingOpen = s === undefined ? null : nothingOpenText(s.ended);
    const text =
      s?.member !== true
        ? "You have no commitments in this partnership."
        : nothingOpen === null
          ? "You have no commitments in this partnership yet. Record one with `/poc commit`."
          : `${nothingOpen} Record a new one with \`/poc commit\`.`;
    return { text, blocks: [section(text)] };
  }
  const total = sections.reduce((n, s) => n + s.commitments.length, 0);
  const groups: BlockGroup[] = sections.map((s) => {
    const name = safe(s.partnership.name, 80);
    const lines = [
      `*${name}* in <#${s.partnership.channelId}>: ${plural(s.commitments.length, "active commitment")}`,
    ];
    if (s.awayUntil)
      lines.push(`:palm_tree: Your prompts are paused until ${safe(s.awayUntil, 20)}.`);
    if (s.commitments.length === 0) {
      lines.push(nothingOpenText(s.ended) ?? "You own no active commitments here.");
    }
    return {
      head: [section(lines.join("\n"))],
      items: s.commitments.map((c) => section(commitmentText(c))),
      tail: [],
      more: (n) => context(`…and ${plural(n, "more commitment")} in ${name}.`),
    };
  });
  const blocks = [
    ...fitGroups(groups, MAX_MESSAGE_BLOCKS - 1, MAX_MESSAGE_BLOCKS, (n) =>
      context(`…and ${plural(n, "more partnership")}.`),
    ),
    context("Times show in your own time zone. Open the app's Home tab to see this any time."),
  ];
  return { text: `Your commitments: ${plural(total, "active commitment")}.`, blocks };
}

export function tallyText(tally: StatusCounts): string {
  return STATUS_KEYS.map((k) => `${statusLabel(k)} *${tally[k]}*`).join("   ");
}

function listLines<T>(list: Listed<T>, line: (item: T) => string, noun: string): string {
  const lines = list.items.map((item) => `• ${line(item)}`);
  const hidden = list.total - list.items.length;
  if (hidden > 0) lines.push(`…and ${plural(hidden, `more ${noun}`, `more ${noun}s`)}`);
  return lines.join("\n");
}

/** `/poc status`. */
export function statusMessage(report: StatusReport): Message {
  const p = report.partnership;
  const blocks: KnownBlock[] = [header(p.name)];
  const intro = [`<#${p.channelId}>`];
  if (p.purpose) intro.push(safe(p.purpose, 1000));
  blocks.push(section(intro.join("\n")));
  blocks.push(
    section(`*Active commitments:* ${report.activeCommitments}\n${tallyText(report.byStatus)}`),
  );
  blocks.push({ type: "divider" });
  const orgs = report.organizations;
  blocks.push(
    section(
      orgs.total === 0
        ? "*By organization:* no organizations yet. Add one with `/poc org add &lt;name&gt; &lt;sector&gt;`."
        : `*By organization*\n${listLines(
            orgs,
            (o) => {
              const counts = STATUS_KEYS.filter((k) => o.byStatus[k] > 0)
                .map((k) => `${o.byStatus[k]} ${statusNow(k)}`)
                .join(", ");
              return `*${safe(o.name, 75)}* (${SECTOR_LABELS[o.sector]}): ${plural(o.active, "active commitment")}${counts ? ` (${counts})` : ""}`;
            },
            "organization",
          )}`,
    ),
  );
  blocks.push(section(gapsText(report.gaps, { max: LIST_CAP })));
  blocks.push(context("Type `/poc mine` for your own commitments and next check-in."));
  return {
    text: `${safe(p.name, 80)}: ${plural(report.activeCommitments, "active commitment")}.`,
    blocks,
  };
}
