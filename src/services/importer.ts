/**
 * `poc import partnership.yml`: one file describes one partnership (its workspace and channel,
 * organizations, members, objectives, commitments). The file is validated as a whole, so every
 * problem is reported at once with the path of the value it is about (the CLI turns paths into
 * line:column), and applied in one transaction.
 *
 * Idempotent by natural keys, so importing the same file twice changes nothing the second time:
 * partnership by (workspace, channel), organization by normalized name, member by Slack user id,
 * objective by normalized title, commitment by (normalized title, owner). Nothing the file does
 * not mention is deleted; an import only creates and updates.
 *
 * The file is the truth for what it lists: an optional value left out (a purpose, a due date) is
 * cleared. Two exceptions keep what is stored when left out: `settings` (also set with `/poc
 * settings`), and a member's name and zone. The import runs offline (no Slack), so those come from
 * the file, null for a new member without them; the app may later cache them from users.info.
 */
import { z } from "zod";
import type { Commitment, Member, Objective, Organization, Partnership } from "../db/schema.js";
import { CHECK_IN_DEFAULTS, PARTNERSHIP_DEFAULTS, SETTINGS_LIMITS } from "../domain/defaults.js";
import { DomainError } from "../domain/errors.js";
import { keepsACoordinator, mayOwnCommitments, ruleBrokenBy } from "../domain/membership.js";
import {
  LIMITS,
  normalizeName,
  optionalText,
  parseDate,
  parseSector,
  requireText,
  SECTOR_LABELS,
} from "../domain/rules.js";
import { isPlaceZone, parseLocalTime } from "../domain/schedule.js";
import { CADENCES, ROLES, type Role, SECTORS, type Sector, type Weekday } from "../domain/types.js";
import type { ServiceKit } from "./kit.js";

/** Who the audit log names for what an import wrote. */
export const IMPORT_ACTOR = "import";

/** The optional `settings` block: the knobs of `/poc settings`, with its ranges (docs/settings.md). */
export const IMPORT_SETTINGS = {
  reminder_delay_hours: SETTINGS_LIMITS.reminderDelayHours,
  reminders: SETTINGS_LIMITS.maxReminders,
  silent_periods: SETTINGS_LIMITS.silentPeriods,
  blocker_escalation_days: SETTINGS_LIMITS.blockerEscalationDays,
} as const;

export type ImportPath = readonly (string | number)[];

/** One thing wrong with the file: where (a path into it) and what. */
export interface ImportProblem {
  readonly path: ImportPath;
  readonly message: string;
}

