/**
 * Objectives on Slack: the add/edit modal and the `/poc objective list` reply. User text is escaped
 * wherever it lands in mrkdwn; modal inputs and plain_text carry it verbatim.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import type { Objective } from "../../db/schema.js";
import { formatNumber as formatForPeople } from "../../domain/progress.js";
import { LIMITS } from "../../domain/rules.js";
import type { ObjectiveForm, ObjectiveListing } from "../../services/objectives.js";
import { BLOCKS, COMMAND, VIEWS } from "../ids.js";
import { dateInput, numberInput, plain, textInput } from "./inputs.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";

const B = BLOCKS.objective;

/** What travels in the modal's private_metadata. */
export interface ObjectiveMetadata {
  readonly channelId: string;
  readonly objectiveId?: number;
}

/** `/poc objective add` and `/poc objective edit <id>`. */
export function objectiveModal(form: ObjectiveForm, channelId: string): ModalView {
  const v = form.values;
  const metadata: ObjectiveMetadata =
    form.objectiveId === null ? { channelId } : { channelId, objectiveId: form.objectiveId };
  return {
    type: "modal",
    callback_id: VIEWS.objective,
    private_metadata: JSON.stringify(metadata),
    title: plain(form.mode === "create" ? "New objective" : "Edit objective"),
    submit: plain(form.mode === "create" ? "Create" : "Save"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text:
            form.mode === "create"
              ? "A shared goal of the partnership. Commitments name the objectives they serve; the digest shows progress by objective."
              : `Editing objective #${form.objectiveId}. Commitments that serve it keep their links.`,
        },
      },
      textInput(B.title, "Title", {
        initial: v?.title,
        maxLength: LIMITS.objectiveTitle,
        placeholder: "e.g. Safe water for every household in the valley",
      }),
      textInput(B.indicator, "Indicator", {
        initial: v?.indicator,
        maxLength: LIMITS.indicator,
        optional: true,
        placeholder: "e.g. Households with safe water",
        hint: "What is measured. Needed for a baseline or target.",
      }),
      textInput(B.unit, "Unit", {
        initial: v?.unit,
        maxLength: LIMITS.unit,
        optional: true,
        placeholder: "e.g. households, %, km",
      }),
      numberInput(B.baseline, "Baseline", { initial: v?.baseline, optional: true }),
      numberInput(B.target, "Target", { initial: v?.target, optional: true }),
      dateInput(B.targetDate, "Target date", { initial: v?.targetDate, optional: true }),
    ],
  };
}

function formatNumber(n: number | null): string | null {
  return n === null ? null : formatForPeople(n);
}

/** "Households with safe water: 1,200 → 5,000 households by 2027-12-31" (mrkdwn, escaped). */
export function indicatorText(o: Objective): string | null {
  const parts: string[] = [];
  if (o.indicator !== null) parts.push(escapeMrkdwn(truncate(o.indicator, LIMITS.indicator)));
  const baseline = formatNumber(o.baseline);
  const target = formatNumber(o.target);
  if (baseline !== null || target !== null) {
    const unit = o.unit === null ? "" : ` ${escapeMrkdwn(truncate(o.unit, LIMITS.unit))}`;
    const range =
      baseline !== null && target !== null
        ? `${baseline} → ${target}${unit}`
        : baseline !== null
          ? `baseline ${baseline}${unit}`
          : `target ${target}${unit}`;
    parts[0] = parts.length > 0 ? `${parts[0]}: ${range}` : range;
  } else if (o.unit !== null && parts.length > 0) {
    parts[0] = `${parts[0]} (${escapeMrkdwn(truncate(o.unit, LIMITS.unit))})`;
  }
  if (o.targetDate !== null) parts.push(`by ${o.targetDate}`);
  return parts.length === 0 ? null : parts.join(" ");
}

const MAX_SECTION = 3000;
/** Leaves room for a header and a closing context within the 50-block message limit. */
const MAX_LIST_BLOCKS = 45;

/**
 * Packs lines into as few section blocks as fit Slack's 3000-character section limit, stopping at
 * `maxBlocks`; returns the blocks and how many lines did not fit.
 */
export function packLines(
  lines: readonly string[],
  maxBlocks = MAX_LIST_BLOCKS,
): { blocks: KnownBlock[]; omitted: number } {
  const chunks: string[][] = [];
  let size = 0;
  for (const raw of lines) {
    const line = truncate(raw, MAX_SECTION);
    const length = Array.from(line).length;
    const last = chunks.at(-1);
    if (last !== undefined && size + 1 + length <= MAX_SECTION) {
      last.push(line);
      size += 1 + length;
    } else {
      chunks.push([line]);
      size = length;
    }
  }
  const kept = chunks.slice(0, maxBlocks);
  const shown = kept.reduce((n, chunk) => n + chunk.length, 0);
  return {
    blocks: kept.map((chunk) => ({
      type: "section",
      text: { type: "mrkdwn", text: chunk.join("\n") },
    })),
    omitted: lines.length - shown,
  };
}

function commitmentsCount(n: number): string {
  if (n === 0) return "_no active commitment serves it_";
  return n === 1 ? "1 active commitment" : `${n} active commitments`;
}

/** The answer to `/poc objective list [all]`. */
export function objectiveListBlocks(listing: ObjectiveListing): {
  text: string;
  blocks: KnownBlock[];
} {
  const name = truncate(listing.partnershipName, 100);
  const heading = `Objectives of ${name}`;
  if (listing.objectives.length === 0) {
    const text = listing.includeRetired
      ? "This partnership has no objectives yet."
      : `This partnership has no active objectives. A coordinator can add one with \`${COMMAND} objective add\`.`;
    return {
      text,
      blocks: [
        { type: "header", text: plain(heading) },
        { type: "section", text: { type: "mrkdwn", text } },
      ],
    };
  }
  const lines = listing.objectives.map(({ objective: o, activeCommitments }) => {
    const title = `*#${o.id} ${escapeMrkdwn(truncate(o.title, LIMITS.objectiveTitle))}*`;
    const retired = o.state === "retired" ? " _(retired)_" : "";
    const indicator = indicatorText(o);
    const detail = [indicator, commitmentsCount(activeCommitments)].filter(Boolean).join(" · ");
    return `${title}${retired}\n      ${detail}`;
  });
  const { blocks, omitted } = packLines(lines);
  const footer = [
    omitted > 0 ? `…and ${omitted} more.` : null,
    listing.includeRetired ? null : `\`${COMMAND} objective list all\` includes retired ones.`,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    text: `${escapeMrkdwn(heading)}: ${listing.objectives.length}`,
    blocks: [
      { type: "header", text: plain(truncate(heading, 150)) },
      ...blocks,
      ...(footer === ""
        ? []
        : [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: footer }] }]),
    ],
  };
}
