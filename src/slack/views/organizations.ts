/**
 * What `/poc org …` answers: short confirmations and the list of organizations. Every name is
 * user text and passes through escapeMrkdwn; lists stay within Slack's 50 blocks per message and
 * 3,000 characters per section however many rows there are.
 */
import type { KnownBlock } from "@slack/types";
import type { Organization } from "../../db/schema.js";
import { SECTOR_LABELS } from "../../domain/rules.js";
import type { OrganizationRow } from "../../services/organizations.js";
import { type Reply, reply } from "../replies.js";
import { escapeMrkdwn, plural, truncate } from "./mrkdwn.js";

/** Slack allows 50 blocks per message; one stays free for a "more" note. */
const MAX_BLOCKS = 50;
const SECTION_CHARS = 3000;
/** Beyond this many rows, rows share sections so the list still fits in 50 blocks. */
export const ROWS_PER_SECTION_THRESHOLD = 40;

/** A name in bold, escaped; `*` inside would end the bold early, so such names go in a code span. */
export function bold(text: string, max = 75): string {
  const safe = escapeMrkdwn(truncate(text.replace(/\s+/g, " ").trim(), max));
  return safe.includes("*") ? `\`${safe.replace(/`/g, "'")}\`` : `*${safe}*`;
}

/**
 * A header, then the rows (already escaped mrkdwn): one section each while there are few; packed
 * several to a section beyond ROWS_PER_SECTION_THRESHOLD; cut with a note if even that overflows.
 */
export function listBlocks(title: string, rows: readonly string[], empty: string): KnownBlock[] {
  const header: KnownBlock = {
    type: "header",
    text: { type: "plain_text", text: truncate(title, 150), emoji: true },
  };
  if (rows.length === 0)
    return [header, { type: "section", text: { type: "mrkdwn", text: empty } }];
  const fitted = rows.map((r) => truncate(r, SECTION_CHARS));
  const texts: string[] = [];
  if (fitted.length <= ROWS_PER_SECTION_THRESHOLD) {
    texts.push(...fitted);
  } else {
    let current = "";
    for (const row of fitted) {
      const joined = current === "" ? row : `${current}\n${row}`;
      if (Array.from(joined).length > SECTION_CHARS) {
        texts.push(current);
        current = row;
      } else {
        current = joined;
      }
    }
    if (current !== "") texts.push(current);
  }
  const room = MAX_BLOCKS - 2; // the header, and a note if rows are left out
  const shown = texts.slice(0, room);
  const blocks: KnownBlock[] = [
    header,
    ...shown.map((text): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } })),
  ];
  if (texts.length > room) {
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", text: "The list is too long to show in full here; the rest is cut." },
      ],
    });
  }
  return blocks;
}

export function organizationLabel(org: Organization): string {
  return `${bold(org.name)} (${SECTOR_LABELS[org.sector]})`;
}

export function organizationAdded(org: Organization, restored: boolean): Reply {
  return reply(
    restored
      ? `:white_check_mark: Added ${organizationLabel(org)} back; it had been removed.`
      : `:white_check_mark: Added ${organizationLabel(org)}.`,
  );
}

export function organizationRenamed(before: Organization, after: Organization): Reply {
  return reply(`:white_check_mark: Renamed ${bold(before.name)} to ${bold(after.name)}.`);
}

export function organizationRemoved(org: Organization): Reply {
  return reply(
    `:white_check_mark: Removed ${organizationLabel(org)}. Adding the same name again brings it back.`,
  );
}

export function organizationListMessage(
  partnershipName: string,
  rows: readonly OrganizationRow[],
): Reply {
  const lines = rows.map(
    (r) =>
      `${organizationLabel(r.organization)} · ${plural(r.activeMembers, "active member")} · ${plural(r.openCommitments, "open commitment")}`,
  );
  const title = `Organizations of ${partnershipName}`;
  const text =
    rows.length === 0
      ? `${escapeMrkdwn(title)}: none yet.`
      : `${escapeMrkdwn(title)}: ${plural(rows.length, "organization")}.`;
  return reply(
    text,
    listBlocks(
      title,
      lines,
      "No organizations yet. Add one with `/poc org add &lt;name&gt; [sector]`.",
    ),
  );
}
