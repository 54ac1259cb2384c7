-- Which process runs a song, and until when its claim holds unless renewed (unix seconds):
-- once a lease has run out, another process takes the song over (bot/store/leases.py).
ALTER TABLE generations ADD COLUMN owner TEXT;
ALTER TABLE generations ADD COLUMN lease_until DOUBLE PRECISION;
CREATE INDEX generations_leased ON generations (owner)
    WHERE delivered_at IS NULL AND status IN ('queued', 'reserved', 'running', 'completed');
-- When the message first showed the finished song (its files), so that a process taking the
-- song over after that does not post the files again; delivered_at comes after the follow-ups.
ALTER TABLE generations ADD COLUMN shown_at DOUBLE PRECISION;
