/**
 * The review agenda as a message: one section per topic (each within 3000 characters, long
 * lists cut with "…and N more"), at most a dozen blocks. The preview carries a button that posts
 * the same agenda to the partnership's channel. All user text is escaped.
 */
import type { KnownBlock } from "@slack/types";
import type { Agenda } from "../../services/agenda.js";
import { ACTIONS } from "../ids.js";
import { gapsText } from "./gaps.js";
import { plain } from "./inputs.js";
import { escapeMrkdwn, plural, truncate } from "./mrkdwn.js";
import { statusLabel } from "./status.js";

const SECTION_MAX = 3000;
const DAY = 86_400_000;

/** A titled list in one section; lines that do not fit are counted in "…and N more". */
export function listSection(title: string, lines: readonly string[], empty: string): KnownBlock {
  let text = `*${title}*`;
  if (lines.length === 0) text += `\n_${empty}_`;
  for (let i = 0; i < lines.length; i++) {
    const line = `\n• ${lines[i]}`;
    const rest = lines.length - i;
    const more = `\n…and ${rest} more`;
    if (text.length + line.length + (rest > 1 ? more.length + 8 : 0) > SECTION_MAX) {
      text += more;
      break;
    }
    text += line;
  }
  return { type: "section", text: { type: "mrkdwn", text } };
}

const t = (text: string, max = 200) => escapeMrkdwn(truncate(text, max));

export function agendaBlocks(
  agenda: Agenda,
  options: { withPostButton: boolean; draftedBy?: string },
): { text: string; blocks: KnownBlock[] } {
  const name = truncate(agenda.partnership.name, 120);
  const commitments = agenda.commitments.map(
    (c) =>
      `${statusLabel(c.status)}: *#${c.id} ${t(c.title)}* (${t(c.organizationName, 75)}, <@${c.ownerSlackUserId}>)`,
  );
  const blockers = agenda.blockers.map((b) => {
    const days = Math.floor((agenda.now - b.createdAt) / DAY);
    return `*#${b.id}* ${t(b.text)} — on #${b.commitmentId} ${t(b.commitmentTitle, 100)}, open ${plural(days, "day")}`;
  });
  const decisions = agenda.decisions.map(
    (d) =>
      `*#${d.id}* ${t(d.text)} — ${d.ownerSlackUserId ? `<@${d.ownerSlackUserId}>` : "no owner"}, due ${d.dueDate}${d.dueDate !== null && d.dueDate < agenda.today ? " (overdue)" : ""}`,
  );
  const learnings = agenda.learnings.map(
    (l) =>
      `${t(l.learning, 300)} — ${l.authorSlackUserId ? `<@${l.authorSlackUserId}>` : "someone"} on #${l.commitmentId} ${t(l.commitmentTitle, 100)}`,
  );

  const blocks: KnownBlock[] = [
    { type: "header", text: plain(truncate(`Review agenda: ${name}`, 150)) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${agenda.today}${options.draftedBy ? ` · drafted by <@${options.draftedBy}>` : ""}`,
        },
      ],
    },
    listSection(
      `1. Off track and at risk (${commitments.length})`,
      commitments,
      "Every active commitment is on track or not yet reported.",
    ),
    listSection(
      `2. Blockers open more than ${plural(agenda.escalationDays, "day")} (${blockers.length})`,
      blockers,
      "No blocker is past escalation.",
    ),
    { type: "section", text: { type: "mrkdwn", text: gapsText(agenda.gaps, { prefix: "3. " }) } },
    listSection(`4. Decisions due (${decisions.length})`, decisions, "No decision is due."),
    listSection(
      `5. Learnings of the last four weeks (${learnings.length})`,
      learnings,
      "No learnings were shared.",
    ),
  ];
  if (options.withPostButton) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: ACTIONS.agendaPost,
          text: plain("Post to the channel"),
          value: String(agenda.partnership.id),
          style: "primary",
        },
      ],
    });
  }
  const by = options.draftedBy ? `, drafted by <@${options.draftedBy}>` : "";
  const text = `Review agenda for ${escapeMrkdwn(name)}${by}: ${plural(commitments.length, "commitment")} off track or at risk, ${plural(blockers.length, "blocker")} open more than ${plural(agenda.escalationDays, "day")}, ${plural(agenda.gaps.total, "alignment gap")}, ${plural(decisions.length, "decision")} due, ${plural(learnings.length, "learning")}.`;
  return { text, blocks };
}
