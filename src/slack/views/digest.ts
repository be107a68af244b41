/**
 * The weekly digest as Slack messages (pure). The parent message is what the channel reads in
 * thirty seconds: headline numbers, the status mix of the last eight weeks as a native chart with
 * the same figures in text beside it, the changes, the gaps and the blockers nobody has offered
 * to help with yet. Detail goes in thread replies: per objective, every open and resolved blocker,
 * the learnings, the participation and the decisions due. Every message stays within Slack's
 * limits (slack-platform.md: 50 blocks, section text 3000, header 150): long lists are cut into
 * several sections and several replies, never one over-long message. All user text is escaped.
 */
import type { KnownBlock } from "@slack/types";
import type {
  CommitmentProgress,
  CommitmentRef,
  Digest,
  HistoryWeek,
  OpenBlockerLine,
  StatusKey,
} from "../../domain/digest.js";
import { escapeMrkdwn, shown, truncate } from "./mrkdwn.js";

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

const STATUS_EMOJI: Readonly<Record<StatusKey, string>> = {
  on_track: ":large_green_circle:",
  at_risk: ":large_yellow_circle:",
  off_track: ":red_circle:",
  done: ":white_check_mark:",
  none: ":white_circle:",
};

const STATUS_LABEL: Readonly<Record<StatusKey, string>> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
  none: "No check-in",
};

const CHART_KEYS: readonly StatusKey[] = ["on_track", "at_risk", "off_track", "done", "none"];

// ---- small pieces ---------------------------------------------------------------------------

/** A Slack user mention, only for well-formed ids (never user text). */
function mention(userId: string | null | undefined): string {
  return userId !== null && userId !== undefined && /^[UW][A-Z0-9]+$/.test(userId)
    ? `<@${userId}>`
    : "someone";
}