export const IMPORT_KINDS = [
  "workspace",
  "partnership",
  "organization",
  "member",
  "objective",
  "commitment",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportChange {
  readonly kind: ImportKind;
  readonly action: "create" | "update";
  /** What names the row: a team, channel or user id, an organization's name, a title. */
  readonly name: string;
  /** A commitment's owner (Slack user id). */
  readonly owner?: string;
  /** A partnership's channel id. */
  readonly channel?: string;
  /** For an update: the file's keys whose values changed. */
  readonly fields: readonly string[];
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  readonly dryRun: boolean;
  /** The partnership's id; null for a dry run that would create it. */
  readonly partnershipId: number | null;
  readonly counts: Readonly<Record<ImportKind, Readonly<KindCounts>>>;
  readonly changes: readonly ImportChange[];
  readonly created: number;
  readonly updated: number;
}

export type ImportOutcome =
  | { readonly ok: true; readonly report: ImportReport }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export interface ImporterService {
  /**
   * Validates `input` (the file as plain data, e.g. YAML's `toJS()`) and, when nothing is wrong,
   * applies it in one transaction. With `dryRun` the same work runs and is rolled back, so the
   * report says exactly what an import would change. Problems write nothing.
   */
  importPartnership(input: unknown, now: number, options?: { dryRun?: boolean }): ImportOutcome;
}

// ---------------------------------------------------------------------------------------------
// Parsing single values. Each parser throws DomainError with a message a person can act on; the
// schema turns it into an issue at the value's path.

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
const TEAM_ID = /^[TE][A-Z0-9]{2,20}$/;
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

const invalid = (message: string) => new DomainError("invalid_input", message);

/** YAML gives numbers and booleans for some bare words; a name like 2030 is still text. */
function asText(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw invalid(`${label} must be text, not a ${Array.isArray(value) ? "list" : "mapping"}.`);
}

/** The value as its parser would read it, or undefined when it is malformed (reported elsewhere). */
function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

const quote = (text: string) => JSON.stringify(Array.from(text).slice(0, 60).join(""));

function slackId(value: unknown, kind: string, pattern: RegExp, example: string): string {
  const text = (asText(value, `The ${kind} id`) ?? "").trim();
  if (text === "") throw invalid(`A Slack ${kind} id is required, like ${example}.`);
  const id = MENTION.exec(text)?.[1] ?? text;
  if (!pattern.test(id))
    throw invalid(`${quote(text)} is not a Slack ${kind} id (like ${example}).`);
  return id;
}

export const parseUserId = (value: unknown) => slackId(value, "user", USER_ID, "U0123ABCD");
const parseChannelId = (value: unknown) => slackId(value, "channel", CHANNEL_ID, "C0123ABCD");
const parseTeamId = (value: unknown) => slackId(value, "team", TEAM_ID, "T0123ABCD");

/** The rule of `/poc setup` (`isPlaceZone`), worded for the file. */
function parseZoneValue(value: unknown): string {
  const text = (asText(value, "The time zone") ?? "").trim();
  if (text === "") throw invalid("A time zone is required: an IANA name such as Europe/Berlin.");
  if (!isPlaceZone(text)) {
    throw invalid(
      `${quote(text)} is not a time zone. Use an IANA name such as Europe/Berlin or America/Bogota.`,
    );
  }
  return text;
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function parseWeekdayValue(value: unknown, fallback: Weekday): Weekday {
  if (value === undefined || value === null) return fallback;
  const text = (asText(value, "The weekday") ?? "").trim().toLowerCase();
  const byName = WEEKDAYS.findIndex((day) => day === text || day.slice(0, 3) === text);
  if (byName !== -1) return (byName + 1) as Weekday;
  if (/^[1-7]$/.test(text)) return Number(text) as Weekday;
  throw invalid(`${quote(text)} is not a weekday: use monday to sunday, or 1 (Monday) to 7.`);
}

function parseTimeValue(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  const text = (asText(value, "The time") ?? "").trim();
  const padded = /^\d:\d\d$/.test(text) ? `0${text}` : text;
  // The messages here are printed on a terminal: no mrkdwn, so not the shared parsers' wording.
  if (attempt(() => parseLocalTime(padded)) === undefined) {
    throw invalid(`${quote(text)} is not a time of day: use HH:MM, 24-hour, like "09:00".`);
  }
  return padded;
}

function parseNumberValue(value: unknown, label: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(`${label} must be a number, like 120 or 0.5.`);
  }
  return value;
}

function parseIntegerValue(value: unknown, label: string, min: number, max: number) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${label} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function parseChoice<T extends string>(value: unknown, label: string, choices: readonly T[]): T {
  const text = (asText(value, label) ?? "").trim().toLowerCase();
  const found = choices.find((choice) => choice === text);
  if (found === undefined) {
    const shown = text === "" ? `${label} is required` : `${quote(text)} is not a ${label}`;
    throw invalid(`${shown}: use one of ${choices.join(", ")}.`);
  }
  return found;
}

function parseSectorValue(value: unknown): Sector {
  const text = (asText(value, "The sector") ?? "").trim();
  if (text === "") {
    throw invalid(
      `A sector is required: one of ${SECTORS.map((s) => SECTOR_LABELS[s]).join(", ")}.`,
    );
  }
  const sector = attempt(() => parseSector(text));
  if (sector === undefined) {
    throw invalid(
      `${quote(text)} is not a sector. Use one of: ${SECTORS.map((s) => SECTOR_LABELS[s]).join(", ")}.`,
    );
  }
  return sector;
}

function parseDateValue(value: unknown, label: string): string | null {
  const text = (asText(value, label) ?? "").trim();
  return text === "" ? null : parseDate(text, label);
}

// ---------------------------------------------------------------------------------------------
// The file's schema. Objects are strict so a misspelt key is reported, not silently ignored.

/**
 * A value checked by one of the parsers above, its DomainError becoming a zod issue. The identity
 * preprocess makes zod run the parser for an absent key too (a bare `z.unknown().transform` would
 * answer "expected nonoptional" instead of the parser's message or default).
 */
function field<T>(parse: (value: unknown) => T) {
  return z
    .preprocess((value) => value, z.unknown())
    .transform((value, ctx): T => {
      try {
        return parse(value);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    });
}

const required = (label: string, max: number) =>
  field((v) => requireText(asText(v, label), label, max));
const optional = (label: string, max: number) =>
  field((v) => optionalText(asText(v, label), label, max));

const mapping = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? undefined
        : issue.input === undefined || issue.input === null
          ? "missing (required)"
          : "must be a mapping of keys and values",
  });

