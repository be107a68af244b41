ALTER TABLE `commitments` ADD `next_period_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A commitment the planner has looked at since its last schedule change carries the end of its
-- current period in plan_at: start from it, so a day moved in the week this is deployed does not
-- bring a second prompt either (0 elsewhere: no constraint, as before).
UPDATE `commitments` SET `next_period_at` = `plan_at`;
