/**
 * The `/poc` subcommands from the contract (shared/design/contract.md), each with the usage a
 * person types and one line on what it does. The help view and the router both read this table.
 */
export interface Subcommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: "setup",
    usage: "setup",
    summary: "bind this channel to a partnership, or edit the one it has",
  },
  {
    name: "org",
    usage: "org add|list|rename|remove …",
    summary: "manage the partner organizations and their sectors",
  },
  {
    name: "member",
    usage: "member add|list|role|move|remove …",
    summary: "add people, with their organization and role",
  },
  {
    name: "objective",
    usage: "objective add|list|edit|retire",
    summary: "the shared objectives and their indicators",
  },
  {
    name: "commit",
    usage: "commit [edit|close|drop <id>]",
    summary: "record a commitment toward objectives, with owner and cadence",
  },
  { name: "checkin", usage: "checkin", summary: "report progress on one of your commitments" },
  { name: "mine", usage: "mine", summary: "your commitments, their status and your next check-in" },
  { name: "status", usage: "status", summary: "the partnership at a glance" },
  {
    name: "blockers",
    usage: "blockers",
    summary: "open blockers, oldest first, with who can help",
  },
  {
    name: "blocker",
    usage: "blocker add",
    summary: "raise a blocker on a commitment, outside a check-in (opens a form)",
  },
  {
    name: "digest",
    usage: "digest [post]",
    summary: "preview the next digest, the week so far (post: post the last full week's now)",
  },
  { name: "agenda", usage: "agenda", summary: "draft the agenda for the next review meeting" },
  {
    name: "decision",
    usage: "decision add|list|done <id>",
    summary: "decisions from review meetings, followed up in digests",
  },
  {
    name: "export",
    usage: "export",
    summary: "CSV files of the partnership's records, in your DMs",
  },
  {
    name: "away",
    usage: "away <YYYY-MM-DD>|off",
    summary: "pause your check-in prompts until a date",
  },
  {
    name: "settings",
    usage: "settings",
    summary: "reminders, escalation and digest time (coordinators)",
  },
  { name: "help", usage: "help", summary: "this list" },
];

export function findSubcommand(name: string): Subcommand | undefined {
  const wanted = name.toLowerCase();
  return SUBCOMMANDS.find((s) => s.name === wanted);
}
