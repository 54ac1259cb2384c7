-- Which process runs a song, and until when its claim holds unless renewed (unix seconds).
-- With several processes on one PostgreSQL, another takes a song over once its lease has run
-- out; SQLite has one process, which takes over every unfinished song when it starts.
ALTER TABLE generations ADD COLUMN owner TEXT;
ALTER TABLE generations ADD COLUMN lease_until REAL;
CREATE INDEX generations_leased ON generations (owner)
    WHERE delivered_at IS NULL AND status IN ('queued', 'reserved', 'running', 'completed');
-- When the message first showed the finished song (its files), so that a process taking the
-- song over after that does not post the files again; delivered_at comes after the follow-ups.
ALTER TABLE generations ADD COLUMN shown_at REAL;
