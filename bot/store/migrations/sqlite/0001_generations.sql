-- Every song a member asked for, from its reservation to its end.
CREATE TABLE generations (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    job_id         TEXT UNIQUE,
    prompt         TEXT,
    lyrics_source  TEXT NOT NULL DEFAULT 'generated',
    status         TEXT NOT NULL,          -- reserved, running, completed, failed, released
    stage          TEXT,                   -- the last stage the API reported
    billed         INTEGER NOT NULL DEFAULT 0,
    error_class    TEXT,
    song_name      TEXT,
    tokens_v1      INTEGER,
    tokens_v2      INTEGER,
    total_tokens   INTEGER,
    audio_url_v1   TEXT,
    audio_url_v2   TEXT,
    duration_v1    REAL,
    duration_v2    REAL,
    created_at     REAL NOT NULL,          -- unix seconds
    updated_at     REAL NOT NULL,
    finished_at    REAL
);
CREATE INDEX generations_by_member ON generations (guild_id, user_id, created_at);
CREATE INDEX generations_by_guild ON generations (guild_id, created_at);
CREATE INDEX generations_active ON generations (status) WHERE status IN ('reserved', 'running');

-- Status over time, one row per change.
CREATE TABLE generation_events (
    generation_id  INTEGER NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    stage          TEXT,
    at             REAL NOT NULL
);
CREATE INDEX generation_events_by_generation ON generation_events (generation_id);
