import { COMMAND } from "../../ids.js";
import { parseIdArgument } from "../../parsers/command.js";
import { reply } from "../../replies.js";
import { decisionListBlocks, decisionModal } from "../../views/decision.js";
import { escapeMrkdwn, inlineCode, truncate } from "../../views/mrkdwn.js";
import type { SubcommandHandler } from "./types.js";

const USAGE = [
  `\`${COMMAND} decision add\`  record a decision (opens a form; coordinators)`,
  `\`${COMMAND} decision list\`  the open decisions, by due date`,
  `\`${COMMAND} decision done &lt;id&gt;\`  mark one done (coordinators)`,
].join("\n");

const usage = (lead: string) => reply(`${lead}\n${USAGE}`);

/** `/poc decision add|list|done <id>`. */
export const decisionCommand: SubcommandHandler = async ({
  caller,
  command,
  triggerId,
  now,
  client,
  services,
}) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  switch (verb) {
    case "add":
    case "new": {
      const form = services.decisions.addForm(caller, now);
      await client.views.open({
        trigger_id: triggerId,
        view: decisionModal(form.partnershipName, caller.channelId),
      });
      return undefined;
    }
    case "list": {
      const { text, blocks } = decisionListBlocks(services.decisions.list(caller, now));
      return reply(text, blocks);
    }
    case "done": {
      if (command.args.length !== 2)
        return usage(`Which decision? For example \`${COMMAND} decision done 3\`.`);
      const id = parseIdArgument(command.args[1], "a decision", `${COMMAND} decision list`);
      const done = services.decisions.done(caller, id, now);
      return reply(
        `:white_check_mark: Decision #${done.id} *${escapeMrkdwn(truncate(done.text, 300))}* is done.`,
      );
    }
    case "":
      return usage("What would you like to do with decisions? You can type:");
    default:
      return usage(
        `${inlineCode(`${COMMAND} decision ${command.rest}`)} is not something I know. You can type:`,
      );
  }
};
