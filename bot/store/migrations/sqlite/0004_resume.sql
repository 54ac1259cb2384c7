-- What a restarted bot needs to pick a song up again: where its message is, what was asked
-- (the API request, no secrets), who asked, and whether the finished song was shown.
ALTER TABLE generations ADD COLUMN message_id INTEGER;
ALTER TABLE generations ADD COLUMN request TEXT;
ALTER TABLE generations ADD COLUMN requester TEXT;
ALTER TABLE generations ADD COLUMN delivered_at REAL;

CREATE INDEX generations_undelivered ON generations (status) WHERE delivered_at IS NULL;
