import { COMMAND } from "../../ids.js";
import { parseIdArgument } from "../../parsers/command.js";
import { reply } from "../../replies.js";
import { commitmentListBlocks, commitmentModal, commitmentName } from "../../views/commitment.js";
import { inlineCode } from "../../views/mrkdwn.js";
import type { SubcommandHandler } from "./types.js";

const USAGE = [
  `\`${COMMAND} commit\`  record a commitment (opens a form)`,
  `\`${COMMAND} commit list\`  the partnership's active commitments`,
  `\`${COMMAND} commit edit &lt;id&gt;\`  change one`,
  `\`${COMMAND} commit close &lt;id&gt;\`  mark one as delivered; its check-ins stop`,
  `\`${COMMAND} commit drop &lt;id&gt;\`  drop one that will not be delivered; its check-ins stop`,
].join("\n");

function usage(lead: string) {
  return reply(`${lead}\n${USAGE}`);
}

/** `/poc commit [list|edit|close|drop <id>]`. */
export const commitCommand: SubcommandHandler = async ({
  caller,
  command,
  triggerId,
  now,
  client,
  services,
}) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  const idArg = command.args[1];
  const id = () => parseIdArgument(idArg, "a commitment", `${COMMAND} commit list`);
  const extra = command.args.length > 2;

  switch (verb) {
    case "":
    case "add":
    case "new": {
      const form = services.commitments.form(caller, undefined, now);
      await client.views.open({
        trigger_id: triggerId,
        view: commitmentModal(form, caller.channelId),
      });
      return undefined;
    }
    case "list": {
      const { text, blocks } = commitmentListBlocks(services.commitments.list(caller, now));
      return reply(text, blocks);
    }
    case "edit": {
      if (idArg === undefined || extra)
        return usage(`Which commitment? For example \`${COMMAND} commit edit 12\`.`);
      const form = services.commitments.form(caller, id(), now);
      await client.views.open({
        trigger_id: triggerId,
        view: commitmentModal(form, caller.channelId),
      });
      return undefined;
    }
    case "close": {
      if (idArg === undefined || extra)
        return usage(`Which commitment? For example \`${COMMAND} commit close 12\`.`);
      const closed = services.commitments.close(caller, id(), now);
      return reply(
        `:white_check_mark: Commitment ${commitmentName(closed)} is closed as delivered. Its check-ins stop.`,
      );
    }
    case "drop": {
      if (idArg === undefined || extra)
        return usage(`Which commitment? For example \`${COMMAND} commit drop 12\`.`);
      const dropped = services.commitments.drop(caller, id(), now);
      return reply(
        `:wastebasket: Commitment ${commitmentName(dropped)} is dropped. Its check-ins stop; its history stays.`,
      );
    }
    default:
      return usage(
        `${inlineCode(`${COMMAND} commit ${command.rest}`)} is not something I know. You can type:`,
      );
  }
};
