import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Services } from "../../../services/index.js";
import { commandText, MAX_COMMAND_TEXT, parseCommandText } from "../../parsers/command.js";
import { findSubcommand } from "../../subcommands.js";
import { helpMessage, notAvailableMessage, unknownCommandMessage } from "../../views/help.js";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/poc <subcommand>`: answers within Slack's 3-second window by putting the reply in the ack
 * itself, so help never depends on a Web API call succeeding.
 */
export function pocCommand(_services: Services) {
  return async ({ command, ack }: CommandArgs): Promise<void> => {
    const text = commandText.safeParse(command.text ?? "");
    if (!text.success) {
      await ack({
        response_type: "ephemeral",
        text: `That command is longer than ${MAX_COMMAND_TEXT} characters; nothing was changed.`,
      });
      return;
    }
    const parsed = parseCommandText(text.data);
    if (parsed.name === "" || parsed.name === "help") {
      await ack(helpMessage());
      return;
    }
    const subcommand = findSubcommand(parsed.name);
    if (subcommand === undefined) {
      await ack(unknownCommandMessage(parsed.name));
      return;
    }
    await ack(notAvailableMessage(subcommand.name));
  };
}
