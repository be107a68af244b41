/**
 * The weekly digest as Slack messages (pure). The parent message is what the channel reads in
 * thirty seconds: the week it covers, headline numbers, the status mix per week as a native chart
 * (from the partnership's first week, at most eight), the changes, the gaps and the blockers
 * nobody has offered to help with yet. Detail goes in thread replies: the chart's figures, per
 * objective, every open and resolved blocker, the learnings, the participation and the decisions
 * due. People are @-mentioned only where they must act (off-track work, silence, a blocker that
 * asks them for help, a decision of theirs due); everyone else is named. Every message stays within Slack's
 * limits (slack-platform.md: 50 blocks, section text 3000, header 150): long lists are cut into
 * several sections and several replies, never one over-long message. All user text is escaped.
 */
import type { KnownBlock } from "@slack/types";
import {
  type CommitmentProgress,
  type CommitmentRef,
  type Digest,
  type HistoryWeek,
  type OpenBlockerLine,
  weekName,
  windowLabel,
} from "../../domain/digest.js";
import { indicatorSummary, ownProgressText } from "../../domain/progress.js";
import { STATUS_WORDS, type StatusKey } from "../../domain/types.js";
import { gapLines, gapsSection, gapsTitle } from "./gaps.js";
import { escapeMrkdwn, personName, plural, shown, truncate } from "./mrkdwn.js";
import { STATUS_ICONS, statusCountsText, statusTitle } from "./status.js";

export interface RenderedMessage {
  /** The plain-text fallback (notifications, clients without blocks). */
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface RenderedDigest {
  /** The channel message: headline numbers, the chart with its figures in text, changes, gaps, blockers needing help. */
  readonly parent: RenderedMessage;
  /** Thread replies: per-objective detail, the full blocker list, learnings; each within limits. */
  readonly replies: readonly RenderedMessage[];
}

/** Slack's limits (slack-platform.md). */
export const DIGEST_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  header: 150,
  /** Lines of one list shown in the parent message before "… and N more in the thread". */
  parentListLines: 8,
} as const;

/** Room kept in each section for the "(continued)" heading. */
const SECTION_BUDGET = DIGEST_LIMITS.sectionText - 100;

const CHART_KEYS: readonly StatusKey[] = ["on_track", "at_risk", "off_track", "done", "none"];

// ---- small pieces ---------------------------------------------------------------------------

/** A Slack user mention, only for well-formed ids (never user text). */
function mention(userId: string | null | undefined): string {
  return userId !== null && userId !== undefined && /^[UW][A-Z0-9]+$/.test(userId)
    ? `<@${userId}>`
    : "someone";
}

/**
 * "Title (Organization, Owner)". The owner is @-mentioned only when `ping` (they must act:
 * their work went off track); otherwise named, so the weekly digest pings nobody for nothing.
 */
function commitmentLabel(c: CommitmentRef, ping = false): string {
  const owner = ping ? mention(c.owner.slackUserId) : personName(c.owner.displayName);
  const org = escapeMrkdwn(truncate(c.organizationName, 40));
  return `${shown(c.title, 80)} (${owner === null ? org : `${org}, ${owner}`})`;
}

/** The week's label on the chart and in the text: "W49". */
export function weekLabel(week: Pick<HistoryWeek, "isoWeek">): string {
  return weekName(week);
}

function section(text: string): KnownBlock {
  return {
    type: "section",
    text: { type: "mrkdwn", text: truncate(text, DIGEST_LIMITS.sectionText) },
  };
}

function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(text, 3000) }] };
}

/**
 * A titled list as sections of at most SECTION_BUDGET characters each: lines are never split,
 * and an over-long single line is truncated. The first section carries the title.
 */
export function listSections(title: string, lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = title;
  let fresh = true;
  for (const raw of lines) {
    const line = truncate(raw, SECTION_BUDGET - title.length - 20);
    if (!fresh && current.length + 1 + line.length > SECTION_BUDGET) {
      blocks.push(section(current));
      current = `${title} (continued)`;
    }
    current = `${current}\n${line}`;
    fresh = false;
  }
  blocks.push(section(current));
  return blocks;
}

/** At most `max` lines, the rest summed up in one last line. */
function capped(lines: readonly string[], max: number, more: string): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), `_… and ${lines.length - max} more ${more}_`];
}

// ---- the parent -----------------------------------------------------------------------------