function percent(fraction: number | null): string {
  return fraction === null ? "n/a" : `${Math.round(fraction * 100)}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function commitmentLabel(c: CommitmentRef): string {
  return `${shown(c.title, 80)} (${escapeMrkdwn(truncate(c.organizationName, 40))}, ${mention(
    c.owner.slackUserId,
  )})`;
}

/** The week's label on the chart and in the text: "2026-W48". */
export function weekLabel(week: Pick<HistoryWeek, "periodKey">): string {
  return week.periodKey.replace(/^D:/, "");
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
  return [
    `*${plural(h.activeCommitments, "active commitment")}*: ${s.on_track} on track, ${s.at_risk} at risk, ${s.off_track} off track, ${s.done} done, ${s.none} without a check-in`,
    `*Blockers*: ${h.openBlockers} open (${h.escalatedBlockers} escalated)`,
    `*Alignment gaps*: ${h.gaps}`,
    `*Check-ins*: ${h.answered} of ${h.sent} prompts answered`,
  ].join("\n");
}

function historyLine(w: HistoryWeek): string {
  const c = w.counts;
  return `${weekLabel(w)}: ${c.on_track} on track · ${c.at_risk} at risk · ${c.off_track} off track · ${c.done} done · ${c.none} no check-in`;
}

/** The status mix per week as a stacked-looking bar chart, one series per status. */
export function chartBlock(history: readonly HistoryWeek[]): KnownBlock {
  const categories = history.map(weekLabel);
  const series = CHART_KEYS.map((key) => ({
    name: STATUS_LABEL[key],
    data: history.map((w) => ({ label: weekLabel(w), value: w.counts[key] })),
  }));
  // `data_visualization` is newer than @slack/types: built as plain data, validated by the schema.
  return {
    type: "data_visualization",
    block_id: "digest_chart",
    title: "Status mix, last 8 weeks",
    chart: {
      type: "bar",
      series,
      axis_config: { categories, x_label: "Week", y_label: "Commitments" },
    },
  } as unknown as KnownBlock;
}

function changeLines(d: Digest): string[] {
  const c = d.changes;
  return [
    ...c.newlyAtRisk.map(
      (x) =>
        `${STATUS_EMOJI[x.to]} ${commitmentLabel(x)}: now ${STATUS_LABEL[x.to].toLowerCase()} (was ${STATUS_LABEL[x.from].toLowerCase()})`,
    ),
    ...c.recovered.map(
      (x) => `${STATUS_EMOJI.on_track} ${commitmentLabel(x)}: recovered, back on track`,
    ),
    ...c.done.map((x) => `${STATUS_EMOJI.done} ${commitmentLabel(x)}: done`),
    ...c.created.map((x) => `:new: ${commitmentLabel(x)}: new commitment`),
  ];
}

function gapLines(d: Digest): string[] {
  const g = d.gaps;
  return [
    ...g.objectivesWithoutCommitments.map(
      (o) => `• Objective ${shown(o.title, 80)} has no active commitment serving it`,
    ),
    ...g.organizationsWithoutCommitments.map(
      (o) => `• ${shown(o.name, 60)} has no active commitment`,
    ),
    ...g.commitmentsWithoutObjectives.map((c) => `• ${commitmentLabel(c)} serves no objective`),
  ];
}

function blockerLine(b: OpenBlockerLine): string {
  const help =
    b.helperUserIds.length > 0
      ? `help offered by ${b.helperUserIds.map(mention).join(", ")}`
      : b.couldHelp === null
        ? "no help offered yet"
        : "userId" in b.couldHelp
          ? `could help: ${mention(b.couldHelp.userId)}`
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
    `Weekly digest for ${escapeMrkdwn(truncate(d.partnershipName, 80))}, week ending ${d.window.endDate}: ${plural(h.activeCommitments, "active commitment")} (${h.byStatus.on_track} on track, ${h.byStatus.at_risk} at risk, ${h.byStatus.off_track} off track), ${plural(h.openBlockers, "open blocker")}, ${plural(h.gaps, "alignment gap")}.`,
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
    context(`Week ending ${d.window.endDate} · ${weekLabel(d.window)}`),
    section(headlineText(d)),
  ];
  if (chart) blocks.push(chartBlock(d.history));
  blocks.push(
    ...listSections(
      chart ? "*Status mix by week* (the chart's figures)" : "*Status mix by week*",
      d.history.map(historyLine),
    ),
  );
  blocks.push({ type: "divider" });
  const changes = changeLines(d);
  blocks.push(
    ...listSections(
      "*What changed this week*",
      changes.length === 0
        ? ["Nothing changed status this week."]
        : capped(changes, max, "in the thread"),
    ),
  );
  const gaps = gapLines(d);
  blocks.push(
    ...listSections(
      "*Alignment gaps*",
      gaps.length === 0
        ? ["None: every objective and organization has work."]
        : capped(gaps, max, "in the thread"),
    ),
  );
  const needingHelp = d.blockers.open.filter((b) => b.helperUserIds.length === 0);
  blocks.push(
    ...listSections(
      "*Blockers needing help*",
      needingHelp.length === 0
        ? ["None: every open blocker has someone helping."]
        : capped(needingHelp.map(blockerLine), max, "in the thread"),
    ),
  );
  blocks.push(
    context("Per-objective detail, every blocker, learnings and decisions are in the thread."),
  );
  return { text: fallbackText(d), blocks };
}

// ---- the replies ----------------------------------------------------------------------------

function commitmentLine(c: CommitmentProgress): string {
  const status = STATUS_EMOJI[c.status ?? "none"];
  let progress = "";
  if (c.progress !== null) {
    progress =
      c.measure.kind === "percent"
        ? ` · ${Math.round(c.progress)}%`
        : ` · ${c.progress}${c.measure.unit ? ` ${escapeMrkdwn(truncate(c.measure.unit, 20))}` : ""} (${percent(c.towardTarget)} of target)`;
  }
  const due = c.dueDate === null ? "" : ` · due ${c.dueDate}`;
  return `${status} ${commitmentLabel(c)}${progress}${due}`;
}

/** Reply sections: one titled list per topic, in reading order. */
function detailSections(d: Digest): { topic: string; blocks: KnownBlock[] }[] {
  const topics: { topic: string; blocks: KnownBlock[] }[] = [];
  const objectives: KnownBlock[] = [];
  for (const o of d.objectives) {
    const c = o.rollUp.counts;
    const title = `*Objective:* ${shown(o.title, 120)}\nProgress ${percent(o.rollUp.towardTarget)} (over ${plural(o.rollUp.measured, "measured commitment")}) · ${c.on_track} on track, ${c.at_risk} at risk, ${c.off_track} off track, ${c.done} done, ${c.none} no check-in`;
    objectives.push(
      ...listSections(
        title,
        o.commitments.length === 0
          ? ["_No active commitment serves it._"]
          : o.commitments.map(commitmentLine),
      ),
    );
  }
  if (objectives.length > 0) topics.push({ topic: "progress by objective", blocks: objectives });

  // What the parent cut short, in full.
  const changes = changeLines(d);
  if (changes.length > DIGEST_LIMITS.parentListLines) {
    topics.push({ topic: "all changes", blocks: listSections("*All changes*", changes) });
  }
  const gaps = gapLines(d);
  if (gaps.length > DIGEST_LIMITS.parentListLines) {
    topics.push({ topic: "all gaps", blocks: listSections("*All alignment gaps*", gaps) });
  }

  const blockers: KnownBlock[] = [];
  if (d.blockers.open.length > 0) {
    blockers.push(
      ...listSections("*Open blockers* (oldest first)", d.blockers.open.map(blockerLine)),
    );
  }
  if (d.blockers.resolved.length > 0) {
    blockers.push(
      ...listSections(
        "*Resolved this week*",
        d.blockers.resolved.map(
          (b) =>
            `• ${escapeMrkdwn(truncate(b.text.replace(/\s+/g, " ").trim(), 200))}: ${shown(b.commitment.title, 60)}, resolved by ${mention(b.resolvedByUserId)}${b.resolution ? `: ${escapeMrkdwn(truncate(b.resolution.replace(/\s+/g, " ").trim(), 300))}` : ""}`,
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
            `• ${escapeMrkdwn(truncate(l.text.replace(/\s+/g, " ").trim(), 500))} (${mention(l.author?.slackUserId)} on ${shown(l.commitment.title, 60)})`,
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
        `• :zzz: ${mention(s.slackUserId)} silent for ${s.silentPeriods} periods (${plural(s.silentCommitments, "commitment")})`,
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
            `• ${escapeMrkdwn(truncate(x.text.replace(/\s+/g, " ").trim(), 300))}: ${x.owner ? mention(x.owner.slackUserId) : "no owner"}, ${x.overdue ? `*overdue* (due ${x.dueDate})` : `due ${x.dueDate}`}`,
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
