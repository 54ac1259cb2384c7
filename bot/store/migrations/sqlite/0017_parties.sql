-- Listening parties (/listen): a server's songs played in a voice channel, one party per
-- server at a time (the partial unique index: Discord gives a bot one voice connection per
-- server, and two processes can't both start one). `line` is the party's songs in order as
-- JSON, [[generation id, version], ...], and `position` the index of the one playing, so a
-- party that was playing when its process stopped can be ended at the next start with its
-- message saying so (and Listen again can go on from the song after). `channel_id` and
-- `message_id` are its now-playing message; `ending` says how it ended.
CREATE TABLE parties (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    voice_channel_id  INTEGER NOT NULL,
    channel_id        INTEGER NOT NULL,
    message_id        INTEGER,
    starter_id        INTEGER NOT NULL,
    starter_name      TEXT NOT NULL,
    line              TEXT NOT NULL,
    position          INTEGER NOT NULL DEFAULT 0,
    state             TEXT NOT NULL DEFAULT 'playing',  -- playing, ended
    ending            TEXT,
    ended_by          TEXT,
    locale            TEXT,
    created_at        REAL NOT NULL,
    ended_at          REAL
);
CREATE UNIQUE INDEX parties_one_per_server ON parties (guild_id) WHERE state = 'playing';
