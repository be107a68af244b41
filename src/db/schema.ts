/**
 * The whole data model as a drizzle SQLite schema. `drizzle-kit generate` turns changes here into
 * a migration under ../../migrations; the app applies them at start (see ./index.ts).
 *
 * Conventions
 * - Tables and columns are snake_case in SQL, camelCase in TypeScript.
 * - Instants are UTC epoch milliseconds in `integer` columns named `...At`. Calendar dates (due
 *   date, target date, away until) are `text` "YYYY-MM-DD"; wall-clock times are "HH:MM".
 * - No column defaults to "now": time is a parameter of every service, so callers pass it.
 * - Text enums use the domain's constants. They type the TypeScript side only: SQLite gets no
 *   CHECK constraint, so adding a state later needs no table rebuild.
 *
 * Foreign keys (enforced: `foreign_keys = ON` on every connection)
 * - A partnership owns its rows: deleting it cascades to everything under it.
 * - References that record history (who owns, raised, wrote; which organization promised) use
 *   NO ACTION, which SQLite checks at the end of the statement: deleting a member, organization
 *   or objective that history points to fails, yet deleting the whole partnership still works,
 *   because the cascade removes the referencing rows within the same statement. (RESTRICT would
 *   fire immediately, in the middle of the cascade, and block that.) Members, organizations and
 *   objectives are soft-deleted (`removedAt`, state `retired`) in normal use.
 * - Optional pointers (a check-in's prompt, a blocker's helper) use SET NULL.
 * - `audit_log` has no foreign keys on purpose: it must outlive the rows it describes.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { PARTNERSHIP_DEFAULTS } from "../domain/defaults.js";
import {
  BLOCKER_STATES,
  CADENCES,
  COMMITMENT_STATES,
  DECISION_STATES,
  DIGEST_STATES,
  OBJECTIVE_STATES,
  PROMPT_STATES,
  ROLES,
  SECTORS,
  STATUSES,
} from "../domain/types.js";

/** A Slack workspace (team) the app is installed in. */
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: text("team_id").notNull(),
    enterpriseId: text("enterprise_id"),
    name: text("name").notNull(),
    /** Set for OAuth installs; a single-workspace install uses the token from config. */
    botToken: text("bot_token"),
    botUserId: text("bot_user_id"),
    installedAt: integer("installed_at").notNull(),
    /** Set on app_uninstalled / tokens_revoked: nothing is sent to the workspace after it. */
    uninstalledAt: integer("uninstalled_at"),
  },
  (t) => [uniqueIndex("workspaces_team_id_unique").on(t.teamId)],
);

/** One collaboration, bound to one channel where its digest goes. */
export const partnerships = sqliteTable(
  "partnerships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    channelId: text("channel_id").notNull(),
    name: text("name").notNull(),
    purpose: text("purpose"),
    /** IANA zone of the digest schedule, e.g. "Europe/Berlin". */
    timeZone: text("time_zone").notNull(),
    /** ISO weekday, 1 = Monday ... 7 = Sunday. */
    digestWeekday: integer("digest_weekday").notNull().default(PARTNERSHIP_DEFAULTS.digestWeekday),
    /** "HH:MM" in `timeZone`. */
    digestTime: text("digest_time").notNull().default(PARTNERSHIP_DEFAULTS.digestTime),
    reminderDelayMinutes: integer("reminder_delay_minutes")
      .notNull()
      .default(PARTNERSHIP_DEFAULTS.reminderDelayHours * 60),
    maxReminders: integer("max_reminders").notNull().default(PARTNERSHIP_DEFAULTS.maxReminders),
    silentPeriodsBeforeEscalation: integer("silent_periods_before_escalation")
      .notNull()
      .default(PARTNERSHIP_DEFAULTS.silentPeriods),
    blockerEscalationDays: integer("blocker_escalation_days")
      .notNull()
      .default(PARTNERSHIP_DEFAULTS.blockerEscalationDays),
    /** Slack user id. */
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    archivedAt: integer("archived_at"),
  },
  (t) => [uniqueIndex("partnerships_workspace_channel_unique").on(t.workspaceId, t.channelId)],
);

