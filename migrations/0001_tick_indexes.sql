ALTER TABLE `commitments` ADD `plan_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `commitments_plan_at_idx` ON `commitments` (`plan_at`) WHERE state = 'active';--> statement-breakpoint
ALTER TABLE `prompts` ADD `silence_checked` integer;--> statement-breakpoint
CREATE INDEX `prompts_unreminded_due_idx` ON `prompts` (`due_at`) WHERE state = 'sent' AND reminders_sent = 0 AND answered_at IS NULL;--> statement-breakpoint
CREATE INDEX `prompts_silence_due_idx` ON `prompts` (`due_at`) WHERE state = 'sent' AND answered_at IS NULL AND escalated_at IS NULL AND silence_checked IS NULL;--> statement-breakpoint
-- The planner trusts commitments.plan_at: these reset it to 0 ("look at once") whenever a
-- schedule input changes, from any code path or process (the app, `poc import`, a hand edit).
CREATE TRIGGER `commitments_schedule_changed` AFTER UPDATE OF `cadence`, `check_in_weekday`, `check_in_time`, `started_at`, `owner_member_id`, `state` ON `commitments`
WHEN OLD.cadence IS NOT NEW.cadence OR OLD.check_in_weekday IS NOT NEW.check_in_weekday
  OR OLD.check_in_time IS NOT NEW.check_in_time OR OLD.started_at IS NOT NEW.started_at
  OR OLD.owner_member_id IS NOT NEW.owner_member_id OR OLD.state IS NOT NEW.state
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `members_zone_changed` AFTER UPDATE OF `time_zone` ON `members`
WHEN OLD.time_zone IS NOT NEW.time_zone
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE owner_member_id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `partnerships_schedule_changed` AFTER UPDATE OF `time_zone`, `archived_at` ON `partnerships`
WHEN OLD.time_zone IS NOT NEW.time_zone OR OLD.archived_at IS NOT NEW.archived_at
BEGIN
  UPDATE commitments SET plan_at = 0 WHERE partnership_id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `workspaces_install_changed` AFTER UPDATE OF `uninstalled_at` ON `workspaces`
WHEN OLD.uninstalled_at IS NOT NEW.uninstalled_at
BEGIN
  UPDATE commitments SET plan_at = 0
  WHERE partnership_id IN (SELECT id FROM partnerships WHERE workspace_id = NEW.id);
END;--> statement-breakpoint
-- The silence rule skips prompts it already found below the threshold (silence_checked); a lower
-- threshold makes those runs worth another look.
CREATE TRIGGER `partnerships_silence_threshold_lowered` AFTER UPDATE OF `silent_periods_before_escalation` ON `partnerships`
WHEN NEW.silent_periods_before_escalation < OLD.silent_periods_before_escalation
BEGIN
  UPDATE prompts SET silence_checked = NULL
  WHERE silence_checked > NEW.silent_periods_before_escalation
    AND commitment_id IN (SELECT id FROM commitments WHERE partnership_id = NEW.id);
END;
