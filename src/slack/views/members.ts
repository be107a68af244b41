/**
 * What `/poc member …` answers: confirmations and the members grouped by organization, with role
 * and time zone. Names are user text (from Slack profiles) and are escaped like any other.
 */
import type { Member, Organization } from "../../db/schema.js";
import { SECTOR_LABELS } from "../../domain/rules.js";
import type { Role } from "../../domain/types.js";
import type { AddMemberResult, MemberListing } from "../../services/members.js";
import { type Reply, reply } from "../replies.js";
import { escapeMrkdwn, plural, truncate } from "./mrkdwn.js";
import { bold, listBlocks } from "./organizations.js";

const SECTION_CHARS = 3000;

/** The member's stored name in bold, or a mention of their id when Slack gave no name. */
export function memberLabel(member: Member): string {
  return member.displayName ? bold(member.displayName, 60) : `<@${member.slackUserId}>`;
}

function organizationText(org: Organization | null): string {
  return org ? bold(org.name) : "no organization";
}

function roleWithOrganization(role: Role, org: Organization | null): string {
  return `${role}, ${organizationText(org)}`;
}

export function memberAdded(result: AddMemberResult): Reply {
  const { member, organization } = result;
  const label = memberLabel(member);
  const what = roleWithOrganization(member.role, organization);
  if (result.outcome === "already") {
    return reply(
      `:information_source: ${label} is already a member (${what}); nothing was changed. Change their role with \`/poc member role @user &lt;role&gt;\` or their organization with \`/poc member move @user &lt;organization&gt;\`.`,
    );
  }
  const zone = member.timeZone
    ? ` Their check-ins follow ${escapeMrkdwn(member.timeZone)}.`
    : " Slack has no time zone for them, so the partnership's zone is used.";
  const external = member.isExternal ? " They join from another organization's workspace." : "";
  const verb = result.outcome === "restored" ? "Added back" : "Added";
  return reply(`:white_check_mark: ${verb} ${label} (${what}).${zone}${external}`);
}

export function memberRoleChanged(member: Member, previous: Role): Reply {
  return reply(
    `:white_check_mark: ${memberLabel(member)} is now a ${member.role} (was ${previous}).`,
  );
}

export function memberMoved(
  member: Member,
  from: Organization | null,
  to: Organization | null,
): Reply {
  return reply(
    `:white_check_mark: ${memberLabel(member)} moved from ${organizationText(from)} to ${organizationText(to)}.`,
  );
}

export function memberRemoved(member: Member): Reply {
  return reply(
    `:white_check_mark: Removed ${memberLabel(member)} from this partnership. Adding them again brings them back.`,
  );
}

function memberLine(member: Member, partnershipZone: string): string {
  const zone = member.timeZone
    ? escapeMrkdwn(member.timeZone)
    : `${escapeMrkdwn(partnershipZone)} (the partnership's; none in Slack)`;
  const external = member.isExternal ? " · external" : "";
  return `• ${memberLabel(member)} · ${member.role} · ${zone}${external}`;
}

/** A group as one or more section texts: its heading, then one line per member. */
function groupTexts(
  org: Organization | null,
  members: readonly Member[],
  partnershipZone: string,
): string[] {
  const heading = org
    ? `${bold(org.name)} (${SECTOR_LABELS[org.sector]}) · ${plural(members.length, "member")}`
    : `*No organization* · ${plural(members.length, "member")}`;
  const texts: string[] = [];
  let current = heading;
  for (const line of members.map((m) => memberLine(m, partnershipZone))) {
    const joined = `${current}\n${line}`;
    if (Array.from(joined).length > SECTION_CHARS) {
      texts.push(current);
      current = truncate(line, SECTION_CHARS);
    } else {
      current = joined;
    }
  }
  texts.push(current);
  return texts;
}

export function memberListMessage(listing: MemberListing): Reply {
  const count = listing.groups.reduce((n, g) => n + g.members.length, 0);
  const rows = listing.groups.flatMap((g) =>
    groupTexts(g.organization, g.members, listing.partnershipZone),
  );
  const title = `Members of ${listing.partnershipName}`;
  return reply(
    `${escapeMrkdwn(title)}: ${plural(count, "member")}.`,
    listBlocks(
      title,
      rows,
      "No members yet. Add one with `/poc member add @user &lt;organization&gt;`.",
    ),
  );
}