function headlineText(d: Digest): string {
  const h = d.headline;
  const s = h.byStatus;
  const when = d.window.partial ? "so far" : "that week";
  return [
    `*${plural(h.activeCommitments, "active commitment")}*: ${statusCountsText(s, { none: "without a check-in" })}`,
    `*Blockers*: ${h.openBlockers} open (${h.escalatedBlockers} escalated)`,
    `*Alignment gaps*: ${h.gaps}`,
    h.sent === 0
      ? `*Check-ins*: none were due ${when}`
      : `*Check-ins*: ${h.answered} of ${plural(h.sent, "prompt")} due ${when} answered`,
  ].join("\n");
}

function historyLine(w: HistoryWeek): string {
  return `${weekLabel(w)}: ${statusCountsText(w.counts, { separator: " · " })}`;
}

/** The status mix per week as a stacked-looking bar chart, one series per status. */
export function chartBlock(history: readonly HistoryWeek[]): KnownBlock {
  const weeks = history.length === 1 ? "this week" : `last ${history.length} weeks`;
  const categories = history.map(weekLabel);
  const series = CHART_KEYS.map((key) => ({
    name: statusTitle(key),
    data: history.map((w) => ({ label: weekLabel(w), value: w.counts[key] })),
  }));
  // `data_visualization` is newer than @slack/types: built as plain data, validated by the schema.
  return {
    type: "data_visualization",
    block_id: "digest_chart",
    title: `Status mix, ${weeks}`,
    chart: {
      type: "bar",
      series,
      axis_config: { categories, x_label: "Week", y_label: "Commitments" },
    },
  } as unknown as KnownBlock;
}

/** "on track → at risk → off track". */
function pathText(path: readonly StatusKey[]): string {
  return path.map((k) => STATUS_WORDS[k]).join(" → ");
}

/** A list of titles in one line, at most `max` named. */
function titles(items: readonly CommitmentRef[], max: number): string {
  const shownTitles = items.slice(0, max).map((c) => shown(c.title, 60));
  const more = items.length > max ? `, and ${items.length - max} more` : "";
  return `${shownTitles.join(", ")}${more}`;
}

/**
 * Every status move, worst first (docs/definitions.md, "What changed"). First check-ins on track
 * and new commitments are one line each, after the moves that matter, so they never push a real
 * change down.
 */
function changeLines(
  d: Digest,
  max: number = DIGEST_LIMITS.parentListLines,
  ping = true,
): string[] {
  const c = d.changes;
  const firsts = c.moves.filter((m) => m.kind === "first");
  const lines = c.moves
    .filter((m) => m.kind !== "first")
    .map((m) => {
      const to = m.path[m.path.length - 1] ?? "none";
      const late = m.late ? " _(a late check-in for an earlier week)_" : "";
      return `${STATUS_ICONS[to]} ${commitmentLabel(m, ping && to === "off_track")}: ${pathText(m.path)}${late}`;
    });
  if (firsts.length > 0) {
    lines.push(
      `${STATUS_ICONS.on_track} First check-in, on track: ${plural(firsts.length, "commitment")} (${titles(firsts, max)})`,
    );
  }
  if (c.created.length > 0) {
    lines.push(`:new: ${plural(c.created.length, "new commitment")}: ${titles(c.created, max)}`);
  }
  return lines;
}

/**
 * A blocker. With `ping` (the parent's "needing help" list) the person asked to help is
 * @-mentioned while nobody has offered help; elsewhere people are named.
 */
function blockerLine(b: OpenBlockerLine, ping = false): string {
  const helpers = b.helperNames.map((n) => personName(n) ?? "someone");
  const help =
    b.helperUserIds.length > 0
      ? `help offered by ${helpers.join(", ")}`
      : b.couldHelp === null
        ? "no help offered yet"
        : "userId" in b.couldHelp
          ? `could help: ${ping ? mention(b.couldHelp.userId) : (personName(b.couldHelp.name) ?? "someone")}`
          : `could help: ${escapeMrkdwn(truncate(b.couldHelp.organizationName, 40))}`;
  const escalated = b.escalationLevel > 0 ? " :rotating_light: escalated" : "";
  return `• ${escapeMrkdwn(truncate(b.text.replace(/\s+/g, " ").trim(), 200))}: ${shown(
    b.commitment.title,
    60,
  )}, ${plural(b.ageDays, "day")} old, ${help}${escalated}`;
}

function fallbackText(d: Digest): string {
  const h = d.headline;
  return truncate(
    `Weekly digest for ${escapeMrkdwn(truncate(d.partnershipName, 80))}, ${windowLabel(d.window, { inSentence: true })}: ${plural(h.activeCommitments, "active commitment")} (${statusCountsText(h.byStatus, { keys: ["on_track", "at_risk", "off_track"] })}), ${plural(h.openBlockers, "open blocker")}, ${plural(h.gaps, "alignment gap")}.`,
    3000,
  );
}

