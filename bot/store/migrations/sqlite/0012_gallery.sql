-- The web gallery: a server's visibility ('off', 'members', 'public'), a song's cover art, a
-- member's choice to hide a song from the gallery, and how often it was played there.
ALTER TABLE guild_settings ADD COLUMN gallery TEXT NOT NULL DEFAULT 'off';
ALTER TABLE generations ADD COLUMN cover_url TEXT;
ALTER TABLE generations ADD COLUMN hidden_at REAL;
ALTER TABLE generations ADD COLUMN plays INTEGER NOT NULL DEFAULT 0;

-- The gallery's songs of a server, newest first or by plays, and a member's: each page reads
-- one of these in order and stops (cursor pagination). The condition is the store's SHOWN to
-- the letter: SQLite uses a partial index only for a query that says so.
CREATE INDEX generations_gallery ON generations (guild_id, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX generations_gallery_by_plays ON generations (guild_id, plays, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX generations_gallery_by_member ON generations (guild_id, user_id, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
-- A session's songs are posted in its thread.
CREATE INDEX jam_sessions_by_thread ON jam_sessions (thread_id);

-- Search by name, prompt or member: a full-text index of the words (a search of 100,000 songs
-- by LIKE reads every row), kept by triggers; the rowid is the song's id.
CREATE VIRTUAL TABLE gallery_search USING fts5 (words, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO gallery_search (rowid, words)
    SELECT id, COALESCE(song_name, '') || ' ' || COALESCE(prompt, '') || ' ' || COALESCE(requester, '')
    FROM generations;
CREATE TRIGGER gallery_search_insert AFTER INSERT ON generations
BEGIN
    INSERT INTO gallery_search (rowid, words) VALUES (NEW.id,
        COALESCE(NEW.song_name, '') || ' ' || COALESCE(NEW.prompt, '') || ' ' || COALESCE(NEW.requester, ''));
END;
CREATE TRIGGER gallery_search_update AFTER UPDATE OF song_name, prompt, requester ON generations
BEGIN
    DELETE FROM gallery_search WHERE rowid = OLD.id;
    INSERT INTO gallery_search (rowid, words) VALUES (NEW.id,
        COALESCE(NEW.song_name, '') || ' ' || COALESCE(NEW.prompt, '') || ' ' || COALESCE(NEW.requester, ''));
END;
CREATE TRIGGER gallery_search_delete AFTER DELETE ON generations
BEGIN
    DELETE FROM gallery_search WHERE rowid = OLD.id;
END;
