-- No query reads prompts_sent_due_idx (the reminder and silence reads have their own); it only
-- cost an index write per prompt sent.
DROP INDEX `prompts_sent_due_idx`;--> statement-breakpoint
DROP INDEX `prompts_silence_due_idx`;--> statement-breakpoint
ALTER TABLE `prompts` ADD `silence_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `prompts_snoozed_idx` ON `prompts` (`snoozed_until`) WHERE state = 'sent' AND reminders_sent = 0 AND answered_at IS NULL AND snoozed_until IS NOT NULL;--> statement-breakpoint
CREATE INDEX `prompts_silence_due_idx` ON `prompts` (`silence_at`,`due_at`) WHERE state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL AND silence_checked IS NULL;--> statement-breakpoint
CREATE INDEX `blockers_open_age_idx` ON `blockers` (`created_at`,`escalation_level`) WHERE state = 'open';--> statement-breakpoint
CREATE INDEX `blockers_unposted_idx` ON `blockers` (`id`) WHERE state = 'open' AND message_ts IS NULL;--> statement-breakpoint
CREATE INDEX `members_zone_fetched_idx` ON `members` (COALESCE(`time_zone_fetched_at`, 0)) WHERE removed_at IS NULL;--> statement-breakpoint
-- A waiting prompt's silence_at is the instant its period closes: a newer prompt's due time plus
-- the partnership's reminder delay. A changed delay makes those runs worth another look.
CREATE TRIGGER `partnerships_reminder_delay_changed` AFTER UPDATE OF `reminder_delay_minutes` ON `partnerships`
WHEN NEW.reminder_delay_minutes IS NOT OLD.reminder_delay_minutes
BEGIN
  UPDATE prompts SET silence_at = 0
  WHERE commitment_id IN (SELECT id FROM commitments WHERE partnership_id = NEW.id)
    AND state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL
    AND silence_checked IS NULL AND silence_at > 0;
END;--> statement-breakpoint
-- A period with no newer prompt is not looked at before the planner's next look at its
-- commitment (plan_at). The triggers that move plan_at to 0 ("look at once": a schedule input
-- changed) now also move those prompts' silence_at to 0, so the silence step never waits past
-- the moment a newer prompt can appear.
DROP TRIGGER `commitments_schedule_changed`;--> statement-breakpoint
CREATE TRIGGER `commitments_schedule_changed` AFTER UPDATE OF `cadence`, `check_in_weekday`, `check_in_time`, `started_at`, `owner_member_id`, `state` ON `commitments`
WHEN OLD.cadence IS NOT NEW.cadence OR OLD.check_in_weekday IS NOT NEW.check_in_weekday
  OR OLD.check_in_time IS NOT NEW.check_in_time OR OLD.started_at IS NOT NEW.started_at
  OR OLD.owner_member_id IS NOT NEW.owner_member_id OR OLD.state IS NOT NEW.state
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE id = NEW.id;
  UPDATE prompts SET silence_at = 0
  WHERE commitment_id = NEW.id AND state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL
    AND silence_checked IS NULL AND silence_at > 0;
END;--> statement-breakpoint
DROP TRIGGER `members_zone_changed`;--> statement-breakpoint
CREATE TRIGGER `members_zone_changed` AFTER UPDATE OF `time_zone` ON `members`
WHEN OLD.time_zone IS NOT NEW.time_zone
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE owner_member_id = NEW.id;
  UPDATE prompts SET silence_at = 0
  WHERE commitment_id IN (SELECT id FROM commitments WHERE owner_member_id = NEW.id)
    AND state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL
    AND silence_checked IS NULL AND silence_at > 0;
END;--> statement-breakpoint
DROP TRIGGER `partnerships_schedule_changed`;--> statement-breakpoint
CREATE TRIGGER `partnerships_schedule_changed` AFTER UPDATE OF `time_zone`, `archived_at` ON `partnerships`
WHEN OLD.time_zone IS NOT NEW.time_zone OR OLD.archived_at IS NOT NEW.archived_at
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE partnership_id = NEW.id;
  UPDATE prompts SET silence_at = 0
  WHERE commitment_id IN (SELECT id FROM commitments WHERE partnership_id = NEW.id)
    AND state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL
    AND silence_checked IS NULL AND silence_at > 0;
END;--> statement-breakpoint
DROP TRIGGER `workspaces_install_changed`;--> statement-breakpoint
CREATE TRIGGER `workspaces_install_changed` AFTER UPDATE OF `uninstalled_at` ON `workspaces`
WHEN OLD.uninstalled_at IS NOT NEW.uninstalled_at
BEGIN
  UPDATE commitments SET plan_at = 0
  WHERE partnership_id IN (SELECT id FROM partnerships WHERE workspace_id = NEW.id);
  UPDATE prompts SET silence_at = 0
  WHERE commitment_id IN (SELECT c.id FROM commitments c JOIN partnerships pa
                          ON pa.id = c.partnership_id WHERE pa.workspace_id = NEW.id)
    AND state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL
    AND silence_checked IS NULL AND silence_at > 0;
END;