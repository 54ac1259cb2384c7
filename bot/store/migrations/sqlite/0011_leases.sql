-- Which process runs a song, and until when its claim holds unless renewed (unix seconds).
-- With several processes on one PostgreSQL, another takes a song over once its lease has run
-- out; SQLite has one process, which takes over every unfinished song when it starts.
ALTER TABLE generations ADD COLUMN owner TEXT;
ALTER TABLE generations ADD COLUMN lease_until REAL;
CREATE INDEX generations_leased ON generations (owner)
    WHERE delivered_at IS NULL AND status IN ('queued', 'reserved', 'running', 'completed');
