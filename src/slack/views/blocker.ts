/**
 * Blockers on Slack: the channel message with *I can help* and *Resolve*, the `/poc blocker add`
 * and resolution modals, and the `/poc blockers` list. User text (the blocker, the resolution,
 * names) is escaped wherever it lands in mrkdwn; ids we control become mentions.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import { LIMITS } from "../../domain/rules.js";
import type {
  BlockerAddForm,
  BlockerListing,
  OpenBlockerLine,
  ResolveForm,
} from "../../services/blockers.js";
import type { BlockerMessage } from "../../services/ports.js";
import { ACTIONS, BLOCKS, COMMAND, VIEWS } from "../ids.js";
import { type Reply, reply } from "../replies.js";
import { couldHelpSection } from "./checkIn.js";
import { option, plain, selectInput, textInput } from "./inputs.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { packLines } from "./objective.js";
import { mention, slackDate } from "./reading.js";

const MAX_SECTION = 3000;

/** User text escaped for mrkdwn, cut (before escaping, so no entity is split) to fit `max`. */
export function escapedWithin(text: string, max: number): string {
  let raw = text;
  let out = escapeMrkdwn(raw);
  while (Array.from(out).length > max) {
    raw = truncate(raw, Math.max(1, Math.floor(Array.from(raw).length * 0.8)));
    out = escapeMrkdwn(raw);
  }
  return out;
}

/** One line of user text, escaped. */
function line(text: string, max: number): string {
  return escapeMrkdwn(truncate(text.replace(/\s+/g, " ").trim(), max));
}

function couldHelpText(
  couldHelp: { readonly userId: string } | { readonly organizationName: string } | null,
): string | null {
  if (couldHelp === null) return null;
  if ("userId" in couldHelp) return mention(couldHelp.userId, null);
  return `*${line(couldHelp.organizationName, LIMITS.organizationName)}*`;
}

/**
 * The notification text of a blocker message (escaped: Slack reads it as mrkdwn too): whose work
 * is blocked, or who resolved it, and on what.
 */
export function blockerText(b: BlockerMessage): string {
  const what = `Blocker #${b.blockerId} on ${line(b.commitmentTitle, 80)}`;
  const who =
    b.resolved === null
      ? ` (owner ${mention(b.ownerUserId, null)})`
      : ` resolved by ${mention(b.resolved.byUserId, null)}`;
  return `${what}${who}: ${line(b.text, 200)}`;
}

