CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`partnership_id` integer,
	`actor_user_id` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_partnership_at_idx` ON `audit_log` (`partnership_id`,`at`);--> statement-breakpoint
CREATE TABLE `blockers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commitment_id` integer NOT NULL,
	`check_in_id` integer,
	`text` text NOT NULL,
	`raised_by_member_id` integer NOT NULL,
	`could_help_user_id` text,
	`could_help_organization_id` integer,
	`helper_member_id` integer,
	`state` text DEFAULT 'open' NOT NULL,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`last_escalated_at` integer,
	`channel_id` text,
	`message_ts` text,
	`resolved_by_member_id` integer,
	`resolved_at` integer,
	`resolution` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`check_in_id`) REFERENCES `check_ins`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`raised_by_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`could_help_organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`helper_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `blockers_state_created_idx` ON `blockers` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `blockers_commitment_state_idx` ON `blockers` (`commitment_id`,`state`);--> statement-breakpoint
CREATE TABLE `check_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commitment_id` integer NOT NULL,
	`prompt_id` integer,
	`period_key` text NOT NULL,
	`author_member_id` integer NOT NULL,
	`status` text NOT NULL,
	`progress` real,
	`what_moved` text,
	`next_step` text,
	`learning` text,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prompt_id`) REFERENCES `prompts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_ins_commitment_period_unique` ON `check_ins` (`commitment_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `check_ins_commitment_created_idx` ON `check_ins` (`commitment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `commitment_objectives` (
	`commitment_id` integer NOT NULL,
	`objective_id` integer NOT NULL,
	PRIMARY KEY(`commitment_id`, `objective_id`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`objective_id`) REFERENCES `objectives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitment_objectives_objective_idx` ON `commitment_objectives` (`objective_id`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`owner_member_id` integer NOT NULL,
	`title` text NOT NULL,
	`due_date` text,
	`cadence` text NOT NULL,
	`check_in_weekday` integer NOT NULL,
	`check_in_time` text NOT NULL,
	`started_at` integer NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`current_status` text,
	`progress` real,
	`last_check_in_at` integer,
	`closed_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitments_partnership_state_idx` ON `commitments` (`partnership_id`,`state`);--> statement-breakpoint
CREATE INDEX `commitments_owner_idx` ON `commitments` (`owner_member_id`);--> statement-breakpoint
CREATE INDEX `commitments_organization_idx` ON `commitments` (`organization_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`text` text NOT NULL,
	`owner_member_id` integer,
	`due_date` text,
	`state` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_partnership_state_idx` ON `decisions` (`partnership_id`,`state`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`channel_id` text,
	`message_ts` text,
	`posted_at` integer,
	`chart_omitted` integer DEFAULT false NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`claimed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_partnership_period_unique` ON `digests` (`partnership_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `digests_state_idx` ON `digests` (`state`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`slack_user_id` text NOT NULL,
	`organization_id` integer,
	`role` text NOT NULL,
	`display_name` text,
	`time_zone` text,
	`time_zone_fetched_at` integer,
	`is_external` integer DEFAULT false NOT NULL,
	`away_until` text,
	`dm_channel_id` text,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_partnership_user_unique` ON `members` (`partnership_id`,`slack_user_id`);--> statement-breakpoint
CREATE INDEX `members_organization_idx` ON `members` (`organization_id`);--> statement-breakpoint
CREATE TABLE `objectives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`title` text NOT NULL,
	`indicator` text,
	`unit` text,
	`baseline` real,
	`target` real,
	`target_date` text,
	`state` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `objectives_partnership_state_idx` ON `objectives` (`partnership_id`,`state`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`name` text NOT NULL,
	`normalized_name` text NOT NULL,
	`sector` text NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_partnership_name_unique` ON `organizations` (`partnership_id`,`normalized_name`);--> statement-breakpoint
CREATE TABLE `partnerships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`purpose` text,
	`time_zone` text NOT NULL,
	`digest_weekday` integer DEFAULT 1 NOT NULL,
	`digest_time` text DEFAULT '09:00' NOT NULL,
	`reminder_delay_minutes` integer DEFAULT 1440 NOT NULL,
	`max_reminders` integer DEFAULT 1 NOT NULL,
	`silent_periods_before_escalation` integer DEFAULT 2 NOT NULL,
	`blocker_escalation_days` integer DEFAULT 7 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partnerships_workspace_channel_unique` ON `partnerships` (`workspace_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processed_events_received_idx` ON `processed_events` (`received_at`);--> statement-breakpoint
CREATE TABLE `prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commitment_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`due_at` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`dm_channel_id` text,
	`message_ts` text,
	`channel_fallback_ts` text,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`last_reminder_at` integer,
	`escalated_at` integer,
	`snoozed_until` integer,
	`answered_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`claimed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prompts_commitment_period_unique` ON `prompts` (`commitment_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `prompts_commitment_due_idx` ON `prompts` (`commitment_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `prompts_pending_due_idx` ON `prompts` (`due_at`,`next_attempt_at`) WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX `prompts_sent_due_idx` ON `prompts` (`due_at`) WHERE state = 'sent';--> statement-breakpoint
CREATE INDEX `prompts_sending_claimed_idx` ON `prompts` (`claimed_at`) WHERE state = 'sending';--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`enterprise_id` text,
	`name` text NOT NULL,
	`bot_token` text,
	`bot_user_id` text,
	`installed_at` integer NOT NULL,
	`uninstalled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_team_id_unique` ON `workspaces` (`team_id`);