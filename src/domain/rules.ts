/**
 * Limits and normal forms for what people type. The numbers keep every value displayable inside
 * Slack's Block Kit limits (shared/design/slack-platform.md): a title must fit a header (150),
 * a name must fit a select option (75), long text must fit a section (3000) with room to spare.
 */
import { DomainError } from "./errors.js";
import { isPlaceZone, parseLocalTime } from "./schedule.js";
import { SECTORS, type Sector, type Weekday } from "./types.js";
import { quoted, say } from "./wording.js";

export const LIMITS = {
  partnershipName: 80,
  purpose: 1000,
  organizationName: 75,
  objectiveTitle: 150,
  indicator: 150,
  unit: 30,
  commitmentTitle: 150,
  checkInText: 1500,
} as const;

/** Case- and space-insensitive identity of a name: "ACME  Inc" and "acme inc" are one. */
export function normalizeName(name: string): string {
  return name.normalize("NFKC").toLocaleLowerCase("en").replace(/\s+/g, "");
}

/** Counts user-perceived characters roughly as Slack does (code points, not UTF-16 units). */
export function length(text: string): number {
  return Array.from(text).length;
}

/**
 * Trims and checks a required piece of text; `field` names the modal input or argument so the
 * error can be shown next to it.
 */
export function requireText(
  value: string | null | undefined,
  label: string,
  max: number,
  field?: string,
): string {
  const text = (value ?? "").trim();
  if (text === "") throw new DomainError("invalid_input", `${label} cannot be empty.`, field);
  if (length(text) > max) {
    throw new DomainError(
      "invalid_input",
      `${label} is ${length(text)} characters; the limit is ${max}.`,
      field,
    );
  }
  return text;
}

/** Like requireText, but empty means null. */
export function optionalText(
  value: string | null | undefined,
  label: string,
  max: number,
  field?: string,
): string | null {
  const text = (value ?? "").trim();
  if (text === "") return null;
  return requireText(text, label, max, field);
}

const SECTOR_WORDS: Record<string, Sector> = {
  business: "business",
  company: "business",
  private: "business",
  government: "government",
  public: "government",
  civilsociety: "civil_society",
  civil_society: "civil_society",
  ngo: "civil_society",
  nonprofit: "civil_society",
  academia: "academia",
  university: "academia",
  research: "academia",
  philanthropy: "philanthropy",
  funder: "philanthropy",
  foundation: "philanthropy",
  multilateral: "multilateral",
  other: "other",
};

export const SECTOR_LABELS: Record<Sector, string> = {
  business: "business",
  government: "government",
  civil_society: "civil society",
  academia: "academia",
  philanthropy: "philanthropy",
  multilateral: "multilateral",
  other: "other",
};

/** Reads a sector as people type it ("civil society", "NGO", "Academia"). */
export function parseSector(text: string): Sector {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "");
  const sector = SECTOR_WORDS[key] ?? SECTOR_WORDS[key.replace(/_/g, "")];
  if (sector === undefined) {
    throw new DomainError(
      "invalid_input",
      say`${quoted(text, 40)} is not a sector. Use one of: ${SECTORS.map((s) => SECTOR_LABELS[s]).join(", ")}.`,
      "sector",
    );
  }
  return sector;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "YYYY-MM-DD" that exists. */
export function parseDate(text: string, label: string, field?: string): string {
  const m = DATE.exec(text.trim());
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (
    !m ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d
  ) {
    throw new DomainError("invalid_input", `${label} must be a date like 2027-03-31.`, field);
  }
  return text.trim();
}

/** One of `choices`, as a select sent it; anything else is refused with `message` at `field`. */
export function parseChoice<T extends string>(
  choices: readonly T[],
  raw: string | undefined,
  message: string,
  field?: string,
): T {
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new DomainError("invalid_input", message, field);
  return found;
}

/** A weekday from a select: 1 (Monday) to 7 (Sunday). */
export function parseWeekday(value: string | number | undefined, field: string): Weekday {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 7) {
    throw new DomainError("invalid_input", "Choose a weekday.", field);
  }
  return n as Weekday;
}

/** A time of day from a time picker, "HH:MM". */
export function parseTime(value: string | undefined, field: string): string {
  try {
    parseLocalTime(value ?? "");
    return value as string;
  } catch {
    throw new DomainError("invalid_input", "Choose a time of day, like 09:00.", field);
  }
}

/** A time zone people may choose (`isPlaceZone`), trimmed. */
export function parseZone(value: string, field: string): string {
  const zone = value.trim();
  if (!isPlaceZone(zone)) {
    throw new DomainError(
      "invalid_input",
      say`${quoted(zone, 60)} is not a time zone. Use an IANA name such as Europe/Berlin or America/Bogota.`,
      field,
    );
  }
  return zone;
}