/** A partner organization in a partnership. */
export const organizations = sqliteTable(
  "organizations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Lower-cased, whitespace removed; filled by the services, keeps "ACME  Inc" == "acme inc". */
    normalizedName: text("normalized_name").notNull(),
    sector: text("sector", { enum: SECTORS }).notNull(),
    createdAt: integer("created_at").notNull(),
    removedAt: integer("removed_at"),
  },
  (t) => [
    uniqueIndex("organizations_partnership_name_unique").on(t.partnershipId, t.normalizedName),
  ],
);

/** A Slack user in a partnership. */
export const members = sqliteTable(
  "members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    slackUserId: text("slack_user_id").notNull(),
    organizationId: integer("organization_id").references(() => organizations.id, {
      onDelete: "set null",
    }),
    role: text("role", { enum: ROLES }).notNull(),
    displayName: text("display_name"),
    /** Cache of the user's IANA zone from users.info, refreshed when stale. */
    timeZone: text("time_zone"),
    timeZoneFetchedAt: integer("time_zone_fetched_at"),
    /** A Slack Connect user from another organization's workspace. */
    isExternal: integer("is_external", { mode: "boolean" }).notNull().default(false),
    /** "YYYY-MM-DD": no prompts up to and including this date. */
    awayUntil: text("away_until"),
    /** Cache of the DM channel from conversations.open. */
    dmChannelId: text("dm_channel_id"),
    createdAt: integer("created_at").notNull(),
    removedAt: integer("removed_at"),
  },
  (t) => [
    uniqueIndex("members_partnership_user_unique").on(t.partnershipId, t.slackUserId),
    index("members_organization_idx").on(t.organizationId),
    // A person's memberships across partnerships (DMs, the App Home): by Slack id alone.
    index("members_slack_user_idx").on(t.slackUserId),
    // The zone refresh's queue, oldest lookup first (never looked up: 0): the tick reads its
    // head, so a tick with nobody stale reads nothing.
    index("members_zone_fetched_idx")
      .on(sql`COALESCE(time_zone_fetched_at, 0)`)
      .where(sql`removed_at IS NULL`),
  ],
);

/** A shared goal of the partnership. */
export const objectives = sqliteTable(
  "objectives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    indicator: text("indicator"),
    unit: text("unit"),
    baseline: real("baseline"),
    target: real("target"),
    /** "YYYY-MM-DD". */
    targetDate: text("target_date"),
    state: text("state", { enum: OBJECTIVE_STATES }).notNull().default("active"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("objectives_partnership_state_idx").on(t.partnershipId, t.state)],
);

/** What one organization promised, owned by one member, checked in on a cadence. */
export const commitments = sqliteTable(
  "commitments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    ownerMemberId: integer("owner_member_id")
      .notNull()
      .references(() => members.id),
    title: text("title").notNull(),
    /** "YYYY-MM-DD". */
    dueDate: text("due_date"),
    cadence: text("cadence", { enum: CADENCES }).notNull(),
    /** ISO weekday, 1 = Monday ... 7 = Sunday, in the owner's zone. */
    checkInWeekday: integer("check_in_weekday").notNull(),
    /** "HH:MM" in the owner's zone. */
    checkInTime: text("check_in_time").notNull(),
    /** The anchor of a biweekly cadence (which weeks count). */
    startedAt: integer("started_at").notNull(),
    state: text("state", { enum: COMMITMENT_STATES }).notNull().default("active"),
    /** Null until the first check-in. */
    currentStatus: text("current_status", { enum: STATUSES }),
    progress: real("progress"),
    lastCheckInAt: integer("last_check_in_at"),
    closedAt: integer("closed_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /**
     * When the tick's planner looks at this commitment next: where its next period begins, or 0
     * for "at once" (new, or its schedule changed: triggers in migrations/0001 reset it whenever
     * the cadence, weekday, time, start, owner, state, the owner's zone or the partnership's zone
     * changes). A tick with nothing due reads no commitment at all.
     */
    planAt: integer("plan_at").notNull().default(0),
    /**
     * The local date (YYYY-MM-DD) of the slot of the newest prompt, the one that opened the
     * current period (null: never prompted). Unlike `plan_at`, no trigger resets it: a schedule
     * edited later begins a new period only in a later week or month than this date, so a moved
     * check-in day brings no second prompt (docs/time.md, "Periods and keys").
     */
    periodOpenedOn: text("period_opened_on"),
  },
  (t) => [
    index("commitments_partnership_state_idx").on(t.partnershipId, t.state),
    index("commitments_plan_at_idx").on(t.planAt).where(sql`state = 'active'`),
    index("commitments_owner_idx").on(t.ownerMemberId),
    index("commitments_organization_idx").on(t.organizationId),
  ],
);

