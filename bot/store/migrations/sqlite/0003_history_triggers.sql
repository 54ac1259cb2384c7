-- Status history is written by the database itself, so recording a change is one statement.
CREATE TRIGGER generations_history_insert AFTER INSERT ON generations
BEGIN
    INSERT INTO generation_events (generation_id, status, stage, at)
    VALUES (NEW.id, NEW.status, NEW.stage, NEW.updated_at);
END;

CREATE TRIGGER generations_history_update AFTER UPDATE OF status, stage ON generations
WHEN NEW.status IS NOT OLD.status OR NEW.stage IS NOT OLD.stage
BEGIN
    INSERT INTO generation_events (generation_id, status, stage, at)
    VALUES (NEW.id, NEW.status, NEW.stage, NEW.updated_at);
END;

-- Songs in progress, found per server and member without scanning history.
DROP INDEX generations_active;
CREATE INDEX generations_active_by_member ON generations (guild_id, user_id)
    WHERE status IN ('reserved', 'running');