function parentMessage(d: Digest, chart: boolean): RenderedMessage {
  const max = DIGEST_LIMITS.parentListLines;
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(`Weekly digest: ${d.partnershipName}`, DIGEST_LIMITS.header),
      },
    },
    context(windowLabel(d.window)),
    section(headlineText(d)),
  ];
  // One week has nothing to compare: the chart starts with the second (its figures: the thread).
  if (chart && d.history.length > 1) blocks.push(chartBlock(d.history));
  blocks.push({ type: "divider" });
  const changes = changeLines(d);
  blocks.push(
    ...listSections(
      d.window.sinceLastDigest
        ? "*What changed since the last digest*"
        : d.window.partial
          ? "*What changed so far this week*"
          : "*What changed that week*",
      changes.length === 0
        ? ["No status moved and no commitment was added."]
        : capped(changes, max, "in the thread"),
    ),
  );
  blocks.push(section(gapsSection(d.gaps, { max, more: "in the thread" }).text));
  const needingHelp = d.blockers.open.filter((b) => b.helperUserIds.length === 0);
  blocks.push(
    ...listSections(
      "*Blockers needing help*",
      needingHelp.length === 0
        ? ["None: every open blocker has someone helping."]
        : capped(
            needingHelp.map((b) => blockerLine(b, true)),
            max,
            "in the thread",
          ),
    ),
  );
  blocks.push(
    context(
      "The status mix by week, per-objective detail, every blocker, learnings and decisions are in the thread.",
    ),
  );
  return { text: fallbackText(d), blocks };
}

// ---- the replies ----------------------------------------------------------------------------

/** A commitment under an objective, with its own progress (never the objective's way). */
function commitmentLine(c: CommitmentProgress, objectiveId: number): string {
  const status = STATUS_ICONS[c.status ?? "none"];
  let progress = "";
  if (c.progress !== null) {
    // Under another objective's heading, say which indicator the figure is a value of.
    const of =
      c.measure.kind === "indicator" && c.measure.objectiveId !== objectiveId
        ? `${truncate(c.measure.indicator, 60)}: `
        : "";
    progress = ` · ${escapeMrkdwn(`${of}${ownProgressText(c.progress, c.measure)}`)}`;
  }
  const due = c.dueDate === null ? "" : ` · due ${c.dueDate}`;
  return `${status} ${commitmentLabel(c)}${progress}${due}`;
}

