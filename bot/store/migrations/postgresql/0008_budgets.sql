-- Budgets, as SQLite's migration 0016 says (its comments tell why).
ALTER TABLE guild_settings ADD COLUMN member_weekly INTEGER;
ALTER TABLE guild_settings ADD COLUMN member_monthly INTEGER;
ALTER TABLE guild_settings ADD COLUMN guild_weekly INTEGER;
ALTER TABLE guild_settings ADD COLUMN guild_monthly INTEGER;
ALTER TABLE guild_settings ADD COLUMN week_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE guild_settings ADD COLUMN token_estimate INTEGER;
ALTER TABLE generations ADD COLUMN reserved_tokens INTEGER;

CREATE TABLE token_budgets (
    guild_id  BIGINT NOT NULL,
    scope     TEXT NOT NULL,
    role_id   BIGINT NOT NULL DEFAULT 0,
    period    TEXT NOT NULL,
    tokens    INTEGER,
    PRIMARY KEY (guild_id, scope, role_id, period)
);

CREATE TABLE budget_crossings (
    guild_id      BIGINT NOT NULL,
    period        TEXT NOT NULL,
    period_start  DOUBLE PRECISION NOT NULL,
    budget        INTEGER NOT NULL,
    percent       INTEGER NOT NULL,
    at            DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (guild_id, period, period_start, budget, percent)
);

CREATE INDEX generations_completed_tokens ON generations (guild_id, created_at, total_tokens)
    WHERE status = 'completed';

DROP INDEX generations_counted_by_guild;
CREATE INDEX generations_counted_by_guild ON generations
    (guild_id, created_at, status, billed, total_tokens, reserved_tokens)
    WHERE (status IN ('queued', 'reserved', 'running', 'completed') OR (status = 'failed' AND billed = 1));
