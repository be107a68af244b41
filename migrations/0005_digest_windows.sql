ALTER TABLE `digests` ADD `window_end` integer;--> statement-breakpoint
ALTER TABLE `digests` ADD `as_of` integer;--> statement-breakpoint
-- Digest rows were keyed by the ISO week of their slot (`D:2026-W50`); they are now keyed by the
-- slot's local date (`D:2026-12-07`), so a digest day moved within a week still gets its own row.
-- The date is that week's day of the partnership's digest weekday (1 = Monday): the Monday of ISO
-- week 1 is the Monday on or before 4 January.
UPDATE `digests` SET `period_key` = 'D:' || (
  SELECT date(
    substr(`digests`.`period_key`, 3, 4) || '-01-04',
    '-' || ((CAST(strftime('%w', substr(`digests`.`period_key`, 3, 4) || '-01-04') AS INTEGER) + 6) % 7) || ' days',
    '+' || ((CAST(substr(`digests`.`period_key`, 9, 2) AS INTEGER) - 1) * 7 + pa.`digest_weekday` - 1) || ' days'
  )
  FROM `partnerships` pa WHERE pa.`id` = `digests`.`partnership_id`
)
WHERE `period_key` GLOB 'D:[0-9][0-9][0-9][0-9]-W[0-9][0-9]';
