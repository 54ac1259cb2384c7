-- Collaborative lyric sessions (/jam): a session, its lines, its members (seats for turns),
-- votes on suggested lines, and each server's rules for sessions.
CREATE TABLE jam_sessions (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    thread_id        INTEGER,
    sheet_id         INTEGER,                 -- the lyric sheet message, in channel_id
    host_id          INTEGER NOT NULL,
    host_name        TEXT NOT NULL,
    title            TEXT NOT NULL,
    style            TEXT,
    mode             TEXT NOT NULL,           -- open, approve, turns, hidden
    state            TEXT NOT NULL DEFAULT 'open',  -- open, locked, ended
    revealed         INTEGER NOT NULL DEFAULT 0,
    turn_user_id     INTEGER,
    turn_deadline    REAL,                    -- unix seconds
    created_at       REAL NOT NULL,
    active_at        REAL NOT NULL,           -- the last contribution (idle sessions end)
    ended_at         REAL,
    end_reason       TEXT
);
CREATE INDEX jam_sessions_live ON jam_sessions (guild_id) WHERE state != 'ended';

CREATE TABLE jam_lines (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES jam_sessions (id) ON DELETE CASCADE,
    section      TEXT NOT NULL,               -- intro, verse-1, …, pre-chorus, chorus, bridge, outro
    position     INTEGER NOT NULL,            -- order within the section
    text         TEXT NOT NULL,
    author_id    INTEGER NOT NULL,
    author_name  TEXT NOT NULL,
    status       TEXT NOT NULL,               -- live, pending, removed, rejected
    message_id   INTEGER,                     -- a suggestion's own message in the thread
    created_at   REAL NOT NULL
);
CREATE INDEX jam_lines_by_session ON jam_lines (session_id, status);
CREATE INDEX jam_lines_by_author ON jam_lines (session_id, author_id, created_at);

CREATE TABLE jam_members (
    session_id  INTEGER NOT NULL REFERENCES jam_sessions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    seat        INTEGER NOT NULL,             -- the order of turns
    joined      INTEGER NOT NULL DEFAULT 1,   -- 0 once they left
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE jam_votes (
    line_id  INTEGER NOT NULL REFERENCES jam_lines (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    approve  INTEGER NOT NULL,
    PRIMARY KEY (line_id, user_id)
);

-- A server's rules for sessions; NULL means the default in bot/features/jam/rules.py.
CREATE TABLE jam_settings (
    guild_id          INTEGER PRIMARY KEY,
    starter_role_id   INTEGER,                -- only this role (and moderators) may start
    max_open          INTEGER,
    lines_per_member  INTEGER,
    line_chars        INTEGER,
    sheet_chars       INTEGER,
    lines_per_minute  INTEGER,
    idle_hours        REAL,
    turn_minutes      REAL
);
