import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { logFailure } from "../../dispatch.js";
import { commandText, MAX_COMMAND_TEXT, parseCommandText } from "../../parsers/command.js";
import { errorReply, reply } from "../../replies.js";
import { findSubcommand } from "../../subcommands.js";
import { helpMessage, notAvailableMessage, unknownCommandMessage } from "../../views/help.js";
import { HANDLERS } from "./handlers.js";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/poc <subcommand>`: parses, dispatches to one handler, and puts the handler's reply in the ack
 * itself (ephemeral), inside Slack's 3-second window. The database is local and synchronous and a
 * modal opens with one Web API call, so every handler finishes well within it.
 */
export function pocCommand(services: Services, logger: Logger) {
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    const text = commandText.safeParse(command.text ?? "");
    if (!text.success) {
      await ack(
        reply(`That command is longer than ${MAX_COMMAND_TEXT} characters; nothing was changed.`),
      );
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
    const handler = HANDLERS[subcommand.name];
    if (handler === undefined) {
      await ack(notAvailableMessage(subcommand.name));
      return;
    }
    try {
      const answer = await handler({
        caller: { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id },
        command: parsed,
        triggerId: command.trigger_id,
        now: services.clock(),
        client,
        services,
        logger,
      });
      await ack(answer);
    } catch (error) {
      logFailure(logger, `/poc ${parsed.name}`, error);
      await ack(errorReply(error));
    }
  };
}
