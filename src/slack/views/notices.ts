/**
 * DMs to people other than a prompt's owner (pure): silence and delivery reports and blocker
 * escalations to coordinators, "someone can help" to a blocker's owner. User text is escaped.
 * The `text` is what a phone notification shows, so it names who (a mention, which Slack shows
 * as the person's name) and what (the commitment or blocker, the partnership) on its own.
 */
import type { KnownBlock } from "@slack/types";
import type { Notice } from "../../services/ports.js";
import { plural } from "./mrkdwn.js";
import { context, mention, safe, section } from "./reading.js";

/** A channel reference, only for ids that look like Slack's. */
function channel(id: string): string {
  return /^[CG][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : "the partnership channel";
}

function quote(text: string): string {
  return `>${safe(text, 500)}`;
}

/** "their last check-in" or "the last 3 check-ins". */
function lastCheckIns(n: number): string {
  return n === 1 ? "their last check-in" : `the last ${plural(n, "check-in")}`;
}

export function noticeBlocks(notice: Notice): KnownBlock[] {
  const where = `*${safe(notice.partnershipName, 80)}* (${channel(notice.channelId)})`;
  switch (notice.kind) {
    case "silence":
      return [
        section(
          `:mute: ${mention(notice.ownerUserId, null)} has not answered ${lastCheckIns(notice.silentPeriods)} on ${safe(notice.commitmentTitle, 200)} in ${where}.`,
        ),
        context(
          "A word from you may help. You hear about this once per silent run; it starts over after their next check-in.",
        ),
      ];
    case "delivery_failed":
      return [
        section(
          `:warning: I could not send ${mention(notice.ownerUserId, null)} their check-in on ${safe(notice.commitmentTitle, 200)} by direct message (Slack said \`${safe(notice.code, 60)}\`).`,
        ),
        section(
          notice.fellBack
            ? `I posted it in ${channel(notice.channelId)} with a mention instead; their next check-ins will go there too while a direct message fails.`
            : `Posting it in ${channel(notice.channelId)} failed as well, so they have not been asked. Please check that they are still in the workspace and that I am in the channel.`,
        ),
        context(`${where}. You are told once per person.`),
      ];
    case "blocker_escalated":
      return [
        section(
          `:rotating_light: A blocker on ${safe(notice.commitmentTitle, 200)} (owner ${mention(notice.ownerUserId, null)}) has been open for ${plural(notice.ageDays, "day")} in ${where}:\n${quote(notice.blockerText)}`,
        ),
        context(
          `Escalation level ${notice.level}. \`/poc blockers\` lists the open ones; *I can help* and *Resolve* are on the blocker's message in the channel.`,
        ),
      ];
    case "help_offered":
      return [
        section(
          `:raised_hands: ${mention(notice.helperUserId, null)} offered to help with your blocker in ${where}:\n${quote(notice.blockerText)}`,
        ),
      ];
  }
}

export function noticeText(notice: Notice): string {
  const partnership = safe(notice.partnershipName, 60);
  switch (notice.kind) {
    case "silence":
      return `${mention(notice.ownerUserId, null)} has not answered ${lastCheckIns(notice.silentPeriods)} on ${safe(notice.commitmentTitle, 100)} (${partnership})`;
    case "delivery_failed":
      return `Could not DM ${mention(notice.ownerUserId, null)} their check-in on ${safe(notice.commitmentTitle, 100)} (${partnership}): ${notice.fellBack ? "posted in the channel instead" : "they have not been asked"}`;
    case "blocker_escalated":
      return `A blocker on ${safe(notice.commitmentTitle, 100)} (owner ${mention(notice.ownerUserId, null)}) has been open for ${plural(notice.ageDays, "day")} in ${partnership}`;
    case "help_offered":
      return `${mention(notice.helperUserId, null)} offered to help with your blocker in ${partnership}: ${safe(notice.blockerText, 100)}`;
  }
}
