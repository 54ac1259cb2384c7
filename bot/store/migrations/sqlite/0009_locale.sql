-- The language of a song's public message (its server's, when it was asked for), so that the
-- message goes on in the same language after a restart, before the server is known again.
ALTER TABLE generations ADD COLUMN locale TEXT;
-- The same for a lyric session's sheet and its thread's messages.
ALTER TABLE jam_sessions ADD COLUMN locale TEXT;
