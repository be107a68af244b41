/**
 * The Socket Mode receiver: envelopes come over the app's own link (./socketLink.ts) and go to
 * `App.processEvent` (PocApp), as HTTP requests do; the app's GET routes (`/healthz`) are still
 * served on PORT, so a container platform can see the app. Each envelope is acked once:
 *
 * - by its listener's ack, or, with `processBeforeResponse`, after the listeners finish;
 * - by PocApp when no listener answered, or when one failed;
 * - here after ACK_BUDGET_MS when a listener is slower than that (its late ack sends nothing);
 * - here when PocApp refuses it as malformed (logged at warn with the field, never the text).
 */
import type { Server } from "node:http";
import type { App, Receiver } from "@slack/bolt";
import type { Logger } from "../logger.js";
import { MalformedRequestError } from "./dispatch.js";
import { ACK_BUDGET_MS, close, listen, type Route, route } from "./receiver.js";
import {
  type Envelope,
  type LinkStatus,
  SocketLink,
  type SocketLinkOptions,
} from "./socketLink.js";
import { describeAppTokenFailure, StartupError } from "./startup.js";

export interface SocketReceiverOptions {
  readonly link: Omit<SocketLinkOptions, "onEnvelope" | "logger">;
  readonly logger: Logger;
  /** Ack only once the listeners finish (deterministic tests), as the HTTP receiver does. */
  readonly processBeforeResponse: boolean;
  /** GET routes by exact path, served on the port given to `start`. */
  readonly routes: Readonly<Record<string, Route>>;
}

export class SlackSocketReceiver implements Receiver {
  #app: App | undefined;
  #server: Server | undefined;
  readonly #link: SocketLink;

  constructor(private readonly options: SocketReceiverOptions) {
    this.#link = new SocketLink({
      ...options.link,
      logger: options.logger,
      onEnvelope: (envelope) => this.#envelope(envelope),
    });
  }

  init(app: App): void {
    this.#app = app;
  }

  status(): LinkStatus {
    return this.#link.status();
  }

  /** Opens the link (rejecting with Slack's error when it cannot), then listens on `port`. */
  async start(port: number): Promise<Server> {
    if (this.#server !== undefined) throw new Error("already started");
    try {
      await this.#link.start();
    } catch (error) {
      // The app token refused, or Slack unreachable: one line naming what to fix.
      throw new StartupError(
        describeAppTokenFailure(error, this.options.link.clientOptions.slackApiUrl),
      );
    }
    try {
      this.#server = await listen(port, (req, res) => route(req, res, this.options.routes));
    } catch (error) {
      await this.#link.stop();
      throw error;
    }
    return this.#server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await Promise.all([this.#link.stop(), close(server)]);
  }

  async #envelope(envelope: Envelope): Promise<void> {
    const { logger, processBeforeResponse } = this.options;
    let answered = false;
    let held: { response: unknown } | undefined;
    const budget = setTimeout(() => {
      if (answered) return;
      answered = true;
      logger.error(`a listener did not answer within ${ACK_BUDGET_MS} ms: acked`);
      void envelope.ack();
    }, ACK_BUDGET_MS);
    try {
      await this.#app?.processEvent({
        // PocApp checks the shape before anything reads it.
        body: envelope.payload as Record<string, unknown>,
        ack: async (response) => {
          if (answered) return;
          answered = true;
          clearTimeout(budget);
          if (processBeforeResponse) held = { response };
          else await envelope.ack(response);
        },
        retryNum: envelope.retryNum,
        retryReason: envelope.retryReason,
      });
    } catch (error) {
      if (error instanceof MalformedRequestError) {
        logger.warn(`a malformed ${envelope.type} envelope was acked: ${error.reason}`);
      } else logger.error(`a ${envelope.type} envelope failed:`, error);
    } finally {
      clearTimeout(budget);
    }
    // The held answer, or an ack for an envelope nothing answered (PocApp answers every request
    // it accepts, so this is only the malformed and the failed).
    await envelope.ack(held?.response);
  }
}
