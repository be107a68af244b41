/**
 * Commitments on Slack: the record/edit modal and the `/poc commit list` reply. User text is
 * escaped wherever it lands in mrkdwn; modal inputs and plain_text carry it verbatim.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import { LIMITS } from "../../domain/rules.js";
import { type Cadence, WEEKDAY_NAMES } from "../../domain/types.js";
import type {
  CommitmentForm,
  CommitmentListing,
  CommitmentView,
} from "../../services/commitments.js";
import { BLOCKS, COMMAND, VIEWS } from "../ids.js";
import {
  dateInput,
  multiSelectInput,
  option,
  plain,
  selectInput,
  textInput,
  timeInput,
  userInput,
} from "./inputs.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { packLines } from "./objective.js";
import { weekdayOptions } from "./setup.js";
import { statusLabel } from "./status.js";

const B = BLOCKS.commitment;

/** What travels in the modal's private_metadata. */
export interface CommitmentMetadata {
  readonly channelId: string;
  readonly commitmentId?: number;
}

export const CADENCE_LABELS: Record<Cadence, string> = {
  weekly: "Weekly",
  biweekly: "Every two weeks",
  monthly: "Monthly",
};

/** `/poc commit` and `/poc commit edit <id>`. */
export function commitmentModal(form: CommitmentForm, channelId: string): ModalView {
  const metadata: CommitmentMetadata =
    form.commitmentId === null ? { channelId } : { channelId, commitmentId: form.commitmentId };
  const intro =
    form.mode === "create"
      ? "What one organization promises, owned by one person, who is asked for a short check-in on the cadence below."
      : `Editing commitment #${form.commitmentId}.`;
  const own = form.ownOnly
    ? " As a partner you can record commitments only for yourself and your own organization."
    : "";
  const blocks: ModalView["blocks"] = [
    { type: "section", text: { type: "mrkdwn", text: `${intro}${own}` } },
    textInput(B.title, "Title", {
      initial: form.title,
      maxLength: LIMITS.commitmentTitle,
      placeholder: "e.g. Install 40 water points in the north district",
    }),
    userInput(B.owner, "Owner", { initial: form.ownerUserId }),
    selectInput(
      B.organization,
      "Organization",
      form.organizations.map((o) => option(o.name, String(o.id))),
      {
        initial: form.organizationId === null ? null : String(form.organizationId),
        placeholder: "Which organization promises this",
      },
    ),
  ];
  if (form.objectives.length > 0) {
    blocks.push(
      multiSelectInput(
        B.objectives,
        "Objectives it serves",
        form.objectives.map((o) => option(`#${o.id} ${o.title}`, String(o.id))),
        {
          initial: form.objectiveIds.map(String),
          optional: true,
          placeholder: "Choose objectives",
        },
      ),
    );
  }
  blocks.push(
    dateInput(B.dueDate, "Due date", { initial: form.dueDate, optional: true }),
    selectInput(
      B.cadence,
      "Check-in cadence",
      (Object.keys(CADENCE_LABELS) as Cadence[]).map((c) => option(CADENCE_LABELS[c], c)),
      { initial: form.cadence },
    ),
    selectInput(B.weekday, "Check-in day", weekdayOptions(), {
      initial: String(form.weekday),
      hint: "Monthly check-ins fall on the first such day of each month.",
    }),
    timeInput(B.time, "Check-in time", {
      initial: form.time,
      hint: "In the owner's own time zone.",
    }),
  );
  return {
    type: "modal",
    callback_id: VIEWS.commitment,
    private_metadata: JSON.stringify(metadata),
    title: plain(form.mode === "create" ? "New commitment" : "Edit commitment"),
    submit: plain(form.mode === "create" ? "Create" : "Save"),
    close: plain("Cancel"),
    blocks,
  };
}

/** "Pat Partner" (escaped), or a mention when the name is unknown. */
export function ownerText(view: CommitmentView): string {
  if (view.ownerName !== null && view.ownerName.trim() !== "") {
    return escapeMrkdwn(truncate(view.ownerName, 80));
  }
  return /^[UW][A-Z0-9]+$/.test(view.ownerUserId) ? `<@${view.ownerUserId}>` : "someone";
}

/** "weekly, Thursdays 10:00" */
export function scheduleText(view: CommitmentView): string {
  const c = view.commitment;
  const day = WEEKDAY_NAMES[c.checkInWeekday - 1] ?? "?";
  const when = c.cadence === "monthly" ? `first ${day} of the month` : `${day}s`;
  const cadence = c.cadence === "biweekly" ? "every two weeks" : c.cadence;
  return `${cadence}, ${when} ${c.checkInTime}`;
}

/** "#12 *Install 40 water points*" (escaped). */
export function commitmentName(view: CommitmentView): string {
  return `#${view.commitment.id} *${escapeMrkdwn(truncate(view.commitment.title, LIMITS.commitmentTitle))}*`;
}

/** The answer to `/poc commit list`. */
export function commitmentListBlocks(listing: CommitmentListing): {
  text: string;
  blocks: KnownBlock[];
} {
  const heading = `Commitments of ${truncate(listing.partnershipName, 100)}`;
  if (listing.commitments.length === 0) {
    const text = `No active commitments yet. Record one with \`${COMMAND} commit\`.`;
    return {
      text,
      blocks: [
        { type: "header", text: plain(heading) },
        { type: "section", text: { type: "mrkdwn", text } },
      ],
    };
  }
  const lines = listing.commitments.map((v) => {
    const org = escapeMrkdwn(truncate(v.organizationName, LIMITS.organizationName));
    const due = v.commitment.dueDate === null ? "" : ` · due ${v.commitment.dueDate}`;
    return `${commitmentName(v)}\n      ${ownerText(v)} (${org}) · ${scheduleText(v)}${due} · ${statusLabel(v.commitment.currentStatus)}`;
  });
  const { blocks, omitted } = packLines(lines);
  const footer = [
    omitted > 0 ? `…and ${omitted} more.` : null,
    `\`${COMMAND} commit edit|close|drop &lt;id&gt;\` changes one.`,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    text: `${escapeMrkdwn(heading)}: ${listing.commitments.length} active`,
    blocks: [
      { type: "header", text: plain(truncate(heading, 150)) },
      ...blocks,
      { type: "context", elements: [{ type: "mrkdwn", text: footer }] },
    ],
  };
}
