-- The web gallery, as SQLite's migration 0012 says (its comments tell what each part is for).
ALTER TABLE guild_settings ADD COLUMN gallery TEXT NOT NULL DEFAULT 'off';
ALTER TABLE generations ADD COLUMN cover_url TEXT;
ALTER TABLE generations ADD COLUMN hidden_at DOUBLE PRECISION;
ALTER TABLE generations ADD COLUMN plays INTEGER NOT NULL DEFAULT 0;

CREATE INDEX generations_gallery ON generations (guild_id, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX generations_gallery_by_plays ON generations (guild_id, plays, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX generations_gallery_by_member ON generations (guild_id, user_id, id)
    WHERE status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX jam_sessions_by_thread ON jam_sessions (thread_id);

-- Search: the words of the name, prompt and member, in an inverted index of their own
-- (PostgreSQL's full-text search with the 'simple' configuration: no stemming, any language).
CREATE INDEX generations_gallery_search ON generations USING GIN (to_tsvector('simple',
    COALESCE(song_name, '') || ' ' || COALESCE(prompt, '') || ' ' || COALESCE(requester, '')));
