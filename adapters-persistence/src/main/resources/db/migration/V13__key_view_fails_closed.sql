-- Issue 23, the key view fails closed (ADR 0016). Every change that can matter to a key login or a
-- key session announces itself to the instances' key views, whoever makes it and however:
--  * an UPDATE of any column but last_used_at (V4/V9 watched a list of columns, so an operator's
--    edit of expires_at, or of a column added later, went unannounced). The WHEN clause compares the
--    whole row without last_used_at, so the batched last-used writes still announce nothing;
--  * a DELETE (also a cascade from a deleted user), as before;
--  * a TRUNCATE, which fires no row trigger: one statement-level announcement, "forget every key".
-- The announcing triggers fire ALWAYS, also under session_replication_role = replica (logical
-- replication, pg_restore --disable-triggers with replica role), where ordinary triggers are skipped.
-- A trigger disabled or dropped outright (ALTER TABLE ... DISABLE TRIGGER, a restore) is caught by the
-- view's heartbeat, which reads these triggers' pg_trigger rows every time (KeyStateView).
DROP TRIGGER api_keys_changed ON api_keys;
CREATE TRIGGER api_keys_changed
    AFTER UPDATE ON api_keys
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
    EXECUTE FUNCTION api_keys_announce_change();

CREATE TRIGGER api_keys_deleted
    AFTER DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change();

CREATE FUNCTION api_keys_announce_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('keyport_keys_reset', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_truncated
    AFTER TRUNCATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION api_keys_announce_truncate();

ALTER TABLE api_keys ENABLE ALWAYS TRIGGER api_keys_changed;
ALTER TABLE api_keys ENABLE ALWAYS TRIGGER api_keys_deleted;
ALTER TABLE api_keys ENABLE ALWAYS TRIGGER api_keys_truncated;
ALTER TABLE ended_sessions ENABLE ALWAYS TRIGGER ended_sessions_added;
