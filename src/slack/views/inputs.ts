/**
 * Builders for modal inputs. Every input's element uses the action_id INPUT, so a submission's
 * value is always `state.values[blockId][INPUT]` (see ../parsers/viewState.ts); block ids come
 * from ../ids.ts and double as the keys of inline errors.
 */
import type { InputBlock, PlainTextOption } from "@slack/types";
import { INPUT } from "../ids.js";
import { truncate } from "./mrkdwn.js";

export const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });

export function option(text: string, value: string): PlainTextOption {
  // Slack: option text at most 75 characters, value at most 150.
  return { text: plain(truncate(text, 75)), value: value.slice(0, 150) };
}

interface Common {
  readonly optional?: boolean;
  readonly hint?: string;
}

function input(
  blockId: string,
  label: string,
  element: InputBlock["element"],
  c: Common,
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plain(label),
    optional: c.optional ?? false,
    ...(c.hint ? { hint: plain(c.hint) } : {}),
    element,
  };
}

export function textInput(
  blockId: string,
  label: string,
  o: Common & {
    initial?: string | null;
    maxLength: number;
    multiline?: boolean;
    placeholder?: string;
  },
): InputBlock {
  return input(
    blockId,
    label,
    {
      type: "plain_text_input",
      action_id: INPUT,
      multiline: o.multiline ?? false,
      max_length: Math.min(3000, o.maxLength),
      ...(o.initial ? { initial_value: o.initial } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder) } : {}),
    },
    o,
  );
}

export function numberInput(
  blockId: string,
  label: string,
  o: Common & { initial?: number | null; decimal?: boolean; min?: number; max?: number },
): InputBlock {
  return input(
    blockId,
    label,
    {
      type: "number_input",
      action_id: INPUT,
      is_decimal_allowed: o.decimal ?? true,
      ...(o.initial !== undefined && o.initial !== null
        ? { initial_value: String(o.initial) }
        : {}),
      ...(o.min !== undefined ? { min_value: String(o.min) } : {}),
      ...(o.max !== undefined ? { max_value: String(o.max) } : {}),
    },
    o,
  );
}

/** Slack's cap on a select's options. */
export const MAX_OPTIONS = 100;

/**
 * At most MAX_OPTIONS options, the chosen ones first: Slack rejects an initial option that is not
 * among the options sent, and a long list must never hide what is already selected.
 */
export function capOptions(
  options: PlainTextOption[],
  chosen: readonly string[],
): PlainTextOption[] {
  if (options.length <= MAX_OPTIONS) return options;
  const first = options.filter((o) => chosen.includes(o.value ?? ""));
  const rest = options.filter((o) => !chosen.includes(o.value ?? ""));
  return [...first, ...rest].slice(0, MAX_OPTIONS);
}

export function selectInput(
  blockId: string,
  label: string,
  options: PlainTextOption[],
  o: Common & { initial?: string | null; placeholder?: string },
): InputBlock {
  const initial = options.find((opt) => opt.value === o.initial);
  return input(
    blockId,
    label,
    {
      type: "static_select",
      action_id: INPUT,
      options: capOptions(options, o.initial ? [o.initial] : []),
      placeholder: plain(o.placeholder ?? "Choose"),
      ...(initial ? { initial_option: initial } : {}),
    },
    o,
  );
}

export function multiSelectInput(
  blockId: string,
  label: string,
  options: PlainTextOption[],
  o: Common & { initial?: readonly string[]; placeholder?: string },
): InputBlock {
  const initial = options
    .filter((opt) => o.initial?.includes(opt.value ?? ""))
    .slice(0, MAX_OPTIONS);
  return input(
    blockId,
    label,
    {
      type: "multi_static_select",
      action_id: INPUT,
      options: capOptions(options, o.initial ?? []),
      placeholder: plain(o.placeholder ?? "Choose"),
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    },
    o,
  );
}

export function userInput(
  blockId: string,
  label: string,
  o: Common & { initial?: string | null },
): InputBlock {
  return input(
    blockId,
    label,
    {
      type: "users_select",
      action_id: INPUT,
      placeholder: plain("Choose a person"),
      ...(o.initial ? { initial_user: o.initial } : {}),
    },
    o,
  );
}

export function dateInput(
  blockId: string,
  label: string,
  o: Common & { initial?: string | null },
): InputBlock {
  return input(
    blockId,
    label,
    {
      type: "datepicker",
      action_id: INPUT,
      ...(o.initial ? { initial_date: o.initial } : {}),
    },
    o,
  );
}

export function timeInput(
  blockId: string,
  label: string,
  o: Common & { initial?: string | null },
): InputBlock {
  return input(
    blockId,
    label,
    {
      type: "timepicker",
      action_id: INPUT,
      ...(o.initial ? { initial_time: o.initial } : {}),
    },
    o,
  );
}