/** Which objectives a commitment serves (many-to-many). */
export const commitmentObjectives = sqliteTable(
  "commitment_objectives",
  {
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    objectiveId: integer("objective_id")
      .notNull()
      .references(() => objectives.id),
  },
  (t) => [
    primaryKey({ name: "commitment_objectives_pk", columns: [t.commitmentId, t.objectiveId] }),
    // "Which commitments serve this objective" (progress by objective, alignment gaps).
    index("commitment_objectives_objective_idx").on(t.objectiveId),
  ],
);

/**
 * The scheduled request for one commitment's check-in in one period: a durable outbox row.
 * UNIQUE (commitment, period key) makes planning idempotent (`INSERT ... ON CONFLICT DO NOTHING`).
 *
 * The tick's lookups and the indexes that serve them (partial, so they hold only live rows and
 * stay small however many answered prompts pile up; SQLite uses a partial index only when the
 * query repeats its condition, e.g. `WHERE state = 'pending' AND due_at <= ?`):
 * - send: `state = 'pending' AND due_at <= now AND (next_attempt_at IS NULL OR next_attempt_at
 *   <= now)` -> prompts_pending_due_idx;
 * - remind: sent, unanswered, `reminders_sent = 0`, by due time -> prompts_unreminded_due_idx,
 *   and snoozed ones by the end of their snooze -> prompts_snoozed_idx;
 * - silence: sent, unanswered, not escalated, not checked, by `silence_at` ->
 *   prompts_silence_due_idx;
 * - reconcile after a crash: `state = 'sending' AND claimed_at <= now - grace` ->
 *   prompts_sending_claimed_idx.
 */
export const prompts = sqliteTable(
  "prompts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    /** The period this prompt asks about, from the domain's slot maths (e.g. "2025-W07"). */
    periodKey: text("period_key").notNull(),
    dueAt: integer("due_at").notNull(),
    state: text("state", { enum: PROMPT_STATES }).notNull().default("pending"),
    dmChannelId: text("dm_channel_id"),
    messageTs: text("message_ts"),
    /** Set when the prompt went to the partnership channel because the owner cannot be DMed. */
    channelFallbackTs: text("channel_fallback_ts"),
    remindersSent: integer("reminders_sent").notNull().default(0),
    lastReminderAt: integer("last_reminder_at"),
    escalatedAt: integer("escalated_at"),
    /**
     * The silence rule looked at the run ending here and found it shorter than this threshold
     * (0: a newer prompt exists, so it can never be escalated); null: not looked at yet. A
     * trigger clears it when a partnership lowers its threshold.
     */
    silenceChecked: integer("silence_checked"),
    /**
     * The silence rule need not look at this prompt before this instant: no newer period of its
     * commitment can be closed earlier (docs/outbox.md). Set when it is sent (its due time plus
     * the shortest period) and, once a newer prompt exists, to the instant its period closes;
     * 0: look whenever it is in range. A trigger sets it to 0 when the partnership's reminder
     * delay changes.
     */
    silenceAt: integer("silence_at").notNull().default(0),
    snoozedUntil: integer("snoozed_until"),
    answeredAt: integer("answered_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** After a retryable failure: not before this instant. */
    nextAttemptAt: integer("next_attempt_at"),
    /** When a tick moved it to `sending`. */
    claimedAt: integer("claimed_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prompts_commitment_period_unique").on(t.commitmentId, t.periodKey),
    index("prompts_commitment_due_idx").on(t.commitmentId, t.dueAt),
    // Each commitment's newest answered period in one seek (the silent-owner rule, read by
    // /poc status, the App Home, the agenda and every digest), not a walk back over the
    // unanswered ones: the same condition, word for word, as that read's.
    index("prompts_answered_due_idx")
      .on(t.commitmentId, t.dueAt)
      .where(sql`state = 'answered' OR answered_at IS NOT NULL`),
    index("prompts_pending_due_idx").on(t.dueAt, t.nextAttemptAt).where(sql`state = 'pending'`),
    // What the reminder and silence steps read: only prompts still waiting for that step.
    index("prompts_unreminded_due_idx")
      .on(t.dueAt)
      .where(sql`state = 'sent' AND reminders_sent = 0 AND answered_at IS NULL`),
    index("prompts_silence_due_idx")
      .on(t.silenceAt, t.dueAt)
      .where(
        sql`state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL AND silence_checked IS NULL`,
      ),
    index("prompts_sending_claimed_idx").on(t.claimedAt).where(sql`state = 'sending'`),
    // Snoozed prompts owed their reminder when the snooze ends, whatever the reminder delay.
    index("prompts_snoozed_idx")
      .on(t.snoozedUntil)
      .where(
        sql`state = 'sent' AND reminders_sent = 0 AND answered_at IS NULL AND snoozed_until IS NOT NULL`,
      ),
  ],
);

