-- The servers the bot is in, as each shard last heard from Discord (its ready, a server joined
-- or left): the gallery lists a member's servers that are here, "the servers they share with
-- the bot". Each shard replaces its own rows when it is ready.
CREATE TABLE bot_guilds (
    guild_id INTEGER PRIMARY KEY,
    shard_id INTEGER NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX bot_guilds_by_shard ON bot_guilds (shard_id);
