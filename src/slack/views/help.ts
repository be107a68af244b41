import type { KnownBlock } from "@slack/types";
import { COMMAND } from "../ids.js";
import { SUBCOMMANDS } from "../subcommands.js";
import { escapeMrkdwn, inlineCode, truncate } from "./mrkdwn.js";

export interface EphemeralMessage {
  readonly response_type: "ephemeral";
  readonly text: string;
  readonly blocks: KnownBlock[];
}

function commandLines(): string {
  // Usage placeholders like <id> are escaped: Slack reads a raw <…> as a link, even in code.
  return SUBCOMMANDS.map((s) => `\`${COMMAND} ${escapeMrkdwn(s.usage)}\`  ${s.summary}`).join("\n");
}

/** The answer to `/poc help` and to `/poc` alone: every subcommand with one line each. */
export function helpMessage(): EphemeralMessage {
  const lines = commandLines();
  return {
    response_type: "ephemeral",
    text: `Partnership Operations Center: what you can type\n${lines}`,
    blocks: [
      {
        type: "header",
        text: { type: "plain_text", text: "Partnership Operations Center" },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "Keeps the partnership executing what it agreed: check-ins with every commitment's owner, blockers in the open, a weekly digest in this channel.",
        },
      },
      { type: "section", text: { type: "mrkdwn", text: lines } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Check-in prompts arrive as DMs with buttons. Type \`${COMMAND} help\` any time to see this again.`,
          },
        ],
      },
    ],
  };
}

/** The answer to a subcommand nobody knows: say so, then show the help. */
export function unknownCommandMessage(typed: string): EphemeralMessage {
  const help = helpMessage();
  const said = `Unknown command ${inlineCode(`${COMMAND} ${typed}`)}. Here is what you can type:`;
  return {
    response_type: "ephemeral",
    text: `Unknown command "${escapeMrkdwn(truncate(typed, 60))}". ${help.text}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: said } }, ...help.blocks],
  };
}

/** A subcommand from the contract that this version does not carry out yet. */
export function notAvailableMessage(name: string): EphemeralMessage {
  const text = `\`${COMMAND} ${name}\` is not available in this version yet. Type \`${COMMAND} help\` for what works now.`;
  return {
    response_type: "ephemeral",
    text,
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}
