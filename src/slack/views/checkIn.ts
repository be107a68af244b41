/**
 * The check-in modal, the `/poc checkin` picker and the "who could help" select (shared with the
 * blocker modal). At most six input blocks (status, progress, what moved, next step, blocker,
 * learning); "who could help" is a section with a select accessory, not an input, so its value
 * arrives in view.state.values[block][ACTIONS.couldHelpSelect] on submit. User text goes into
 * plain_text inputs verbatim and into mrkdwn escaped.
 */
import type { KnownBlock, ModalView, PlainTextOption, SectionBlock } from "@slack/types";
import { formatNumber } from "../../domain/progress.js";
import { LIMITS } from "../../domain/rules.js";
import { STATUSES } from "../../domain/types.js";
import type {
  CheckInForm,
  CheckInRecorded,
  PickableCommitment,
  ProgressMode,
} from "../../services/checkins/types.js";
import type { CouldHelpChoices } from "../../services/couldHelp.js";
import { ACTIONS, BLOCKS, VIEWS } from "../ids.js";
import { type Reply, reply } from "../replies.js";
import { numberInput, option, plain, selectInput, textInput } from "./inputs.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { statusChoice } from "./status.js";

const B = BLOCKS.checkIn;

/** What travels in the check-in modal's private_metadata (checked again on submit). */
export interface CheckInMetadata {
  readonly promptId?: number;
  readonly commitmentId: number;
  readonly periodKey: string;
  /** Where `/poc checkin` was typed, for the confirmation; absent from a prompt. */
  readonly channelId?: string;
}

/** Slack: at most 100 options per group. */
const MAX_GROUP_OPTIONS = 100;

/** "the week of 2026-03-12", "the two weeks from 2026-03-12", "the month 2026-03". */
export function periodLabel(periodKey: string): string {
  const [kind, date] = [periodKey.slice(0, 1), periodKey.slice(2)];
  if (kind === "W") return `the week of ${date}`;
  if (kind === "B") return `the two weeks from ${date}`;
  if (kind === "M") return `the month ${date}`;
  return periodKey;
}

/**
 * "Who could help": a section with a static_select accessory whose option groups are the
 * partnership's people and organizations (values `user:U…` / `org:<id>`). Undefined when there is
 * nobody to offer.
 */
export function couldHelpSection(
  blockId: string,
  text: string,
  choices: CouldHelpChoices,
  initial: string | null,
): SectionBlock | undefined {
  const groups = [
    {
      label: plain("People"),
      options: choices.people
        .slice(0, MAX_GROUP_OPTIONS)
        .map((p) => option(p.name, `user:${p.userId}`)),
    },
    {
      label: plain("Organizations"),
      options: choices.organizations
        .slice(0, MAX_GROUP_OPTIONS)
        .map((o) => option(o.name, `org:${o.id}`)),
    },
  ].filter((g) => g.options.length > 0);
  if (groups.length === 0) return undefined;
  const selected = groups
    .flatMap((g) => g.options)
    .find((o: PlainTextOption) => initial !== null && o.value === initial);
  return {
    type: "section",
    block_id: blockId,
    text: { type: "mrkdwn", text },
    accessory: {
      type: "static_select",
      action_id: ACTIONS.couldHelpSelect,
      placeholder: plain("A person or organization"),
      option_groups: groups,
      ...(selected ? { initial_option: selected } : {}),
    },
  };
}

function progressLabel(mode: ProgressMode): { label: string; hint: string } {
  if (mode.kind === "percent") {
    return { label: "Progress (%)", hint: "Percent of the commitment delivered, 0 to 100." };
  }
  const unit = mode.unit === null ? "" : ` (${mode.unit})`;
  const range = [
    mode.baseline === null ? null : `baseline ${formatNumber(mode.baseline)}`,
    mode.target === null ? null : `target ${formatNumber(mode.target)}`,
  ]
    .filter(Boolean)
    .join(", ");
  return {
    label: truncate(`Progress: ${mode.indicator}${unit}`, 150),
    hint: truncate(
      `The current value of the indicator of "${mode.objectiveTitle}"${range ? `; ${range}` : ""}.`,
      150,
    ),
  };
}

