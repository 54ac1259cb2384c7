-- An entry's post in its challenge's thread is claimed, as a challenge's message is: the
-- process posting it holds `claim_until` (unix seconds) until its message id is recorded. An
-- entry saved but never posted (its process died, or Discord failed) is posted by the clock
-- once no live claim holds it, by exactly one process.
ALTER TABLE challenge_entries ADD COLUMN claim_until REAL;
