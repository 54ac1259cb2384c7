-- The gallery's search words are those of completed songs only, as in SQLite's migration 0019:
-- the gallery shows no other song (its queries all say status = 'completed'). Until a song
-- completes its column is NULL, so its reservation and each write of its progress neither
-- parse its text nor add its words to the inverted index again (every new row version did).
ALTER TABLE generations DROP COLUMN search_words;
ALTER TABLE generations ADD COLUMN search_words tsvector GENERATED ALWAYS AS (CASE WHEN status = 'completed'
    THEN to_tsvector('simple',
        COALESCE(song_name, '') || ' ' || COALESCE(prompt, '') || ' ' || COALESCE(requester, ''))
    END) STORED;
CREATE INDEX generations_gallery_search ON generations USING GIN (search_words);
