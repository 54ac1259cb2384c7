-- A server's settings version is the id of its newest settings_log row: every process reads it
-- inside the reservation, so a change made by one process holds at once in all of them.
CREATE INDEX settings_log_newest ON settings_log (guild_id, id);
