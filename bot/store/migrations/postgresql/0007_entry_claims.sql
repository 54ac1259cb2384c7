-- An entry's post is claimed, as SQLite's migration 0015 says (its comments tell why).
ALTER TABLE challenge_entries ADD COLUMN claim_until DOUBLE PRECISION;
