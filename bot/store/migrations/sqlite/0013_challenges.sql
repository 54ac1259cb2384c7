-- Song challenges (/challenge): a theme, entries, one vote per member, a podium and a season
-- leaderboard. Deadlines are unix seconds, so a deadline that passed while the bot was down is
-- acted on at start. `state` moves entries -> voting -> closed (or cancelled) only through a
-- conditional UPDATE that one transaction wins; `shown` is the state whose message was posted
-- and `claim_until` the lease of the process posting it (so exactly one posts).
CREATE TABLE challenges (
    id                  INTEGER PRIMARY KEY,
    guild_id            INTEGER NOT NULL,
    channel_id          INTEGER NOT NULL,
    thread_id           INTEGER,
    message_id          INTEGER,                 -- the announcement, in channel_id
    host_id             INTEGER NOT NULL,
    host_name           TEXT NOT NULL,
    theme               TEXT NOT NULL,
    rules               TEXT,
    entries_per_member  INTEGER NOT NULL,
    created_at          REAL NOT NULL,
    entries_close       REAL NOT NULL,
    voting_close        REAL NOT NULL,
    state               TEXT NOT NULL DEFAULT 'entries',  -- entries, voting, closed, cancelled
    shown               TEXT,
    claim_until         REAL,
    season              INTEGER,                 -- the season its points went to
    themes              TEXT,                    -- a recurring challenge: the themes in turn, one a line
    theme_index         INTEGER NOT NULL DEFAULT 0,
    locale              TEXT
);
CREATE INDEX challenges_live ON challenges (guild_id, state);
CREATE INDEX challenges_to_show ON challenges (state, shown);

CREATE TABLE challenge_entries (
    id             INTEGER PRIMARY KEY,
    challenge_id   INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL,               -- who entered (a session's host)
    name           TEXT NOT NULL,
    generation_id  INTEGER NOT NULL REFERENCES generations (id),
    song_name      TEXT,
    message_id     INTEGER,                        -- the entry's message in the thread
    created_at     REAL NOT NULL,
    disqualified   TEXT,                           -- the reason, when a moderator did
    UNIQUE (challenge_id, generation_id)
);
CREATE INDEX challenge_entries_by_member ON challenge_entries (challenge_id, user_id);

-- Who may not vote for an entry: whoever entered it and every lyricist of a session's song.
CREATE TABLE challenge_credits (
    entry_id  INTEGER NOT NULL REFERENCES challenge_entries (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);

-- One vote per member per challenge: moving it replaces the row.
CREATE TABLE challenge_votes (
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    entry_id      INTEGER NOT NULL REFERENCES challenge_entries (id) ON DELETE CASCADE,
    at            REAL NOT NULL,
    PRIMARY KEY (challenge_id, user_id)
);
CREATE INDEX challenge_votes_by_entry ON challenge_votes (entry_id);

-- Each closed challenge's places (ties share one), and the points they brought.
CREATE TABLE challenge_results (
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    entry_id      INTEGER NOT NULL REFERENCES challenge_entries (id) ON DELETE CASCADE,
    guild_id      INTEGER NOT NULL,
    season        INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    place         INTEGER NOT NULL,
    votes         INTEGER NOT NULL,
    points        INTEGER NOT NULL,
    PRIMARY KEY (challenge_id, entry_id)
);
CREATE INDEX challenge_results_by_season ON challenge_results (guild_id, season);

-- A server's rules for challenges; NULL means the default in bot/features/challenges/rules.py.
CREATE TABLE challenge_settings (
    guild_id          INTEGER PRIMARY KEY,
    starter_role_id   INTEGER,                 -- this role (and moderators) may start challenges
    min_member_days   REAL,                    -- days on the server before a member may vote
    season            INTEGER NOT NULL DEFAULT 1
);
