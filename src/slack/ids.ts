/**
 * Every Slack id the app names (command, callback_id, block_id, action_id) lives here once, shared
 * by the view that renders it and the listener that handles it.
 */
export const COMMAND = "/poc";

export const ACTIONS = {
  helpOpenDocs: "help_open_docs",
} as const;
