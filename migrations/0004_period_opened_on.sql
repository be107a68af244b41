ALTER TABLE `commitments` ADD `period_opened_on` text;--> statement-breakpoint
-- Periods are now counted in calendar units (ISO weeks, months) from the local date of the
-- newest prompt's slot, instead of from the end instant of the period it opened. That date is in
-- the newest prompt's key for weekly and biweekly commitments; a monthly key names only the
-- month, so take the slot's UTC date, never before the key's month (the local date is at most a
-- day away from it, and the first weekday of a month is never later than the 7th).
UPDATE `commitments` SET `period_opened_on` = (
  SELECT CASE
    WHEN substr(p.`period_key`, 1, 2) IN ('W:', 'B:') THEN substr(p.`period_key`, 3)
    ELSE max(substr(p.`period_key`, 3) || '-01', date(p.`due_at` / 1000, 'unixepoch'))
  END
  FROM `prompts` p WHERE p.`commitment_id` = `commitments`.`id`
  ORDER BY p.`due_at` DESC, p.`id` DESC LIMIT 1
);--> statement-breakpoint
ALTER TABLE `commitments` DROP COLUMN `next_period_at`;
