/**
 * Reads a modal submission's `view.state.values`. Every input uses action_id INPUT (see
 * ../views/inputs.ts), so a value is found by its block id alone. Values are checked with zod:
 * a payload that does not have the expected shape is treated as empty, and the service's own
 * validation then answers with an inline error.
 */
import { z } from "zod";
import { ACTIONS, INPUT } from "../ids.js";

const element = z
  .object({
    type: z.string().optional(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
    selected_user: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
  })
  .passthrough();

export type StateValues = Record<string, Record<string, unknown>>;

function read(values: StateValues, blockId: string): z.infer<typeof element> | undefined {
  const parsed = element.safeParse(values?.[blockId]?.[INPUT]);
  return parsed.success ? parsed.data : undefined;
}

export const viewState = {
  text: (v: StateValues, id: string): string => read(v, id)?.value ?? "",
  option: (v: StateValues, id: string): string | undefined =>
    read(v, id)?.selected_option?.value ?? undefined,
  options: (v: StateValues, id: string): string[] =>
    (read(v, id)?.selected_options ?? []).map((o) => o.value),
  user: (v: StateValues, id: string): string | undefined => read(v, id)?.selected_user ?? undefined,
  date: (v: StateValues, id: string): string | undefined => read(v, id)?.selected_date ?? undefined,
  time: (v: StateValues, id: string): string | undefined => read(v, id)?.selected_time ?? undefined,
};

const accessory = z.object({
  selected_option: z.object({ value: z.string().max(200) }).nullish(),
});

/** The value of a section's select accessory (ACTIONS.couldHelpSelect), or undefined. */
export function couldHelpValue(values: StateValues, blockId: string): string | undefined {
  const parsed = accessory.safeParse(values?.[blockId]?.[ACTIONS.couldHelpSelect]);
  return parsed.success ? (parsed.data.selected_option?.value ?? undefined) : undefined;
}

/** private_metadata is ours, but it travels through Slack: parse it, never trust its shape. */
export function parseMetadata<T extends z.ZodType>(
  schema: T,
  raw: string | undefined,
): z.infer<T> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ""));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
