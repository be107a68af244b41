-- The silent-owner rule reads each commitment's newest answered prompt: through the
-- (commitment_id, due_at) index it walked back over every unanswered one, through this one it is
-- one seek. Its condition is the read's, word for word (SQLite uses a partial index only then).
CREATE INDEX `prompts_answered_due_idx` ON `prompts` (`commitment_id`,`due_at`) WHERE state = 'answered' OR answered_at IS NOT NULL;