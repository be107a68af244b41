/**
 * Every request Slack delivers gets exactly one answer, whichever receiver brought it (HTTP or
 * Socket Mode): both hand requests to `App.processEvent`, which PocApp wraps. (The receivers
 * also answer for a listener slower than the ack budget; see ./receiver.ts and
 * ./socketReceiver.ts.)
 *
 * - A body that is not a request Slack sends (./requests.ts) reaches no middleware or listener:
 *   processEvent throws MalformedRequestError, which the HTTP receiver answers with 400 and the
 *   Socket Mode receiver acks (a malformed envelope is logged and the link kept).
 * - A request no listener answered (an old button after an upgrade, a shortcut, an options
 *   request, a view nobody registered) is answered as soon as the listeners are done: 200, logged
 *   once at warn with its kind and id (never its text), and a person who clicked is told that the
 *   button is from an older message instead of seeing Slack's error.
 * - A listener or middleware that failed before its answer (logged once: by `guarded` with the
 *   listener's name, or by the error handler) gets the generic failure answer: nothing was
 *   saved, please try again.
 */
import { App, type AppOptions, type ReceiverEvent } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { isDomainError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import { COMMAND } from "./ids.js";
import { errorReply, isOurFailure, NOTHING_SAVED, reply, triggerRefusal } from "./replies.js";
import { describeRequest, readRequest, type SlackRequest } from "./requests.js";

/** A signed body that is not a request Slack sends; `reason` names the field, never its value. */
export class MalformedRequestError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "MalformedRequestError";
  }
}

/**
 * Bodies a listener took, or that failed in a middleware: left unanswered, they get the failure
 * answer, not the "no listener" one.
 */
const claimed = new WeakSet<object>();

function claim(body: unknown): void {
  if (typeof body === "object" && body !== null) claimed.add(body);
}

/**
 * How a listener's failure is logged: a refusal written for the person (DomainError) not at all,
 * Slack refusing a modal's trigger (slow or replayed) at warn, anything else at error.
 */
export function logFailure(logger: Logger, name: string, error: unknown): void {
  if (isOurFailure(error)) logger.error(`${name} failed:`, error);
  else if (!isDomainError(error)) logger.warn(`${name}: Slack refused (${triggerRefusal(error)})`);
}

/**
 * Wraps a listener: marks its request as claimed, and catches what it throws, logged once under
 * `name`. Nothing a listener does reaches Bolt's error handler or becomes an unhandled rejection;
 * a person still waiting is answered by PocApp.
 */
export function guarded<A extends { body: unknown }>(
  name: string,
  logger: Logger,
  listener: (args: A) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    claim(args.body);
    try {
      await listener(args);
    } catch (error) {
      logger.error(`${name} failed:`, error);
    }
  };
}

export const OLD_BUTTON =
  ":hourglass: This button is from an older message and does nothing now; nothing was changed. Try `/poc help`.";
export const OLD_FORM =
  "This form is from an older version of the app and cannot be saved: close it and start again from /poc help.";

type Ack = (response?: unknown) => Promise<void>;

export class PocApp extends App {
  readonly #logger: Logger;

  constructor(options: AppOptions & { logger: Logger }) {
    // No conversation store: no listener reads `context.conversation`, and Bolt's default one
    // ran a middleware with a store lookup on every request.
    super({ ...options, extendedErrorHandler: true, convoStore: false });
    const logger = options.logger;
    this.#logger = logger;
    // What escapes a middleware (the event gate) or an unguarded listener ends here, not as a
    // rejection: logged, and its request answered as failed.
    this.error(async ({ error, body }: { error: Error; body: unknown }) => {
      claim(body);
      logger.error("processing a request failed:", error);
    });
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const read = readRequest(event.body);
    if (!read.ok) throw new MalformedRequestError(read.reason);
    const { request } = read;
    let acked = false;
    const ack: Ack = async (response) => {
      acked = true;
      await event.ack(response);
    };
    if (request.kind === "url_verification") {
      await ack({ challenge: request.challenge });
      return;
    }
    if (request.kind === "app_rate_limited") {
      this.#logger.warn("Slack paused event deliveries for a minute (app_rate_limited)");
      await ack();
      return;
    }
    try {
      await super.processEvent({ ...event, ack });
    } catch (error) {
      // Bolt's own failures before any listener (its listeners' are caught by `guarded`): logged,
      // and answered as failed, not as "no listener".
      claim(event.body);
      this.#logger.error(`${describeRequest(request)} failed:`, error);
    }
    if (acked) return;
    const failed = claimed.has(event.body);
    if (failed) await answerFailed(request, ack);
    else {
      this.#logger.warn(`no listener for ${describeRequest(request)}: answered 200`);
      await answerUnclaimed(request, ack);
    }
    if (request.kind === "block_actions") {
      const note = failed ? errorReply(undefined).text : OLD_BUTTON;
      await tellClicker(this.client, event.body as unknown as Clicked, note, this.#logger);
    }
  }
}

/** The parts of a click that say where its answer goes (checked in ./requests.ts). */
interface Clicked {
  readonly response_url?: string | undefined;
  readonly channel?: { readonly id: string } | null | undefined;
  readonly user: { readonly id: string };
}

/**
 * Answers a clicker alone: through the click's response_url, else as an ephemeral message in its
 * channel (a click in a modal or App Home has neither: nothing is sent). Never throws.
 */
export async function tellClicker(
  client: WebClient,
  click: Clicked,
  text: string,
  logger: Logger,
): Promise<void> {
  try {
    if (click.response_url !== undefined) {
      const response = await fetch(click.response_url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    } else if (click.channel) {
      await client.chat.postEphemeral({ channel: click.channel.id, user: click.user.id, text });
    }
  } catch (error) {
    logger.warn("an ephemeral answer to a click was not delivered:", error);
  }
}

async function answerUnclaimed(request: SlackRequest, ack: Ack): Promise<void> {
  switch (request.kind) {
    case "command":
      await ack(
        reply(
          `:grey_question: This app answers \`${COMMAND}\` only; nothing was changed. Try \`${COMMAND} help\`.`,
        ),
      );
      return;
    case "view_submission":
      await ack(
        request.firstBlock !== undefined
          ? { response_action: "errors", errors: { [request.firstBlock]: OLD_FORM } }
          : undefined,
      );
      return;
    case "block_suggestion":
      await ack({ options: [] });
      return;
    default:
      await ack();
  }
}

async function answerFailed(request: SlackRequest, ack: Ack): Promise<void> {
  if (request.kind === "command") await ack(errorReply(undefined));
  else if (request.kind === "view_submission" && request.firstBlock !== undefined) {
    await ack({ response_action: "errors", errors: { [request.firstBlock]: NOTHING_SAVED } });
  } else await answerUnclaimed(request, ack);
}
