/**
 * The App Home tab (pure): per partnership, my commitments with status and next check-in; for
 * coordinators, the partnership's health. Someone in no partnership gets a welcome. A Home view
 * holds at most 100 blocks, so lists are cut with "and N more".
 */
import type { HomeView, KnownBlock } from "@slack/types";
import type { HomeData, HomePartnership, PartnershipHealth } from "../../services/home.js";
import { gapsText } from "./gaps.js";
import {
  type BlockGroup,
  commitmentText,
  context,
  fitGroups,
  header,
  nothingOpenText,
  safe,
  section,
} from "./reading.js";
import { statusLabel } from "./status.js";

export const MAX_HOME_BLOCKS = 100;
/** Commitments shown per partnership; `/poc mine` lists them all. */
export const HOME_COMMITMENTS_PER_PARTNERSHIP = 10;
/** Gap lines shown per partnership: the Home holds several partnerships in 100 blocks. */
export const HOME_GAPS_PER_PARTNERSHIP = 8;

const ROLE_WORDS = {
  coordinator: "You coordinate this partnership",
  partner: "You are a partner here",
  observer: "You observe this partnership",
} as const;

function welcome(): KnownBlock[] {
  return [
    header("Welcome to the Partnership Operations Center"),
    section(
      "This app keeps a multi-sector partnership executing what it agreed: short check-ins with every commitment's owner, blockers in the open, and a weekly digest in the partnership's channel.",
    ),
    section(
      [
        "*You are not in any partnership yet.*",
        "• To start one, invite me to the partners' channel and type `/poc setup` there: you become its first coordinator.",
        "• To join one, ask its coordinator to add you with `/poc member add`.",
        "• Type `/poc help` to see every command.",
      ].join("\n"),
    ),
  ];
}

function healthBlocks(h: PartnershipHealth): KnownBlock[] {
  return [
    section(
      [
        "*Partnership health*",
        `${statusLabel("at_risk")} *${h.atRisk}*   ${statusLabel("off_track")} *${h.offTrack}*   ${statusLabel(null)} *${h.noCheckIn}*   (of ${h.activeCommitments} active)`,
      ].join("\n"),
    ),
    section(gapsText(h.gaps, { max: HOME_GAPS_PER_PARTNERSHIP })),
  ];
}

function group(p: HomePartnership): BlockGroup {
  const name = safe(p.partnership.name, 80);
  const about = [`${ROLE_WORDS[p.role]} · <#${p.partnership.channelId}>`];
  if (p.awayUntil) about.push(`:palm_tree: your prompts are paused until ${safe(p.awayUntil, 20)}`);
  const head: KnownBlock[] = [header(p.partnership.name), context(about.join(" · "))];
  const nothingOpen = p.commitments.length === 0 ? nothingOpenText(p.ended) : null;
  head.push(
    section(
      nothingOpen !== null
        ? `*Your commitments*\n${nothingOpen}`
        : p.commitments.length === 0
          ? "*Your commitments:* none active."
          : `*Your commitments* (${p.commitments.length})`,
    ),
  );
  const tail: KnownBlock[] = p.health ? healthBlocks(p.health) : [];
  tail.push({ type: "divider" });
  return {
    head,
    items: p.commitments.map((c) => section(commitmentText(c))),
    tail,
    more: (n) => context(`…and ${n} more in ${name}: type \`/poc mine\` in its channel.`),
  };
}

/** The Home tab of one person. */
export function homeView(data: HomeData): HomeView {
  const blocks =
    data.partnerships.length === 0
      ? welcome()
      : [
          ...fitGroups(
            data.partnerships.map(group),
            MAX_HOME_BLOCKS - 1,
            HOME_COMMITMENTS_PER_PARTNERSHIP,
            (n) => context(`…and ${n} more partnership${n === 1 ? "" : "s"}.`),
          ),
          context(
            "Times show in your own time zone. `/poc mine` lists your commitments; `/poc help` lists every command.",
          ),
        ];
  return { type: "home", blocks };
}
