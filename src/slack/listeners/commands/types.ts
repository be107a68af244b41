import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../../logger.js";
import type { Caller } from "../../../services/context.js";
import type { Services } from "../../../services/index.js";
import type { ParsedCommand } from "../../parsers/command.js";
import type { Reply } from "../../replies.js";

/** Everything a subcommand handler gets: who asked, what they typed, and how to open a modal. */
export interface CommandRequest {
  readonly caller: Caller;
  readonly command: ParsedCommand;
  readonly triggerId: string;
  readonly now: number;
  readonly client: WebClient;
  readonly services: Services;
  readonly logger: Logger;
}

/**
 * A `/poc <name>` handler. It returns the ephemeral reply to put in the ack, or undefined when it
 * answered by opening a modal. It throws DomainError for anything the caller should read.
 */
export type SubcommandHandler = (request: CommandRequest) => Promise<Reply | undefined>;
