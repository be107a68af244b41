/**
 * Every Slack id the app names (command, callback_id, block_id, action_id) lives here once, shared
 * by the view that renders it and the listener that handles it.
 */
import { FIELDS } from "../domain/forms.js";

export const COMMAND = "/poc";

/** The action_id of every modal input: a value is found by its block id alone. */
export const INPUT = "value";

/** Modal callback_ids. */
export const VIEWS = {
  setup: "poc_setup",
  objective: "poc_objective",
  commitment: "poc_commitment",
  settings: "poc_settings",
  checkIn: "poc_check_in",
  away: "poc_away",
  blockerAdd: "poc_blocker_add",
  blockerResolve: "poc_blocker_resolve",
  decision: "poc_decision",
} as const;

/**
 * Input block_ids, which are also the keys of inline modal errors: the forms' field names, so
 * the field a service names in an error is the block the modal shows it at.
 */
export const BLOCKS = FIELDS;

export const ACTIONS = {
  /** Prompt buttons; value: the prompt id. */
  promptOnTrack: "prompt_on_track",
  promptUpdate: "prompt_update",
  promptSnooze: "prompt_snooze",
  promptAway: "prompt_away",
  /** `/poc checkin` picker: value: the commitment id. */
  checkInPick: "check_in_pick",
  /** The check-in modal's "who could help" select (a section accessory; acked, read on submit). */
  couldHelpSelect: "could_help_select",
  /** Blocker message buttons; value: the blocker id. */
  blockerHelp: "blocker_help",
  blockerResolve: "blocker_resolve",
  /** The agenda preview's button that posts it to the channel. */
  agendaPost: "agenda_post",
} as const;

/** Slack message metadata naming a prompt, so a restart can find a send that was in flight. */
export const PROMPT_METADATA_TYPE = "poc_prompt";
