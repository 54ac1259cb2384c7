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
    guild_id  INTEGER NOT NULL,
    scope     TEXT NOT NULL,
    role_id   INTEGER NOT NULL DEFAULT 0,
    period    TEXT NOT NULL,
    tokens    INTEGER,
    PRIMARY KEY (guild_id, scope, role_id, period)
);

-- Each threshold (80, 100 percent) of a server's budget crossed in a period, told once: the
-- first transaction to insert its row tells the moderators' log. A budget changed in the
-- period (its figure, `budget`) is told of again.
CREATE TABLE budget_crossings (
    guild_id      INTEGER NOT NULL,
    period        TEXT NOT NULL,
    period_start  REAL NOT NULL,
    budget        INTEGER NOT NULL,
    percent       INTEGER NOT NULL,
    at            REAL NOT NULL,
    PRIMARY KEY (guild_id, period, period_start, budget, percent)
);

-- The estimate: the median of a server's latest completed songs' tokens.
CREATE INDEX generations_completed_tokens ON generations (guild_id, created_at, total_tokens)
    WHERE status = 'completed';

-- The budgets' figures sum a month of a server's counted songs inside the reservation: the
-- server's counted songs' index of migration 0010 now holds every column they read, so the
-- sums read it alone (5,000 songs in a month: 2.6 -> 0.9 ms), and the day's counts read it as
-- before. Not the member's column: a member's figures keep to the member's own index.
DROP INDEX generations_counted_by_guild;
CREATE INDEX generations_counted_by_guild ON generations
    (guild_id, created_at, status, billed, total_tokens, reserved_tokens)
    WHERE (status IN ('queued', 'reserved', 'running', 'completed') OR (status = 'failed' AND billed = 1));