/** The blocker as posted in the partnership channel; resolved ones lose their buttons. */
export function blockerBlocks(b: BlockerMessage): KnownBlock[] {
  const icon = b.resolved === null ? ":construction:" : ":white_check_mark:";
  const title = line(b.commitmentTitle, LIMITS.commitmentTitle);
  const org = line(b.organizationName, LIMITS.organizationName);
  const facts = [
    `Owner: ${mention(b.ownerUserId, null)}`,
    `raised ${slackDate(b.raisedAt, "{date_short_pretty}")}`,
  ];
  const could = couldHelpText(b.couldHelp);
  if (could !== null) facts.push(`who could help: ${could}`);
  if (b.helperUserIds.length > 0) {
    facts.push(`helping: ${b.helperUserIds.map((id) => mention(id, null)).join(", ")}`);
  }
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `${icon} *Blocker #${b.blockerId}* on *${title}* (${org})${b.resolved === null ? "" : " · resolved"}`,
          MAX_SECTION,
        ),
      },
    },
    { type: "section", text: { type: "mrkdwn", text: escapedWithin(b.text, MAX_SECTION) } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(facts.join(" · "), MAX_SECTION) }],
    },
  ];
  if (b.resolved === null) {
    blocks.push({
      type: "actions",
      block_id: `blocker_${b.blockerId}`,
      elements: [
        {
          type: "button",
          action_id: ACTIONS.blockerHelp,
          text: plain("I can help"),
          style: "primary",
          value: String(b.blockerId),
        },
        {
          type: "button",
          action_id: ACTIONS.blockerResolve,
          text: plain("Resolve"),
          value: String(b.blockerId),
        },
      ],
    });
  } else {
    const lead = `:white_check_mark: Resolved by ${mention(b.resolved.byUserId, null)} ${slackDate(b.resolved.at, "{date_short_pretty}")}: `;
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${lead}${escapedWithin(b.resolved.resolution, MAX_SECTION - lead.length)}`,
      },
    });
  }
  return blocks;
}

/** What travels in the `/poc blocker add` modal's private_metadata. */
export interface BlockerAddMetadata {
  readonly channelId: string;
}

export function blockerAddModal(form: BlockerAddForm): ModalView {
  const metadata: BlockerAddMetadata = { channelId: form.channelId };
  const options = form.commitments.map((c) =>
    option(
      form.ownOnly
        ? `#${c.id} ${c.title} (${c.organizationName})`
        : `#${c.id} ${c.title} (${c.ownerName}, ${c.organizationName})`,
      String(c.id),
    ),
  );
  const only = form.commitments.length === 1 ? form.commitments[0] : undefined;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Something stopping a commitment of *${line(form.partnershipName, 80)}*? It is posted in the partnership channel so others can offer help.`,
      },
    },
    selectInput(BLOCKS.blockerAdd.commitment, "Commitment it blocks", options, {
      initial: only === undefined ? null : String(only.id),
      placeholder: form.ownOnly ? "One of your commitments" : "Any active commitment",
    }),
    textInput(BLOCKS.blockerAdd.text, "What is blocking it", {
      maxLength: LIMITS.checkInText,
      multiline: true,
    }),
  ];
  const couldHelp = couldHelpSection(
    BLOCKS.blockerAdd.couldHelp,
    "*Who could help?* (optional)",
    form.choices,
    null,
  );
  if (couldHelp) blocks.push(couldHelp);
  return {
    type: "modal",
    callback_id: VIEWS.blockerAdd,
    private_metadata: JSON.stringify(metadata),
    title: plain("Raise a blocker"),
    submit: plain("Raise"),
    close: plain("Cancel"),
    blocks,
  };
}

/** What travels in the resolution modal's private_metadata. */
export interface BlockerResolveMetadata {
  readonly blockerId: number;
}

export function blockerResolveModal(form: ResolveForm): ModalView {
  const metadata: BlockerResolveMetadata = { blockerId: form.blockerId };
  return {
    type: "modal",
    callback_id: VIEWS.blockerResolve,
    private_metadata: JSON.stringify(metadata),
    title: plain("Resolve blocker"),
    submit: plain("Resolve"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: truncate(
            `*Blocker #${form.blockerId}* on *${line(form.commitmentTitle, LIMITS.commitmentTitle)}*:\n${escapedWithin(form.text, 2500)}`,
            MAX_SECTION,
          ),
        },
      },
      textInput(BLOCKS.blockerResolve.resolution, "How was it resolved?", {
        maxLength: LIMITS.checkInText,
        multiline: true,
        hint: "A short note for the partnership: it is shown on the blocker and in the digest.",
      }),
    ],
  };
}

function ageText(days: number): string {
  if (days === 0) return "raised today";
  return days === 1 ? "1 day old" : `${days} days old`;
}

function listLine(b: OpenBlockerLine): string {
  const facts = [
    `#${b.commitmentId} *${line(b.commitmentTitle, 80)}*`,
    line(b.organizationName, LIMITS.organizationName),
    `owner ${mention(b.ownerUserId, null)}`,
    ageText(b.ageDays),
  ];
  const could = couldHelpText(b.couldHelp);
  if (could !== null) facts.push(`could help: ${could}`);
  facts.push(
    b.helperUserIds.length === 0
      ? "no helper yet"
      : `helping: ${b.helperUserIds.map((id) => mention(id, null)).join(", ")}`,
  );
  if (b.escalationLevel > 0) facts.push(`escalated ×${b.escalationLevel}`);
  return `:construction: *#${b.id}* ${line(b.text, 300)}\n      ${facts.join(" · ")}`;
}

/** `/poc blockers`: oldest first, within 50 blocks. */
export function blockerListMessage(listing: BlockerListing): Reply {
  const heading = `Open blockers of ${truncate(listing.partnershipName, 100)}`;
  const add = `\`${COMMAND} blocker add\` raises one.`;
  if (listing.blockers.length === 0) {
    const text = `:tada: No open blockers. ${add}`;
    return reply(text, [
      { type: "header", text: plain(heading) },
      { type: "section", text: { type: "mrkdwn", text } },
    ]);
  }
  const { blocks, omitted } = packLines(listing.blockers.map(listLine));
  const footer = [omitted > 0 ? `…and ${omitted} more.` : null, add].filter(Boolean).join(" ");
  return reply(`${escapeMrkdwn(heading)}: ${listing.blockers.length}`, [
    { type: "header", text: plain(truncate(heading, 150)) },
    ...blocks,
    { type: "context", elements: [{ type: "mrkdwn", text: footer }] },
  ]);
}
