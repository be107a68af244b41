/**
 * The check-in prompt as Block Kit (pure): the commitment, its objectives, its last check-in and
 * the four buttons (value: the prompt id); with an outcome, what happened instead of the
 * buttons (a recorded check-in also takes the last check-in's place, so it shows once). The same
 * blocks serve the DM, the channel fallback (a mention of the owner first) and the reminder (a
 * short line first). Every piece of user text is escaped and cut to Slack's limits.
 *
 * Progress reads as a percentage, or as the value of the objective's indicator when the commitment
 * serves exactly one objective that has one ("12 of 40 wells (baseline 0)"): the owner's own
 * figure, worded by `ownProgressText` (docs/definitions.md).
 */
import type { ActionsBlock, KnownBlock } from "@slack/types";
import { formatNumber, measuredObjective, ownProgressText } from "../../domain/progress.js";
import type {
  LastCheckIn,
  ObjectiveLine,
  PromptMessage,
  PromptOutcome,
} from "../../services/ports.js";
import { ACTIONS } from "../ids.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { context, mention, safe, section, slackDate } from "./reading.js";
import { statusLabel } from "./status.js";

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

export function progressText(prompt: PromptMessage, progress: number | null): string | undefined {
  if (progress === null) return undefined;
  const objective = measuredObjective(prompt.objectives);
  return escapeMrkdwn(
    ownProgressText(
      progress,
      objective === undefined ? { kind: "percent" } : { kind: "indicator", ...objective },
    ),
  );
}

function objectiveText(o: ObjectiveLine): string {
  let text = safe(o.title, 120);
  if (o.indicator) {
    const range =
      o.target === null
        ? ""
        : `: ${o.baseline === null ? "target " : `${formatNumber(o.baseline)} → `}${formatNumber(o.target)}`;
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
  // Once answered, the newest check-in is the one just recorded: "Recorded" shows it, once.
  if (outcome?.kind !== "recorded") {
    blocks.push(
      prompt.last === null
        ? context("No check-in yet: this will be the first.")
        : section(
            `*Last check-in*, ${slackDate(prompt.last.at)}\n${checkInLines(prompt, prompt.last)}`,
          ),
    );
  }
  if (outcome === undefined) blocks.push(buttons(prompt));
  else blocks.push(...outcomeBlocks(prompt, outcome));
  return blocks;
}

function titleText(prompt: PromptMessage): string {
  return escapeMrkdwn(truncate(prompt.commitment.title.replace(/\s+/g, " "), 150));
}

/** The notification text (and what clients without blocks show). */
export function promptText(prompt: PromptMessage, options: PromptBlockOptions = {}): string {
  const lead = options.mention ? `${mention(prompt.ownerUserId, null)} ` : "";
  return `${lead}Check-in: ${titleText(prompt)}`;
}

/** The notification text of a reply in the prompt's thread: the reminder, or the snooze ending. */
export function reminderText(
  prompt: PromptMessage,
  kind: "reminder" | "snoozed",
  options: PromptBlockOptions = {},
): string {
  const lead = options.mention ? `${mention(prompt.ownerUserId, null)} ` : "";
  const title = titleText(prompt);
  return kind === "snoozed"
    ? `${lead}Snooze over: your check-in on ${title} is open again`
    : `${lead}Reminder: your check-in on ${title} is still open`;
}
