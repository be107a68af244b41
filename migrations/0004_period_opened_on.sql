ALTER TABLE `commitments` ADD `period_opened_on` text;--> statement-breakpoint
-- Periods are now counted in calendar units (ISO weeks, months) from the local date of the
-- newest prompt's slot, instead of from the end instant of the period it opened. That date is in
-- the newest prompt's key for weekly and biweekly commitments. A monthly key names only the
-- month: its slot is the month's first check-in weekday (SQLite's 'weekday N' counts Sunday as
-- 0, ISO as 7), unless that is more than a day from the slot's UTC date (the weekday was edited
-- since), when the UTC date is taken, never before the key's month.
UPDATE `commitments` SET `period_opened_on` = (
  SELECT CASE
    WHEN substr(p.`period_key`, 1, 2) IN ('W:', 'B:') THEN substr(p.`period_key`, 3)
    WHEN abs(julianday(date(substr(p.`period_key`, 3) || '-01',
        'weekday ' || (`commitments`.`check_in_weekday` % 7)))
      - julianday(date(p.`due_at` / 1000, 'unixepoch'))) <= 1
      THEN date(substr(p.`period_key`, 3) || '-01',
        'weekday ' || (`commitments`.`check_in_weekday` % 7))
    ELSE max(substr(p.`period_key`, 3) || '-01', date(p.`due_at` / 1000, 'unixepoch'))
  END
  FROM `prompts` p WHERE p.`commitment_id` = `commitments`.`id`
  ORDER BY p.`due_at` DESC, p.`id` DESC LIMIT 1
);--> statement-breakpoint
ALTER TABLE `commitments` DROP COLUMN `next_period_at`;
