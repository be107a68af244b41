/**
 * Being away: an owner says the last day they are away (`/poc away <date>`, or *I'm away* on a
 * prompt); prompts of periods whose slot date falls on or before it are skipped, so they are not
 * counted silent. The date is today or later in the owner's zone, at most a year ahead.
 */
import { DomainError } from "./errors.js";
import { FIELDS } from "./forms.js";
import { parseDate } from "./rules.js";
import { localDate } from "./schedule.js";

/** The same calendar date a year later (29 February becomes 1 March). */
function aYearAfter(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * The last day someone is away, as typed: a date from today (in their zone `zone`) up to a year
 * ahead. Errors name the away form's date field.
 */
export function parseAwayUntil(raw: string | undefined, zone: string, now: number): string {
  const field = FIELDS.away.until;
  const text = (raw ?? "").trim();
  if (text === "") {
    throw new DomainError("invalid_input", "Choose the last day you are away.", field);
  }
  const date = parseDate(text, "The date", field);
  const today = localDate(zone, now);
  if (date < today) {
    throw new DomainError(
      "invalid_input",
      `${date} is in the past (today is ${today} in ${zone}). Choose today or a later day.`,
      field,
    );
  }
  const limit = aYearAfter(today);
  if (date > limit) {
    throw new DomainError(
      "invalid_input",
      `${date} is more than a year ahead; choose a day up to ${limit}, and extend it later if needed.`,
      field,
    );
  }
  return date;
}
