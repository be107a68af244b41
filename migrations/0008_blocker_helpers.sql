-- Who offered help on a blocker is its `blocker.help` audit entries. Read through the audit log's
-- (partnership_id, at) index, every read walked all of the partnership's entries (one per check-in
-- and more), once per blocker listed; through this one it is a seek per blocker. Its condition is
-- the reads', word for word (SQLite uses a partial index only then).
CREATE INDEX `audit_log_blocker_help_idx` ON `audit_log` (`entity_id`,`id`) WHERE action = 'blocker.help' AND entity = 'blocker';