/** Reply sections: one titled list per topic, in reading order. */
function detailSections(d: Digest): { topic: string; blocks: KnownBlock[] }[] {
  const topics: { topic: string; blocks: KnownBlock[] }[] = [];
  if (d.history.length > 0) {
    topics.push({
      topic: "status by week",
      blocks: listSections(
        "*Status mix by week* (the chart's figures)",
        d.history.map(historyLine),
      ),
    });
  }
  const objectives: KnownBlock[] = [];
  for (const o of d.objectives) {
    const c = o.counts;
    const lines = [`*Objective:* ${shown(o.title, 120)}`];
    if (o.indicator?.trim()) {
      const v = o.value;
      const source =
        v === null
          ? ""
          : ` (as of ${v.date}, reported${v.reportedBy?.displayName ? ` by ${escapeMrkdwn(truncate(v.reportedBy.displayName, 60))}` : ""} for ${shown(v.commitment.title, 60)})`;
      lines.push(
        `${escapeMrkdwn(truncate(o.indicator.trim(), 120))}: ${escapeMrkdwn(indicatorSummary(v?.value ?? null, o))}${source}`,
      );
    }
    lines.push(`Commitments: ${statusCountsText(c)}`);
    const title = lines.join("\n");
    objectives.push(
      ...listSections(
        title,
        o.commitments.length === 0
          ? ["_No active commitment serves it._"]
          : o.commitments.map((line) => commitmentLine(line, o.id)),
      ),
    );
  }
  if (objectives.length > 0) topics.push({ topic: "progress by objective", blocks: objectives });

  // What the parent cut short, in full.
  // The thread repeats the lists in full, naming people: the parent already pinged who must act.
  const changes = changeLines(d, Number.POSITIVE_INFINITY, false);
  if (
    changes.length > DIGEST_LIMITS.parentListLines ||
    changes.join("\n") !== changeLines(d, DIGEST_LIMITS.parentListLines, false).join("\n")
  ) {
    topics.push({ topic: "all changes", blocks: listSections("*All changes*", changes) });
  }
  if (gapsSection(d.gaps, { max: DIGEST_LIMITS.parentListLines }).hidden > 0) {
    topics.push({
      topic: "all gaps",
      blocks: listSections(`*${gapsTitle(d.gaps)}*`, gapLines(d.gaps, { ping: false })),
    });
  }

  const blockers: KnownBlock[] = [];
  if (d.blockers.open.length > 0) {
    blockers.push(
      ...listSections(
        "*Open blockers* (oldest first)",
        d.blockers.open.map((b) => blockerLine(b)),
      ),
    );
  }
  if (d.blockers.resolved.length > 0) {
    blockers.push(
      ...listSections(
        "*Resolved this week*",
        d.blockers.resolved.map(
          (b) =>
            `• ${escapeMrkdwn(truncate(b.text.replace(/\s+/g, " ").trim(), 200))}: ${shown(b.commitment.title, 60)}, resolved by ${personName(b.resolvedByName) ?? "someone"}${b.resolution ? `: ${escapeMrkdwn(truncate(b.resolution.replace(/\s+/g, " ").trim(), 300))}` : ""}`,
        ),
      ),
    );
  }
  if (blockers.length > 0) topics.push({ topic: "blockers", blocks: blockers });

  if (d.learnings.length > 0) {
    topics.push({
      topic: "learnings",
      blocks: listSections(
        "*Learnings this week*",
        d.learnings.map(
          (l) =>
            `• ${escapeMrkdwn(truncate(l.text.replace(/\s+/g, " ").trim(), 500))} (${personName(l.author?.displayName) ?? "someone"} on ${shown(l.commitment.title, 60)})`,
        ),
      ),
    });
  }

  const p = d.participation;
  const participation = [
    ...p.organizations.map(
      (o) =>
        `• ${escapeMrkdwn(truncate(o.organizationName, 60))}: ${o.answered} of ${o.sent} answered${o.away > 0 ? ` (${o.away} away)` : ""}`,
    ),
    ...p.silentOwners.map(
      (s) =>
        `• :zzz: ${personName(s.displayName) ?? "an owner"} silent for ${plural(s.silentPeriods, "closed period")} in a row (${plural(s.silentCommitments, "commitment")})`,
    ),
  ];
  if (participation.length > 0) {
    topics.push({ topic: "participation", blocks: listSections("*Participation*", participation) });
  }

  if (d.decisions.due.length > 0) {
    topics.push({
      topic: "decisions",
      blocks: listSections(
        `*Decisions due* (${d.decisions.openTotal} open in all)`,
        d.decisions.due.map(
          (x) =>
            `• ${escapeMrkdwn(truncate(x.text.replace(/\s+/g, " ").trim(), 300))}: ${x.owner ? (personName(x.owner.displayName) ?? "an owner") : "no owner"}, ${x.overdue ? `*overdue* (due ${x.dueDate})` : `due ${x.dueDate}`}`,
        ),
      ),
    });
  }
  return topics;
}

/** Packs the topics into messages of at most 50 blocks (a divider between topics). */
function replyMessages(d: Digest): RenderedMessage[] {
  const messages: { topics: string[]; blocks: KnownBlock[] }[] = [];
  let current: { topics: string[]; blocks: KnownBlock[] } = { topics: [], blocks: [] };
  const room = DIGEST_LIMITS.blocksPerMessage;
  for (const { topic, blocks } of detailSections(d)) {
    const withDivider = current.blocks.length > 0;
    for (const [i, block] of blocks.entries()) {
      const needsDivider = i === 0 && withDivider;
      if (current.blocks.length + (needsDivider ? 2 : 1) > room) {
        messages.push(current);
        current = { topics: [], blocks: [] };
      } else if (needsDivider) {
        current.blocks.push({ type: "divider" });
      }
      if (!current.topics.includes(topic)) current.topics.push(topic);
      current.blocks.push(block);
    }
  }
  if (current.blocks.length > 0) messages.push(current);
  const name = escapeMrkdwn(truncate(d.partnershipName, 80));
  return messages.map((m, i) => ({
    text: `Digest detail for ${name} (${i + 1}/${messages.length}): ${m.topics.join(", ")}`,
    blocks: m.blocks,
  }));
}

/** The digest as one parent message and its thread replies. */
export function renderDigest(digest: Digest, options: { chart: boolean }): RenderedDigest {
  return { parent: parentMessage(digest, options.chart), replies: replyMessages(digest) };
}
