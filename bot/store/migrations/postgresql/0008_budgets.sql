-- Budgets: weekly and monthly song counts beside the daily ones, the day a server's week starts
-- (0 Monday … 6 Sunday), the moderator's estimate of a song's tokens (before the server has
-- songs of its own to take the median of), and token budgets per server, member and role.
ALTER TABLE guild_settings ADD COLUMN member_weekly INTEGER;
ALTER TABLE guild_settings ADD COLUMN member_monthly INTEGER;
ALTER TABLE guild_settings ADD COLUMN guild_weekly INTEGER;
ALTER TABLE guild_settings ADD COLUMN guild_monthly INTEGER;
ALTER TABLE guild_settings ADD COLUMN week_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE guild_settings ADD COLUMN token_estimate INTEGER;

-- A song's tokens are known only when it completes: until then it holds the estimate it was
-- placed with (NULL where no token budget applied then). A song counts against token budgets
-- at its real total once completed, at this estimate before, and not at all once released.
ALTER TABLE generations ADD COLUMN reserved_tokens INTEGER;

-- scope 'server' or 'member' (role_id 0), or 'role' (a role's own budget per member; NULL
-- tokens: unlimited); period 'day', 'week' or 'month'.
CREATE TABLE token_budgets (
    guild_id  BIGINT NOT NULL,
    scope     TEXT NOT NULL,
    role_id   BIGINT NOT NULL DEFAULT 0,
    period    TEXT NOT NULL,
    tokens    INTEGER,
    PRIMARY KEY (guild_id, scope, role_id, period)
);

-- Each threshold (80, 100 percent) of a server's budget crossed in a period, told once: the
-- first transaction to insert its row tells the moderators' log.
CREATE TABLE budget_crossings (
    guild_id      BIGINT NOT NULL,
    period        TEXT NOT NULL,
    period_start  DOUBLE PRECISION NOT NULL,
    percent       INTEGER NOT NULL,
    at            DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (guild_id, period, period_start, percent)
);

-- The estimate: the median of a server's latest completed songs' tokens.
CREATE INDEX generations_completed_tokens ON generations (guild_id, created_at, total_tokens)
    WHERE status = 'completed';
