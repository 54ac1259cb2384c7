-- The moderators' log channel of a server: the settings changes told so far (`settings_seen`,
-- a settings_log id: the log tells the ones after it), when its latest message went (at most
-- one a minute), and why it stopped (`problem`: the channel gone, the bot's access lost; NULL
-- while it runs).
CREATE TABLE modlog_channels (
    guild_id      INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL,
    settings_seen INTEGER NOT NULL,
    posted_at     REAL NOT NULL,
    problem       TEXT
);

-- What the log has yet to tell besides settings changes (the queue paused or resumed, a budget
-- crossed): kept here until posted, so a restart loses none.
CREATE TABLE modlog_notices (
    id       INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    text     TEXT NOT NULL,
    at       REAL NOT NULL
);
CREATE INDEX modlog_notices_by_guild ON modlog_notices (guild_id, id);
