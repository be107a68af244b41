/**
 * Decisions on Slack: the `/poc decision add` modal and the `/poc decision list` reply. User text
 * is escaped wherever it lands in mrkdwn.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import { DECISION_TEXT_MAX, type DecisionListing } from "../../services/decisions.js";
import { BLOCKS, COMMAND, VIEWS } from "../ids.js";
import { dateInput, plain, textInput, userInput } from "./inputs.js";
import { escapeMrkdwn, plural, truncate } from "./mrkdwn.js";

const B = BLOCKS.decision;

export interface DecisionMetadata {
  readonly channelId: string;
}

export function decisionModal(partnershipName: string, channelId: string): ModalView {
  const metadata: DecisionMetadata = { channelId };
  return {
    type: "modal",
    callback_id: VIEWS.decision,
    private_metadata: JSON.stringify(metadata),
    title: plain("Record a decision"),
    submit: plain("Record"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `A decision of *${escapeMrkdwn(truncate(partnershipName, 150))}*. Open decisions appear in digests and agendas until someone marks them done.`,
        },
      },
      textInput(B.text, "Decision", {
        multiline: true,
        maxLength: DECISION_TEXT_MAX,
        placeholder: "e.g. River NGO leads the spring survey",
      }),
      userInput(B.owner, "Owner", { optional: true, hint: "Who follows it up (a member)." }),
      dateInput(B.dueDate, "Due date", { optional: true }),
    ],
  };
}

/** Keeps a list reply within one message's 50 blocks. */
const MAX_LISTED = 45;

export function decisionListBlocks(listing: DecisionListing): {
  text: string;
  blocks: KnownBlock[];
} {
  const name = escapeMrkdwn(truncate(listing.partnershipName, 150));
  if (listing.decisions.length === 0) {
    const text = `*${name}* has no open decisions. A coordinator records one with \`${COMMAND} decision add\`.`;
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const head = `*Open decisions of ${name}* (${listing.decisions.length})`;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: head } }];
  for (const d of listing.decisions.slice(0, MAX_LISTED)) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: decisionLine(d, listing.today) },
    });
  }
  if (listing.decisions.length > MAX_LISTED) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `…and ${listing.decisions.length - MAX_LISTED} more (\`${COMMAND} export\` has them all).`,
        },
      ],
    });
  }
  return { text: `${plural(listing.decisions.length, "open decision")} of ${name}`, blocks };
}

/** "#3 Text — owner <@U1>, due 2026-12-01 (overdue)". */
export function decisionLine(
  d: {
    id: number;
    text: string;
    ownerSlackUserId: string | null;
    dueDate: string | null;
  },
  today: string,
): string {
  const parts = [`*#${d.id}* ${escapeMrkdwn(truncate(d.text, 2500))}`];
  const meta: string[] = [];
  meta.push(d.ownerSlackUserId ? `owner <@${d.ownerSlackUserId}>` : "no owner");
  if (d.dueDate !== null) {
    meta.push(d.dueDate < today ? `due ${d.dueDate} :warning: *overdue*` : `due ${d.dueDate}`);
  } else {
    meta.push("no due date");
  }
  return `${parts.join("")}\n${meta.join(" · ")}`;
}