/** A list; absent or empty (`key:` with nothing after it) is an empty list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => value ?? [],
    z.array(item, { error: "must be a list (one item per line, each starting with -)" }),
  );

const organizationSchema = mapping({
  name: required("The organization's name", LIMITS.organizationName),
  sector: field(parseSectorValue),
});

const memberSchema = mapping({
  user: field(parseUserId),
  name: optional("The member's name", LIMITS.partnershipName),
  time_zone: field((v) => (v === undefined || v === null ? null : parseZoneValue(v))),
  organization: optional("The organization's name", LIMITS.organizationName),
  role: field((v) => parseChoice(v, "role", ROLES)),
});

const objectiveSchema = mapping({
  title: required("The objective's title", LIMITS.objectiveTitle),
  indicator: optional("The indicator", LIMITS.indicator),
  unit: optional("The unit", LIMITS.unit),
  baseline: field((v) => parseNumberValue(v, "The baseline")),
  target: field((v) => parseNumberValue(v, "The target")),
  target_date: field((v) => parseDateValue(v, "The target date")),
});

const commitmentSchema = mapping({
  title: required("The commitment's title", LIMITS.commitmentTitle),
  owner: field(parseUserId),
  organization: required("The organization's name", LIMITS.organizationName),
  objectives: list(required("The objective's title", LIMITS.objectiveTitle)),
  due: field((v) => parseDateValue(v, "The due date")),
  cadence: field((v) => parseChoice(v, "cadence", CADENCES)),
  weekday: field((v) => parseWeekdayValue(v, CHECK_IN_DEFAULTS.weekday)),
  time: field((v) => parseTimeValue(v, CHECK_IN_DEFAULTS.time)),
});

const setting = (key: keyof typeof IMPORT_SETTINGS) =>
  field((v) => parseIntegerValue(v, key, IMPORT_SETTINGS[key].min, IMPORT_SETTINGS[key].max));

const fileSchema = mapping({
  workspace: mapping({
    team_id: field(parseTeamId),
    name: optional("The workspace's name", LIMITS.partnershipName),
  }),
  channel: field(parseChannelId),
  name: required("The partnership's name", LIMITS.partnershipName),
  purpose: optional("The purpose", LIMITS.purpose),
  time_zone: field(parseZoneValue),
  digest: z.preprocess(
    (value) => value ?? {},
    mapping({
      weekday: field((v) => parseWeekdayValue(v, PARTNERSHIP_DEFAULTS.digestWeekday)),
      time: field((v) => parseTimeValue(v, PARTNERSHIP_DEFAULTS.digestTime)),
    }),
  ),
  settings: z.preprocess(
    (value) => value ?? {},
    mapping({
      reminder_delay_hours: setting("reminder_delay_hours"),
      reminders: setting("reminders"),
      silent_periods: setting("silent_periods"),
      blocker_escalation_days: setting("blocker_escalation_days"),
    }),
  ),
  organizations: list(organizationSchema),
  members: list(memberSchema),
  objectives: list(objectiveSchema),
  commitments: list(commitmentSchema),
});

export type PartnershipFile = z.output<typeof fileSchema>;

/** The keys each mapping accepts, to name them when a key is unknown. */
const KEYS: Record<string, readonly string[]> = {
  "": Object.keys(fileSchema.shape),
  workspace: ["team_id", "name"],
  digest: ["weekday", "time"],
  settings: Object.keys(IMPORT_SETTINGS),
  organizations: Object.keys(organizationSchema.shape),
  members: Object.keys(memberSchema.shape),
  objectives: Object.keys(objectiveSchema.shape),
  commitments: Object.keys(commitmentSchema.shape),
};

