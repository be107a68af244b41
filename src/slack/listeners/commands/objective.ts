import { COMMAND } from "../../ids.js";
import { parseIdArgument } from "../../parsers/command.js";
import { reply } from "../../replies.js";
import { escapeMrkdwn, inlineCode, truncate } from "../../views/mrkdwn.js";
import { objectiveListBlocks, objectiveModal } from "../../views/objective.js";
import type { SubcommandHandler } from "./types.js";

const USAGE = [
  `\`${COMMAND} objective add\`  a new shared objective (opens a form; coordinators)`,
  `\`${COMMAND} objective list\`  the active objectives; \`list all\` includes retired ones`,
  `\`${COMMAND} objective edit &lt;id&gt;\`  change one (coordinators)`,
  `\`${COMMAND} objective retire &lt;id&gt;\`  retire one; commitments keep their history (coordinators)`,
].join("\n");

function usage(lead: string) {
  return reply(`${lead}\n${USAGE}`);
}

/** `/poc objective add|list [all]|edit <id>|retire <id>`. */
export const objectiveCommand: SubcommandHandler = async ({
  caller,
  command,
  triggerId,
  now,
  client,
  services,
}) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  const idArg = command.args[1];
  const id = () => parseIdArgument(idArg, "an objective", `${COMMAND} objective list all`);
  const extra = command.args.length > 2;

  switch (verb) {
    case "add":
    case "new": {
      const form = services.objectives.form(caller, undefined, now);
      await client.views.open({
        trigger_id: triggerId,
        view: objectiveModal(form, caller.channelId),
      });
      return undefined;
    }
    case "list": {
      const scope = (command.args[1] ?? "").toLowerCase();
      if (scope !== "" && scope !== "all") {
        return usage(
          `${inlineCode(`${COMMAND} objective ${command.rest}`)} is not something I know. You can type:`,
        );
      }
      const listing = services.objectives.list(caller, { includeRetired: scope === "all" }, now);
      const { text, blocks } = objectiveListBlocks(listing);
      return reply(text, blocks);
    }
    case "edit": {
      if (idArg === undefined || extra)
        return usage(`Which objective? For example \`${COMMAND} objective edit 3\`.`);
      const form = services.objectives.form(caller, id(), now);
      await client.views.open({
        trigger_id: triggerId,
        view: objectiveModal(form, caller.channelId),
      });
      return undefined;
    }
    case "retire": {
      if (idArg === undefined || extra)
        return usage(`Which objective? For example \`${COMMAND} objective retire 3\`.`);
      const retired = services.objectives.retire(caller, id(), now);
      return reply(
        `:white_check_mark: Objective #${retired.id} *${escapeMrkdwn(truncate(retired.title, 150))}* is retired. Commitments that served it keep the link; new ones can no longer choose it.`,
      );
    }
    case "":
      return usage("What would you like to do with objectives? You can type:");
    default:
      return usage(
        `${inlineCode(`${COMMAND} objective ${command.rest}`)} is not something I know. You can type:`,
      );
  }
};
