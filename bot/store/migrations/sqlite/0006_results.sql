-- What the buttons under a finished song need: where a song came from (a Regenerate or a Remix
-- of another), its lyrics (a Remix form and the Lyrics button open at once, without asking the
-- API), whether it was deleted (its usage still counts), and every message that shows it.
ALTER TABLE generations ADD COLUMN parent_id INTEGER REFERENCES generations (id);
ALTER TABLE generations ADD COLUMN origin TEXT;          -- NULL for /song; regenerate, remix
ALTER TABLE generations ADD COLUMN lyrics TEXT;          -- the lyric sections, as JSON
ALTER TABLE generations ADD COLUMN deleted_at REAL;

CREATE TABLE generation_messages (
    generation_id  INTEGER NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
    channel_id     INTEGER NOT NULL,
    message_id     INTEGER NOT NULL,
    PRIMARY KEY (generation_id, message_id)
);
