/**
 * The shape every modal submission shares: read private_metadata (ours, but it travelled through
 * Slack), call one service, ack with inline errors or close the modal, then do the Slack work that
 * may wait until after the ack (deliver effects, confirm to the caller). A DomainError shows next
 * to its field; anything else is logged and answered without saving anything.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Caller } from "../../../services/context.js";
import { parseMetadata, type StateValues } from "../../parsers/viewState.js";
import { modalErrors, NOTHING_SAVED } from "../../replies.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export interface Submitted<M> {
  readonly caller: Caller;
  readonly meta: M;
  readonly values: StateValues;
  readonly client: WebClient;
  /**
   * After the ack: tells the caller `text` (ephemeral, in `channel`); a failure is logged as
   * "`what` not delivered", since the work is saved already.
   */
  readonly confirm: (channel: string, text: string, what: string) => Promise<void>;
}

export interface SubmissionSpec<M, R> {
  /** For the log: "setting away", "resolving a blocker". */
  readonly doing: string;
  readonly metadata: z.ZodType<M>;
  /** Where errors that belong to no field are shown. */
  readonly firstBlock: string;
  /** Shown when private_metadata does not parse. */
  readonly outOfDate?: string;
  /** The one service call. */
  readonly save: (submitted: Submitted<M>) => R | Promise<R>;
  /** After the ack: Slack work that must not hold the modal open. */
  readonly after?: (result: R, submitted: Submitted<M>) => Promise<void>;
}

/**
 * The channel the caller acts in: the metadata's `channelId` when the modal carries one (opened
 * from a command in a channel; checked by the listener's schema), else the caller's DM.
 */
function channelOf(meta: unknown, userId: string): string {
  const id = (meta as { channelId?: unknown }).channelId;
  return typeof id === "string" ? id : `D${userId}`;
}

export function modalSubmission<M, R>(spec: SubmissionSpec<M, R>, logger: Logger) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(spec.metadata, view.private_metadata) as M | undefined;
    if (meta === undefined) {
      await ack({
        response_action: "errors",
        errors: {
          [spec.firstBlock]: spec.outOfDate ?? "This form is out of date: close it and try again.",
        },
      });
      return;
    }
    const caller: Caller = {
      teamId: body.team?.id ?? body.user.team_id ?? "",
      userId: body.user.id,
      channelId: channelOf(meta, body.user.id),
    };
    const submitted: Submitted<M> = {
      caller,
      meta,
      values: view.state.values as StateValues,
      client,
      confirm: async (channel, text, what) => {
        await client.chat
          .postEphemeral({ channel, user: caller.userId, text })
          .catch((error: unknown) => logger.warn(`${what} not delivered:`, error));
      },
    };
    let result: R;
    try {
      result = await spec.save(submitted);
    } catch (error) {
      const errors = modalErrors(error, spec.firstBlock);
      if (errors === undefined) logger.error(`${spec.doing} failed:`, error);
      await ack(
        errors ?? { response_action: "errors", errors: { [spec.firstBlock]: NOTHING_SAVED } },
      );
      return;
    }
    await ack();
    await spec.after?.(result, submitted);
  };
}
