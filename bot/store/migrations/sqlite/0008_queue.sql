-- The fair queue: a song beyond the caps waits as a row ('queued'), so the queue outlives the
-- process. queued_at is its place in line (kept when a 429 sends it back), started_at when it
-- left the line for the API (recent durations give the queue's estimates), tries how often the
-- API has been asked for it.
ALTER TABLE generations ADD COLUMN queued_at REAL;
ALTER TABLE generations ADD COLUMN started_at REAL;
ALTER TABLE generations ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
CREATE INDEX generations_waiting ON generations (queued_at, id) WHERE status = 'queued';
CREATE INDEX generations_waiting_by_member ON generations (guild_id, user_id)
    WHERE status = 'queued';

-- Per server: queue beyond the caps ('queue', the default) or refuse ('refuse'); the most songs
-- a member / the server may have waiting (NULL: no limit); and a moderator's pause.
ALTER TABLE guild_settings ADD COLUMN queue_mode TEXT NOT NULL DEFAULT 'queue';
ALTER TABLE guild_settings ADD COLUMN member_waiting INTEGER;
ALTER TABLE guild_settings ADD COLUMN guild_waiting INTEGER;
ALTER TABLE guild_settings ADD COLUMN queue_paused INTEGER NOT NULL DEFAULT 0;
