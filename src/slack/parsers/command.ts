/**
 * Splits `/poc` command text into a subcommand and its arguments. Slack sends the text exactly as
 * typed (after its own escaping of mentions and links), so this tolerates any spacing.
 */
import { z } from "zod";

/** Slack's own limit on slash command text is 4,000 characters; refuse anything beyond it. */
export const MAX_COMMAND_TEXT = 4000;

export const commandText = z.string().max(MAX_COMMAND_TEXT);

export interface ParsedCommand {
  /** Lower-cased first word, or "" when the text is empty. */
  readonly name: string;
  /** The words after the subcommand, as typed. */
  readonly args: readonly string[];
  /** Everything after the subcommand, trimmed, as typed. */
  readonly rest: string;
}

export function parseCommandText(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (trimmed === "") return { name: "", args: [], rest: "" };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const first = match?.[1] ?? "";
  const rest = (match?.[2] ?? "").trim();
  return {
    name: first.toLowerCase(),
    args: rest === "" ? [] : rest.split(/\s+/),
    rest,
  };
}
