-- Per-server limits set by moderators; NULL means "no limit".
CREATE TABLE guild_settings (
    guild_id            INTEGER PRIMARY KEY,
    member_daily        INTEGER,
    cooldown_seconds    INTEGER,
    member_concurrent   INTEGER,
    guild_concurrent    INTEGER,
    guild_daily         INTEGER,
    timezone            TEXT NOT NULL DEFAULT 'UTC'
);

-- A role's own daily limit per member; daily NULL means unlimited for that role.
CREATE TABLE role_limits (
    guild_id  INTEGER NOT NULL,
    role_id   INTEGER NOT NULL,
    daily     INTEGER,
    PRIMARY KEY (guild_id, role_id)
);

-- Channels where /song is allowed; none listed means every channel.
CREATE TABLE allowed_channels (
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE blocked_members (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    blocked_by  INTEGER NOT NULL,
    reason      TEXT,
    created_at  REAL NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Who changed what, when.
CREATE TABLE settings_log (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    change      TEXT NOT NULL,
    at          REAL NOT NULL
);
CREATE INDEX settings_log_by_guild ON settings_log (guild_id, at);