/** The check-in modal: prefilled from the period's check-in when editing, else the last one. */
export function checkInModal(form: CheckInForm, channelId?: string): ModalView {
  const metadata: CheckInMetadata = {
    ...(form.promptId === null ? {} : { promptId: form.promptId }),
    commitmentId: form.commitmentId,
    periodKey: form.periodKey,
    ...(channelId === undefined ? {} : { channelId }),
  };
  const i = form.initial;
  const title = escapeMrkdwn(truncate(form.commitmentTitle, LIMITS.commitmentTitle));
  const org = escapeMrkdwn(truncate(form.organizationName, LIMITS.organizationName));
  const what = form.editing
    ? `You are editing your check-in for ${periodLabel(form.periodKey)}.`
    : form.late
      ? `This answers ${periodLabel(form.periodKey)}, which has ended.`
      : `For ${periodLabel(form.periodKey)}.`;
  const objectives =
    form.objectives.length === 0
      ? ""
      : `\nServes: ${form.objectives.map((o) => escapeMrkdwn(truncate(o, 80))).join(" · ")}`;
  const progress = progressLabel(form.progress);
  const percent = form.progress.kind === "percent";
  const initialProgress =
    i.progress === null || (percent && (i.progress < 0 || i.progress > 100)) ? null : i.progress;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*${title}* (${org})\n${what}${objectives}`, 3000) },
    },
    selectInput(
      B.status,
      "Status",
      STATUSES.map((s) => option(statusChoice(s), s)),
      { initial: i.status, placeholder: "How is it going?" },
    ),
    numberInput(B.progress, progress.label, {
      initial: initialProgress,
      optional: true,
      hint: progress.hint,
      ...(percent ? { min: 0, max: 100 } : {}),
    }),
    textInput(B.whatMoved, "What moved since last time", {
      initial: i.whatMoved,
      maxLength: LIMITS.checkInText,
      multiline: true,
      optional: true,
    }),
    textInput(B.nextStep, "Next step", {
      initial: i.nextStep,
      maxLength: LIMITS.checkInText,
      optional: true,
    }),
    textInput(B.blocker, "Blocker", {
      initial: i.blocker,
      maxLength: LIMITS.checkInText,
      multiline: true,
      optional: true,
      hint: "Anything stopping you? It is posted in the partnership channel so others can help.",
    }),
  ];
  const couldHelp = couldHelpSection(
    B.couldHelp,
    "*Who could help* with the blocker? (optional)",
    form.choices,
    i.couldHelp,
  );
  if (couldHelp) blocks.push(couldHelp);
  blocks.push(
    textInput(B.learning, "Learning", {
      initial: i.learning,
      maxLength: LIMITS.checkInText,
      multiline: true,
      optional: true,
      hint: "Something the other partners should know. It goes into the digest.",
    }),
  );
  return {
    type: "modal",
    callback_id: VIEWS.checkIn,
    private_metadata: JSON.stringify(metadata),
    title: plain(form.editing ? "Edit check-in" : "Check-in"),
    submit: plain(form.editing ? "Save" : "Record"),
    close: plain("Cancel"),
    blocks,
  };
}

/** Slack: 50 blocks a message; one header, one closing context, one section per commitment. */
const MAX_PICKS = 47;

/** `/poc checkin` when the caller owns several commitments: one button per commitment. */
export function checkInPicker(commitments: readonly PickableCommitment[]): Reply {
  const partnerships = new Set(commitments.map((c) => c.partnershipName)).size;
  const shown = commitments.slice(0, MAX_PICKS);
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: "You own several commitments. Which one do you check in on?" },
    },
    ...shown.map(
      (c): KnownBlock => ({
        type: "section",
        text: {
          type: "mrkdwn",
          text: truncate(
            `#${c.id} *${escapeMrkdwn(truncate(c.title, LIMITS.commitmentTitle))}*\n${escapeMrkdwn(truncate(c.organizationName, LIMITS.organizationName))}${partnerships > 1 ? ` · ${escapeMrkdwn(truncate(c.partnershipName, 80))}` : ""}`,
            3000,
          ),
        },
        accessory: {
          type: "button",
          action_id: ACTIONS.checkInPick,
          text: plain("Check in"),
          value: String(c.id),
        },
      }),
    ),
  ];
  if (commitments.length > shown.length) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `…and ${commitments.length - shown.length} more: \`/poc mine\` lists them all.`,
        },
      ],
    });
  }
  return reply(`You own ${commitments.length} commitments: pick one to check in on.`, blocks);
}

/** The ephemeral confirmation after the modal, when no prompt message shows the result. */
export function checkInConfirmation(recorded: CheckInRecorded): string {
  const title = escapeMrkdwn(truncate(recorded.commitmentTitle, LIMITS.commitmentTitle));
  const verb = recorded.created ? "recorded" : "updated";
  const closed = recorded.closed ? " The commitment is closed as done." : "";
  const blocker =
    recorded.blockerId === null
      ? ""
      : ` Blocker #${recorded.blockerId} is in the partnership channel.`;
  return `:white_check_mark: Check-in on *${title}* ${verb} for ${periodLabel(recorded.periodKey)}.${closed}${blocker}`;
}