/**
 * One progress report on a commitment.
 *
 * UNIQUE (commitment, period key): the product allows one check-in per commitment per period; the
 * owner edits it (`editedAt`) until the next period starts. The constraint makes a double click or
 * a retried modal submission an upsert instead of a second report that would count twice in the
 * digest.
 */
export const checkIns = sqliteTable(
  "check_ins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    promptId: integer("prompt_id").references(() => prompts.id, { onDelete: "set null" }),
    periodKey: text("period_key").notNull(),
    authorMemberId: integer("author_member_id")
      .notNull()
      .references(() => members.id),
    status: text("status", { enum: STATUSES }).notNull(),
    progress: real("progress"),
    whatMoved: text("what_moved"),
    nextStep: text("next_step"),
    learning: text("learning"),
    createdAt: integer("created_at").notNull(),
    editedAt: integer("edited_at"),
  },
  (t) => [
    uniqueIndex("check_ins_commitment_period_unique").on(t.commitmentId, t.periodKey),
    index("check_ins_commitment_created_idx").on(t.commitmentId, t.createdAt),
  ],
);

/** Something stopping a commitment; ages, escalates, ends with a resolution. */
export const blockers = sqliteTable(
  "blockers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id, { onDelete: "cascade" }),
    checkInId: integer("check_in_id").references(() => checkIns.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    raisedByMemberId: integer("raised_by_member_id")
      .notNull()
      .references(() => members.id),
    /** A Slack user id named as someone who could help (may not be a member). */
    couldHelpUserId: text("could_help_user_id"),
    couldHelpOrganizationId: integer("could_help_organization_id").references(
      () => organizations.id,
      { onDelete: "set null" },
    ),
    /** Who clicked "I can help". */
    helperMemberId: integer("helper_member_id").references(() => members.id, {
      onDelete: "set null",
    }),
    state: text("state", { enum: BLOCKER_STATES }).notNull().default("open"),
    escalationLevel: integer("escalation_level").notNull().default(0),
    lastEscalatedAt: integer("last_escalated_at"),
    /** Where the blocker was posted (the partnership channel). */
    channelId: text("channel_id"),
    messageTs: text("message_ts"),
    resolvedByMemberId: integer("resolved_by_member_id").references(() => members.id),
    resolvedAt: integer("resolved_at"),
    resolution: text("resolution"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("blockers_state_created_idx").on(t.state, t.createdAt),
    // Open blockers with what the escalation step's first age test reads (no row lookup).
    index("blockers_open_age_idx").on(t.createdAt, t.escalationLevel).where(sql`state = 'open'`),
    // Open blockers whose channel post never happened: what the tick posts late (usually none).
    index("blockers_unposted_idx").on(t.id).where(sql`state = 'open' AND message_ts IS NULL`),
    index("blockers_commitment_state_idx").on(t.commitmentId, t.state),
  ],
);

/**
 * The weekly digest of one partnership for one period. UNIQUE (partnership, period key): a
 * restart never posts a digest twice. `claimedAt`, `attempts` and `nextAttemptAt` give a digest
 * the same crash and retry handling as a prompt.
 */
export const digests = sqliteTable(
  "digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    /** `D:` and the local date of the slot that posts it: one digest per slot. */
    periodKey: text("period_key").notNull(),
    state: text("state", { enum: DIGEST_STATES }).notNull().default("pending"),
    /**
     * Where its window ends (the start of the slot's local date) and what it knows (the slot),
     * written with the row: the next digest's window starts here (null: written before 0005).
     */
    windowEnd: integer("window_end"),
    asOf: integer("as_of"),
    channelId: text("channel_id"),
    /** The parent message; detail goes in its thread. */
    messageTs: text("message_ts"),
    postedAt: integer("posted_at"),
    chartOmitted: integer("chart_omitted", { mode: "boolean" }).notNull().default(false),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    claimedAt: integer("claimed_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("digests_partnership_period_unique").on(t.partnershipId, t.periodKey),
    index("digests_state_idx").on(t.state),
  ],
);

/** An item recorded in a review meeting, followed up in later digests. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    ownerMemberId: integer("owner_member_id").references(() => members.id),
    /** "YYYY-MM-DD". */
    dueDate: text("due_date"),
    state: text("state", { enum: DECISION_STATES }).notNull().default("open"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    doneAt: integer("done_at"),
  },
  (t) => [index("decisions_partnership_state_idx").on(t.partnershipId, t.state)],
);

