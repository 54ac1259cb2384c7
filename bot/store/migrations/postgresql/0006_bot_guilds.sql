-- The servers the bot is in, as SQLite's migration 0014 says (its comments tell why).
CREATE TABLE bot_guilds (
    guild_id BIGINT PRIMARY KEY,
    shard_id INTEGER NOT NULL,
    seen_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX bot_guilds_by_shard ON bot_guilds (shard_id);
