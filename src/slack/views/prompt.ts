/**
 * The check-in prompt as Block Kit (pure): the commitment, its objectives, its last check-in and
 * the four buttons (value: the prompt id); with an outcome, what was recorded instead of the
 * buttons. The same blocks serve the DM, the channel fallback (a mention of the owner first) and
 * the reminder (a short line first). Every piece of user text is escaped and cut to Slack's limits.
 *
 * Progress reads as a percentage, or as the value of the objective's indicator when the commitment
 * serves exactly one objective that has one ("12 wells (target 40)").
 */
import type { ActionsBlock, KnownBlock } from "@slack/types";
import type {
  LastCheckIn,
  ObjectiveLine,
  PromptMessage,
  PromptOutcome,
} from "../../services/ports.js";
import { ACTIONS } from "../ids.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { context, mention, safe, section, slackDate, statusLabel } from "./reading.js";

/** The actions block's id (one per message). */
export const PROMPT_ACTIONS_BLOCK = "prompt_actions";
const MAX_OBJECTIVES_SHOWN = 5;

const CADENCE_LABELS: Record<PromptMessage["commitment"]["cadence"], string> = {
  weekly: "weekly",
  biweekly: "every two weeks",
  monthly: "monthly",
};

export interface PromptBlockOptions {
  /** Put a mention of the owner first (the prompt went to the partnership channel). */
  readonly mention?: boolean;
  /** A line above the prompt (the reminder). */
  readonly lead?: string;
}

function number(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, "");
}

/** The one objective whose indicator the progress measures, if there is exactly one. */
function indicatorOf(prompt: PromptMessage): ObjectiveLine | undefined {
  const measured = prompt.objectives.filter((o) => o.indicator !== null && o.indicator !== "");
  return measured.length === 1 ? measured[0] : undefined;
}

export function progressText(prompt: PromptMessage, progress: number | null): string | undefined {
  if (progress === null) return undefined;
  const objective = indicatorOf(prompt);
  if (objective === undefined) return `${number(progress)}%`;
  const unit = objective.unit ? ` ${safe(objective.unit, 30)}` : "";
  const target = objective.target === null ? "" : ` (target ${number(objective.target)})`;
  return `${number(progress)}${unit}${target}`;
}

function objectiveText(o: ObjectiveLine): string {
  let text = safe(o.title, 120);
  if (o.indicator) {
    const range =
      o.target === null
        ? ""
        : `: ${o.baseline === null ? "" : `${number(o.baseline)} → `}${number(o.target)}`;
    const unit = o.unit ? ` ${safe(o.unit, 30)}` : "";
    text += ` _(${safe(o.indicator, 80)}${range}${range ? unit : ""})_`;
  }
  return text;
}

function checkInLines(prompt: PromptMessage, checkIn: LastCheckIn): string {
  const progress = progressText(prompt, checkIn.progress);
  const lines = [`${statusLabel(checkIn.status)}${progress ? ` · ${progress}` : ""}`];
  if (checkIn.whatMoved) lines.push(`*What moved:* ${safe(checkIn.whatMoved, 800)}`);
  if (checkIn.nextStep) lines.push(`*Next step:* ${safe(checkIn.nextStep, 800)}`);
  return lines.join("\n");
}

function buttons(prompt: PromptMessage): ActionsBlock {
  const value = String(prompt.promptId);
  return {
    type: "actions",
    block_id: PROMPT_ACTIONS_BLOCK,
    elements: [
      {
        type: "button",
        action_id: ACTIONS.promptOnTrack,
        text: { type: "plain_text", text: "On track, no change", emoji: true },
        style: "primary",
        value,
      },
      {
        type: "button",
        action_id: ACTIONS.promptUpdate,
        text: { type: "plain_text", text: "Update", emoji: true },
        value,
      },
      {
        type: "button",
        action_id: ACTIONS.promptSnooze,
        text: { type: "plain_text", text: "Snooze", emoji: true },
        value,
      },
      {
        type: "button",
        action_id: ACTIONS.promptAway,
        text: { type: "plain_text", text: "I'm away", emoji: true },
        value,
      },
    ],
  };
}

function outcomeBlocks(prompt: PromptMessage, outcome: PromptOutcome): KnownBlock[] {
  switch (outcome.kind) {
    case "recorded":
      return [
        section(
          `:white_check_mark: *Recorded*${outcome.edited ? " (edited)" : ""}, ${slackDate(outcome.checkIn.at)}\n${checkInLines(prompt, outcome.checkIn)}`,
        ),
      ];
    case "snoozed":
      return [
        context(
          `:zzz: Snoozed. I will ask again ${slackDate(outcome.until, "{date_short_pretty} at {time}")}.`,
        ),
      ];
    case "away":
      return [
        context(
          `:palm_tree: Away until ${safe(outcome.until, 10)}: no check-ins until then, and you do not count as silent.`,
        ),
      ];
    case "closed":
      return [context(":lock: This commitment is closed: no more check-ins.")];
  }
}

export function promptBlocks(
  prompt: PromptMessage,
  outcome?: PromptOutcome,
  options: PromptBlockOptions = {},
): KnownBlock[] {
  const c = prompt.commitment;
  const blocks: KnownBlock[] = [];
  if (options.mention) {
    blocks.push(
      section(
        `${mention(prompt.ownerUserId, null)} I could not reach you by direct message, so here is your check-in.`,
      ),
    );
  }
  if (options.lead) blocks.push(section(options.lead));
  const facts = [
    safe(c.organizationName, 80),
    safe(prompt.partnershipName, 80),
    CADENCE_LABELS[c.cadence],
    ...(c.dueDate ? [`due ${safe(c.dueDate, 10)}`] : []),
  ];
  blocks.push(
    section(
      `:memo: *Check-in:* ${safe(c.title, 200)}\n${facts.join(" · ")}\nFor the period from ${slackDate(prompt.dueAt)}.`,
    ),
  );
  if (prompt.objectives.length > 0) {
    const shown = prompt.objectives.slice(0, MAX_OBJECTIVES_SHOWN).map(objectiveText);
    const more = prompt.objectives.length - shown.length;
    blocks.push(context(`Serves: ${shown.join(" · ")}${more > 0 ? ` · and ${more} more` : ""}`));
  }
  blocks.push(
    prompt.last === null
      ? context("No check-in yet: this will be the first.")
      : section(
          `*Last check-in*, ${slackDate(prompt.last.at)}\n${checkInLines(prompt, prompt.last)}`,
        ),
  );
  if (outcome === undefined) blocks.push(buttons(prompt));
  else blocks.push(...outcomeBlocks(prompt, outcome));
  return blocks;
}

/** The notification text (and what clients without blocks show). */
export function promptText(prompt: PromptMessage, options: PromptBlockOptions = {}): string {
  const title = escapeMrkdwn(truncate(prompt.commitment.title.replace(/\s+/g, " "), 150));
  const lead = options.mention ? `${mention(prompt.ownerUserId, null)} ` : "";
  return `${lead}Check-in: ${title}`;
}