/** Who did what to which record, when. Append-only; no foreign keys (see the header). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id").notNull(),
    partnershipId: integer("partnership_id"),
    /** A Slack user id, or "system" for the scheduler. */
    actorUserId: text("actor_user_id").notNull(),
    /** "<entity>.<verb>", e.g. "organization.create". */
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: integer("entity_id"),
    /** JSON text. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at").notNull(),
  },
  (t) => [
    index("audit_log_partnership_at_idx").on(t.partnershipId, t.at),
    // Who offered help on a blocker (`helpers` of the blockers repository, the digest): one
    // seek per blocker, not a walk over every audit entry of its partnership (one per check-in
    // and more). Its condition is those reads', word for word (SQLite uses a partial index only
    // then).
    index("audit_log_blocker_help_idx")
      .on(t.entityId, t.id)
      .where(sql`action = 'blocker.help' AND entity = 'blocker'`),
  ],
);

/** Slack event ids already handled, so a retried delivery does nothing. */
export const processedEvents = sqliteTable(
  "processed_events",
  {
    eventId: text("event_id").primaryKey(),
    teamId: text("team_id").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [index("processed_events_received_idx").on(t.receivedAt)],
);

/** Named leases: one ticking process per database. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;
export type Partnership = typeof partnerships.$inferSelect;
export type NewPartnership = typeof partnerships.$inferInsert;
export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type Member = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;
export type Objective = typeof objectives.$inferSelect;
export type NewObjective = typeof objectives.$inferInsert;
export type Commitment = typeof commitments.$inferSelect;
export type NewCommitment = typeof commitments.$inferInsert;
export type CommitmentObjective = typeof commitmentObjectives.$inferSelect;
export type Prompt = typeof prompts.$inferSelect;
export type NewPrompt = typeof prompts.$inferInsert;
export type CheckIn = typeof checkIns.$inferSelect;
export type NewCheckIn = typeof checkIns.$inferInsert;
export type Blocker = typeof blockers.$inferSelect;
export type NewBlocker = typeof blockers.$inferInsert;
export type Digest = typeof digests.$inferSelect;
export type NewDigest = typeof digests.$inferInsert;
export type Decision = typeof decisions.$inferSelect;
export type NewDecision = typeof decisions.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
export type ProcessedEvent = typeof processedEvents.$inferSelect;
export type Lease = typeof leases.$inferSelect;
