/**
 * The tick's gate to Slack. A workspace-wide failure (a refused token, a missing scope, no
 * connection, a rate limit that outlasted its waits: `isWorkspaceWide`) is not a fact about the
 * person being sent to, so it must not be recorded against their prompt. The first one closes
 * the gate for the rest of the run: every later call through it fails at once with the same
 * error, without reaching Slack, and the steps leave their work due. Each run opens it again,
 * so the first call of the next run is the probe that finds Slack working again.
 *
 * The tick wraps the messenger and the directory it hands to its steps; nothing else uses them.
 */
import {
  type DeliveryError,
  isWorkspaceWide,
  type Messenger,
  type SlackDirectory,
} from "../ports.js";
import { asDeliveryError } from "./common.js";

export interface SlackGate {
  /** The workspace-wide failure that closed the gate in this run, if any. */
  readonly closedBy: DeliveryError | undefined;
  /**
   * Calls in this run that show Slack working: answered successfully, or refused for a reason
   * about one item (a 5xx or our own failure does not count).
   */
  readonly answered: number;
  /** Starts a run: open, nothing answered yet. */
  open(): void;
  readonly messenger: Messenger;
  readonly directory: SlackDirectory;
}

export function createSlackGate(messenger: Messenger, directory: SlackDirectory): SlackGate {
  let closedBy: DeliveryError | undefined;
  let answered = 0;

  const through =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (closedBy !== undefined) throw closedBy;
      try {
        const result = await call(...args);
        answered += 1;
        return result;
      } catch (error) {
        const failure = asDeliveryError(error);
        if (isWorkspaceWide(failure)) closedBy ??= failure;
        else if (failure.kind === "permanent") answered += 1;
        throw error;
      }
    };

  // Each call looks the method up when it is made, not when the gate is built.
  const gatedMessenger: Messenger = {
    openDm: through((...a: Parameters<Messenger["openDm"]>) => messenger.openDm(...a)),
    postPrompt: through((...a: Parameters<Messenger["postPrompt"]>) => messenger.postPrompt(...a)),
    findPrompt: through((...a: Parameters<Messenger["findPrompt"]>) => messenger.findPrompt(...a)),
    postReminder: through((...a: Parameters<Messenger["postReminder"]>) =>
      messenger.postReminder(...a),
    ),
    updatePrompt: through((...a: Parameters<Messenger["updatePrompt"]>) =>
      messenger.updatePrompt(...a),
    ),
    notify: through((...a: Parameters<Messenger["notify"]>) => messenger.notify(...a)),
    postBlocker: through((...a: Parameters<Messenger["postBlocker"]>) =>
      messenger.postBlocker(...a),
    ),
    updateBlocker: through((...a: Parameters<Messenger["updateBlocker"]>) =>
      messenger.updateBlocker(...a),
    ),
    postDigest: through((...a: Parameters<Messenger["postDigest"]>) => messenger.postDigest(...a)),
  };
  const gatedDirectory: SlackDirectory = {
    user: through((...a: Parameters<SlackDirectory["user"]>) => directory.user(...a)),
    findByName: through((...a: Parameters<SlackDirectory["findByName"]>) =>
      directory.findByName(...a),
    ),
    forget: (userId) => directory.forget?.(userId),
  };

  return {
    get closedBy() {
      return closedBy;
    },
    get answered() {
      return answered;
    },
    open() {
      closedBy = undefined;
      answered = 0;
    },
    messenger: gatedMessenger,
    directory: gatedDirectory,
  };
}