function shapeProblems(error: z.ZodError): ImportProblem[] {
  return error.issues.flatMap((issue): ImportProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const section = [...path].reverse().find((p) => typeof p === "string") ?? "";
      const known = KEYS[section] ?? [];
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key ${quote(key)}; expected one of: ${known.join(", ")}`,
      }));
    }
    return [{ path, message: issue.message }];
  });
}

// ---------------------------------------------------------------------------------------------
// References between the file's parts and the database. They run on the raw input even when some
// values are malformed, so one run reports every problem.

type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : undefined;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const rawName = (value: unknown) => {
  const text = attempt(() => asText(value, "")?.trim());
  return text ? text : undefined;
};

interface Existing {
  readonly partnership: Partnership | undefined;
  readonly organizations: Organization[];
  readonly members: Member[];
  readonly objectives: Objective[];
  /** Slack user ids that own active commitments in the partnership now. */
  readonly activeOwners: ReadonlySet<string>;
}

function referenceProblems(raw: Raw, existing: Existing): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const where = existing.partnership ? " or in the partnership" : "";

  const orgNames = new Map<string, number>();
  asList(raw.organizations).forEach((item, i) => {
    const name = rawName(asRecord(item)?.name);
    if (name === undefined) return;
    const key = normalizeName(name);
    const first = orgNames.get(key);
    if (first === undefined) orgNames.set(key, i);
    else {
      problems.push({
        path: ["organizations", i, "name"],
        message: `${quote(name)} is already listed as organizations[${first}]: names are case- and space-insensitive`,
      });
    }
  });
  const dbOrgs = new Set(existing.organizations.map((o) => o.normalizedName));
  const checkOrg = (value: unknown, path: ImportPath) => {
    const name = rawName(value);
    if (name === undefined) return;
    const key = normalizeName(name);
    if (!orgNames.has(key) && !dbOrgs.has(key)) {
      problems.push({
        path,
        message: `${quote(name)} is not an organization listed in the file${where}`,
      });
    }
  };

  const fileRoles = new Map<string, { index: number; role: Role | undefined }>();
  asList(raw.members).forEach((item, i) => {
    const member = asRecord(item);
    if (member === undefined) return;
    checkOrg(member.organization, ["members", i, "organization"]);
    const user = attempt(() => parseUserId(member.user));
    if (user === undefined) return;
    const first = fileRoles.get(user);
    if (first !== undefined) {
      problems.push({
        path: ["members", i, "user"],
        message: `${user} is already listed as members[${first.index}]`,
      });
      return;
    }
    const role = attempt(() => parseChoice(member.role, "role", ROLES));
    fileRoles.set(user, { index: i, role });
    if (role === undefined) return;
    const broken = ruleBrokenBy({
      role,
      hasOrganization:
        rawName(member.organization) !== undefined ||
        existing.members.some((m) => m.slackUserId === user && m.organizationId !== null),
      ownsOpenCommitments: existing.activeOwners.has(user),
    });
    if (broken === "observer_owns_nothing") {
      problems.push({
        path: ["members", i, "role"],
        message: `${user} owns active commitments in the partnership: observers are never asked to check in, so close or reassign them first`,
      });
    }
    if (broken === "partner_has_organization") {
      problems.push({
        path: ["members", i, "organization"],
        message: `${user} is a partner: a partner belongs to an organization (name one of the file's organizations)`,
      });
    }
  });
  const dbRoles = new Map(existing.members.map((m) => [m.slackUserId, m.role]));
  const roleOf = (user: string) =>
    fileRoles.has(user) ? fileRoles.get(user)?.role : dbRoles.get(user);

  const roles = [...new Set([...fileRoles.keys(), ...dbRoles.keys()])]
    .map(roleOf)
    .filter((role) => role !== undefined);
  const unknownRole = [...fileRoles.values()].some((m) => m.role === undefined);
  if (!keepsACoordinator(roles) && !unknownRole) {
    problems.push({
      path: raw.members === undefined ? [] : ["members"],
      message: "a partnership needs at least one member with role: coordinator",
    });
  }

  const objectiveTitles = new Map<string, number>();
  asList(raw.objectives).forEach((item, i) => {
    const title = rawName(asRecord(item)?.title);
    if (title === undefined) return;
    const key = normalizeName(title);
    const first = objectiveTitles.get(key);
    if (first === undefined) objectiveTitles.set(key, i);
    else {
      problems.push({
        path: ["objectives", i, "title"],
        message: `${quote(title)} is already listed as objectives[${first}]: titles are case- and space-insensitive`,
      });
    }
  });
  const dbObjectives = new Set(existing.objectives.map((o) => normalizeName(o.title)));

  const commitmentKeys = new Map<string, number>();
  asList(raw.commitments).forEach((item, i) => {
    const commitment = asRecord(item);
    if (commitment === undefined) return;
    checkOrg(commitment.organization, ["commitments", i, "organization"]);
    const owner = attempt(() => parseUserId(commitment.owner));
    if (owner !== undefined) {
      const role = roleOf(owner);
      if (!fileRoles.has(owner) && !dbRoles.has(owner)) {
        problems.push({
          path: ["commitments", i, "owner"],
          message: `${owner} is not a member listed in the file${where}`,
        });
      } else if (role !== undefined && !mayOwnCommitments(role)) {
        problems.push({
          path: ["commitments", i, "owner"],
          message: `${owner} is an observer: observers are never asked to check in, so they cannot own commitments`,
        });
      }
    }
    asList(commitment.objectives).forEach((title, j) => {
      const name = rawName(title);
      if (name === undefined) return;
      const key = normalizeName(name);
      if (!objectiveTitles.has(key) && !dbObjectives.has(key)) {
        problems.push({
          path: ["commitments", i, "objectives", j],
          message: `${quote(name)} is not an objective listed in the file${where}`,
        });
      }
    });
    const title = rawName(commitment.title);
    if (title === undefined || owner === undefined) return;
    const key = `${normalizeName(title)}\u0000${owner}`;
    const first = commitmentKeys.get(key);
    if (first === undefined) commitmentKeys.set(key, i);
    else {
      problems.push({
        path: ["commitments", i, "title"],
        message: `${quote(title)} owned by ${owner} is already listed as commitments[${first}]`,
      });
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------

/** Thrown inside the transaction to roll a dry run back, carrying what it would have done. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** The file's keys whose values differ, for the fields the row and the file share. */
function changedFields<T extends Record<string, unknown>>(
  row: T,
  next: Partial<T>,
  keys: Record<string, keyof T>,
): { fields: string[]; patch: Partial<T> } {
  const fields: string[] = [];
  const patch: Partial<T> = {};
  for (const [fileKey, column] of Object.entries(keys)) {
    if (!(column in next) || next[column] === undefined) continue;
    if (row[column] !== next[column]) {
      fields.push(fileKey);
      patch[column] = next[column];
    }
  }
  return { fields, patch };
}

export function createImporterService(kit: ServiceKit): ImporterService {
  const { repos } = kit;
  /** The team of the import in progress, for the change announcement after commit. */
  let teamId = "";

  const loadExisting = (raw: Raw): Existing => {
    const team = attempt(() => parseTeamId(asRecord(raw.workspace)?.team_id));
    const channel = attempt(() => parseChannelId(raw.channel));
    const workspace = team === undefined ? undefined : repos.workspaces.findByTeamId(team);
    const partnership =
      workspace === undefined || channel === undefined
        ? undefined
        : repos.partnerships.findByChannel(workspace.id, channel);
    if (partnership === undefined) {
      return {
        partnership,
        organizations: [],
        members: [],
        objectives: [],
        activeOwners: new Set(),
      };
    }
    const members = repos.members.list(partnership.id);
    const userOf = new Map(members.map((m) => [m.id, m.slackUserId]));
    const activeOwners = new Set(
      repos.commitments
        .list(partnership.id, { state: "active" })
        .map((c) => userOf.get(c.ownerMemberId))
        .filter((u): u is string => u !== undefined),
    );
    return {
      partnership,
      organizations: repos.organizations.list(partnership.id),
      members,
      objectives: repos.objectives.list(partnership.id),
      activeOwners,
    };
  };

  const apply = (file: PartnershipFile, now: number, dryRun: boolean): ImportReport => {
    const changes: ImportChange[] = [];
    const counts = Object.fromEntries(
      IMPORT_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0 }]),
    ) as Record<ImportKind, KindCounts>;
    let workspaceId = 0;
    teamId = file.workspace.team_id;
    let partnershipId: number | null = null;

    const unchanged = (kind: ImportKind) => {
      counts[kind].unchanged += 1;
    };
    const changed = (
      change: ImportChange,
      entityId: number,
      detail: Record<string, unknown>,
    ): void => {
      changes.push(change);
      counts[change.kind][change.action === "create" ? "created" : "updated"] += 1;
      repos.audit.record({
        workspaceId,
        partnershipId,
        actorUserId: IMPORT_ACTOR,
        action: `${change.kind}.${change.action === "create" ? "create" : "edit"}`,
        entity: change.kind,
        entityId,
        detail: change.action === "create" ? detail : { fields: change.fields, ...detail },
        at: now,
      });
    };

    // Workspace: created when unknown; an installed workspace's row belongs to the install.
    let workspace = repos.workspaces.findByTeamId(teamId);
    if (workspace === undefined) {
      workspace = repos.workspaces.upsertWorkspace({
        teamId,
        name: file.workspace.name ?? teamId,
        installedAt: now,
      });
      workspaceId = workspace.id;
      changed({ kind: "workspace", action: "create", name: teamId, fields: [] }, workspace.id, {
        teamId,
        name: workspace.name,
      });
    } else {
      workspaceId = workspace.id;
      unchanged("workspace");
    }

    // Partnership.
    const s = file.settings;
    const values = {
      name: file.name,
      purpose: file.purpose,
      timeZone: file.time_zone,
      digestWeekday: file.digest.weekday,
      digestTime: file.digest.time,
      ...(s.reminder_delay_hours === undefined
        ? {}
        : { reminderDelayMinutes: s.reminder_delay_hours * 60 }),
      ...(s.reminders === undefined ? {} : { maxReminders: s.reminders }),
      ...(s.silent_periods === undefined
        ? {}
        : { silentPeriodsBeforeEscalation: s.silent_periods }),
      ...(s.blocker_escalation_days === undefined
        ? {}
        : { blockerEscalationDays: s.blocker_escalation_days }),
    };
    const existingPartnership = repos.partnerships.findByChannel(workspace.id, file.channel);
    let partnership: Partnership;
    if (existingPartnership === undefined) {
      partnership = repos.partnerships.create({
        workspaceId: workspace.id,
        channelId: file.channel,
        ...values,
        createdBy: IMPORT_ACTOR,
        createdAt: now,
        updatedAt: now,
      });
      partnershipId = partnership.id;
      changed(
        {
          kind: "partnership",
          action: "create",
          name: file.name,
          channel: file.channel,
          fields: [],
        },
        partnership.id,
        { channelId: file.channel, ...values },
      );
    } else {
      partnershipId = existingPartnership.id;
      const { fields, patch } = changedFields(existingPartnership, values, {
        name: "name",
        purpose: "purpose",
        time_zone: "timeZone",
        "digest.weekday": "digestWeekday",
        "digest.time": "digestTime",
        "settings.reminder_delay_hours": "reminderDelayMinutes",
        "settings.reminders": "maxReminders",
        "settings.silent_periods": "silentPeriodsBeforeEscalation",
        "settings.blocker_escalation_days": "blockerEscalationDays",
      });
      if (fields.length === 0) {
        partnership = existingPartnership;
        unchanged("partnership");
      } else {
        partnership = repos.partnerships.update(existingPartnership.id, patch, now);
        changed(
          { kind: "partnership", action: "update", name: file.name, channel: file.channel, fields },
          partnership.id,
          patch,
        );
      }
    }
    const pid = partnership.id;

    // Organizations, by normalized name (a removed one of the same name comes back).
    const orgIds = new Map<string, number>(
      repos.organizations.list(pid).map((o) => [o.normalizedName, o.id]),
    );
    for (const org of file.organizations) {
      const normalizedName = normalizeName(org.name);
      const found = repos.organizations.findAnyByNormalizedName(pid, normalizedName);
      if (found === undefined) {
        const row = repos.organizations.upsert({
          partnershipId: pid,
          name: org.name,
          normalizedName,
          sector: org.sector,
          createdAt: now,
        });
        orgIds.set(normalizedName, row.id);
        changed({ kind: "organization", action: "create", name: org.name, fields: [] }, row.id, {
          name: org.name,
          sector: org.sector,
        });
        continue;
      }
      orgIds.set(normalizedName, found.id);
      const { fields, patch } = changedFields(
        found,
        { name: org.name, sector: org.sector, removedAt: null },
        { name: "name", sector: "sector", removed: "removedAt" },
      );
      if (fields.length === 0) {
        unchanged("organization");
        continue;
      }
      repos.organizations.update(pid, found.id, patch);
      changed({ kind: "organization", action: "update", name: org.name, fields }, found.id, patch);
    }
    const orgId = (name: string): number => {
      const id = orgIds.get(normalizeName(name));
      if (id === undefined) throw new Error(`organization ${name} vanished during import`);
      return id;
    };

    // Members, by Slack user id.
    for (const m of file.members) {
      const organizationId = m.organization === null ? null : orgId(m.organization);
      const found = repos.members.findByUser(pid, m.user);
      if (found === undefined) {
        const row = repos.members.upsert({
          partnershipId: pid,
          slackUserId: m.user,
          organizationId,
          role: m.role,
          displayName: m.name,
          timeZone: m.time_zone,
          timeZoneFetchedAt: null,
          isExternal: false,
          createdAt: now,
        });
        // A removed member comes back on the same row: that is an update, not a new member.
        const restored = row.createdAt !== now;
        changed(
          {
            kind: "member",
            action: restored ? "update" : "create",
            name: m.user,
            fields: restored ? ["removed"] : [],
          },
          row.id,
          { slackUserId: m.user, role: m.role, organizationId },
        );
        continue;
      }
      const { fields, patch } = changedFields<Member>(
        found,
        {
          organizationId,
          role: m.role,
          ...(m.name === null ? {} : { displayName: m.name }),
          ...(m.time_zone === null ? {} : { timeZone: m.time_zone }),
        },
        {
          organization: "organizationId",
          role: "role",
          name: "displayName",
          time_zone: "timeZone",
        },
      );
      if (fields.length === 0) {
        unchanged("member");
        continue;
      }
      repos.members.update(pid, found.id, patch);
      changed({ kind: "member", action: "update", name: m.user, fields }, found.id, patch);
    }
    const memberIds = new Map(repos.members.list(pid).map((m) => [m.slackUserId, m.id]));
    const ownerOf = new Map<number, string>();
    const ownerUser = (memberId: number): string | undefined => {
      if (!ownerOf.has(memberId)) {
        ownerOf.set(memberId, repos.members.findById(pid, memberId)?.slackUserId ?? "");
      }
      return ownerOf.get(memberId) || undefined;
    };

    // Objectives, by normalized title (an active one first when titles repeat in the database).
    const objectives = new Map<string, Objective>();
    for (const o of repos.objectives.list(pid, { includeRetired: true })) {
      const key = normalizeName(o.title);
      const seen = objectives.get(key);
      if (seen === undefined || (seen.state !== "active" && o.state === "active")) {
        objectives.set(key, o);
      }
    }
    const objectiveIds = new Map<string, number>();
    for (const o of file.objectives) {
      const key = normalizeName(o.title);
      const next = {
        title: o.title,
        indicator: o.indicator,
        unit: o.unit,
        baseline: o.baseline,
        target: o.target,
        targetDate: o.target_date,
        state: "active" as const,
      };
      const found = objectives.get(key);
      if (found === undefined) {
        const row = repos.objectives.create({
          partnershipId: pid,
          ...next,
          createdAt: now,
          updatedAt: now,
        });
        objectiveIds.set(key, row.id);
        changed({ kind: "objective", action: "create", name: o.title, fields: [] }, row.id, next);
        continue;
      }
      objectiveIds.set(key, found.id);
      const { fields, patch } = changedFields<Objective>(found, next, {
        title: "title",
        indicator: "indicator",
        unit: "unit",
        baseline: "baseline",
        target: "target",
        target_date: "targetDate",
        state: "state",
      });
      if (fields.length === 0) {
        unchanged("objective");
        continue;
      }
      repos.objectives.update(pid, found.id, { ...patch, updatedAt: now });
      changed({ kind: "objective", action: "update", name: o.title, fields }, found.id, patch);
    }
    const objectiveId = (title: string): number => {
      const key = normalizeName(title);
      const id = objectiveIds.get(key) ?? objectives.get(key)?.id;
      if (id === undefined) throw new Error(`objective ${title} vanished during import`);
      return id;
    };

    // Commitments, by (normalized title, owner).
    const commitments = new Map<string, Commitment & { objectiveIds: number[] }>();
    // Only active commitments match: a closed or dropped one listed again is a new commitment.
    for (const c of repos.commitments.list(pid, { state: "active" })) {
      const owner = ownerUser(c.ownerMemberId);
      const key = `${normalizeName(c.title)}\u0000${owner}`;
      if (owner !== undefined && !commitments.has(key)) commitments.set(key, c);
    }
    for (const c of file.commitments) {
      const ownerMemberId = memberIds.get(c.owner);
      if (ownerMemberId === undefined) throw new Error(`owner ${c.owner} vanished during import`);
      const links = [...new Set(c.objectives.map(objectiveId))].sort((a, b) => a - b);
      const next = {
        title: c.title,
        organizationId: orgId(c.organization),
        ownerMemberId,
        dueDate: c.due,
        cadence: c.cadence,
        checkInWeekday: c.weekday,
        checkInTime: c.time,
      };
      const detail = { ...next, owner: c.owner, objectiveIds: links };
      const found = commitments.get(`${normalizeName(c.title)}\u0000${c.owner}`);
      if (found === undefined) {
        const row = repos.commitments.create(
          {
            partnershipId: pid,
            ...next,
            startedAt: now,
            createdBy: IMPORT_ACTOR,
            createdAt: now,
            updatedAt: now,
          },
          links,
        );
        changed(
          { kind: "commitment", action: "create", name: c.title, owner: c.owner, fields: [] },
          row.id,
          detail,
        );
        continue;
      }
      const { fields, patch } = changedFields<Commitment>(found, next, {
        title: "title",
        organization: "organizationId",
        due: "dueDate",
        cadence: "cadence",
        weekday: "checkInWeekday",
        time: "checkInTime",
      });
      const linksChanged = !sameIds(found.objectiveIds, links);
      if (linksChanged) fields.push("objectives");
      if (fields.length === 0) {
        unchanged("commitment");
        continue;
      }
      repos.commitments.update(pid, found.id, { ...patch, updatedAt: now });
      if (linksChanged) repos.commitments.setObjectives(found.id, links);
      changed(
        { kind: "commitment", action: "update", name: c.title, owner: c.owner, fields },
        found.id,
        { ...patch, ...(linksChanged ? { objectiveIds: links } : {}) },
      );
    }

    const created = changes.filter((c) => c.action === "create").length;
    return {
      dryRun,
      partnershipId: dryRun && existingPartnership === undefined ? null : pid,
      counts,
      changes,
      created,
      updated: changes.length - created,
    };
  };

  return {
    importPartnership(input, now, options = {}) {
      const dryRun = options.dryRun === true;
      const root = asRecord(input);
      if (root === undefined) {
        return {
          ok: false,
          problems: [
            {
              path: [],
              message:
                input === undefined || input === null
                  ? "the file is empty: it must describe one partnership (workspace, channel, name, ...)"
                  : "the file must be a mapping of keys and values describing one partnership",
            },
          ],
        };
      }
      let outcome: ImportOutcome;
      try {
        outcome = kit.transaction((): ImportOutcome => {
          const parsed = fileSchema.safeParse(root);
          const problems = [
            ...(parsed.success ? [] : shapeProblems(parsed.error)),
            ...referenceProblems(root, loadExisting(root)),
          ];
          if (problems.length > 0 || !parsed.success) return { ok: false, problems };
          const report = apply(parsed.data, now, dryRun);
          if (dryRun) throw new DryRunRollback(report);
          return { ok: true, report };
        });
      } catch (error) {
        if (error instanceof DryRunRollback) return { ok: true, report: error.report };
        throw error;
      }
      if (
        outcome.ok &&
        outcome.report.partnershipId !== null &&
        outcome.report.changes.length > 0
      ) {
        const partnershipId = outcome.report.partnershipId;
        kit.changes.emit({
          teamId,
          partnershipId,
          userIds: repos.members.list(partnershipId).map((m) => m.slackUserId),
        });
      }
      return outcome;
    },
  };
}
