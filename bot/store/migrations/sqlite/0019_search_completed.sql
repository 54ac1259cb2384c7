-- The gallery's search index holds the words of completed songs only: the gallery shows no
-- other song (its queries all say status = 'completed'), so a song's words are indexed once,
-- when it completes, instead of at its reservation and again (removed and added) at its end.
-- Each time cost the song's write its full-text work and a new segment of the index at commit.
DELETE FROM gallery_search
    WHERE rowid NOT IN (SELECT id FROM generations WHERE status = 'completed');
DROP TRIGGER gallery_search_insert;
DROP TRIGGER gallery_search_update;
CREATE TRIGGER gallery_search_insert AFTER INSERT ON generations WHEN NEW.status = 'completed'
BEGIN
    INSERT INTO gallery_search (rowid, words) VALUES (NEW.id,
        COALESCE(NEW.song_name, '') || ' ' || COALESCE(NEW.prompt, '') || ' ' || COALESCE(NEW.requester, ''));
END;
-- One trigger, so the old words always leave before the new ones come (same rowid): a song
-- that completes, or a completed song whose words change, or (never on the song path) one
-- that stops being completed.
CREATE TRIGGER gallery_search_update AFTER UPDATE OF song_name, prompt, requester, status ON generations
WHEN OLD.status = 'completed' OR NEW.status = 'completed'
BEGIN
    DELETE FROM gallery_search WHERE rowid = OLD.id AND OLD.status = 'completed';
    INSERT INTO gallery_search (rowid, words) SELECT NEW.id,
        COALESCE(NEW.song_name, '') || ' ' || COALESCE(NEW.prompt, '') || ' ' || COALESCE(NEW.requester, '')
        WHERE NEW.status = 'completed';
END;
