-- Issue 23. A session belongs to the value it was opened with: rolling a key gives the new value the next
-- session generation and keeps the old generation with the previous value, whose sessions end with it.
ALTER TABLE api_keys ADD COLUMN previous_session_generation bigint NULL CHECK (previous_session_generation >= 0);

-- A key in its grace period at the upgrade: its sessions may have been opened with either value, and the
-- tokens do not say which. They are taken as the previous value's, so they end with the grace (a client of
-- the new value logs in again then); never the other way round, which would let a leaked value's session live on.
UPDATE api_keys
   SET previous_session_generation = session_generation,
       session_generation = session_generation + 1
 WHERE previous_key_digest IS NOT NULL AND previous_valid_until > now();
-- A previous value whose grace is over stays on the key until the next roll or end of grace, and logs in no more:
-- every session of such a key was opened with the current value (or ended already), so it keeps its generation.
-- The previous value takes an older one, which it never admits (its grace is over); at generation 0 there is
-- none older, and the spent value is cleared (it is refused as an unknown key from now on).
UPDATE api_keys
   SET previous_session_generation = session_generation - 1
 WHERE previous_key_digest IS NOT NULL AND previous_valid_until <= now() AND session_generation > 0;
UPDATE api_keys
   SET previous_key_digest = NULL, previous_valid_until = NULL
 WHERE previous_key_digest IS NOT NULL AND previous_valid_until <= now() AND session_generation = 0;

ALTER TABLE api_keys
    DROP CONSTRAINT api_keys_previous_value_whole,
    ADD CONSTRAINT api_keys_previous_value_whole CHECK (
        (previous_key_digest IS NULL) = (previous_valid_until IS NULL)
        AND (previous_key_digest IS NULL) = (previous_session_generation IS NULL)),
    ADD CONSTRAINT api_keys_previous_generation_older CHECK (previous_session_generation < session_generation);

DROP TRIGGER api_keys_changed ON api_keys;
CREATE TRIGGER api_keys_changed
    AFTER UPDATE OF disabled, session_generation, key_digest, owner_id, previous_key_digest, previous_valid_until,
        previous_session_generation, expires_at
        OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change();

-- Logged-out key sessions name their key, so that each key's individually ended sessions can be bounded: past
-- the bound the key's session generation moves on instead (every instance's memory stays bounded whatever
-- the number of logouts). Rows from before the upgrade have no key and end with their own expiry.
ALTER TABLE ended_sessions ADD COLUMN key_id text NULL CHECK (key_id ~ '^[0-9a-f]{24}$');
CREATE INDEX ended_sessions_by_key ON ended_sessions (key_id) WHERE key_id IS NOT NULL;

CREATE OR REPLACE FUNCTION ended_sessions_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('keyport_ended_sessions',
                      NEW.id || ' ' || (extract(epoch FROM NEW.expires_at) * 1000)::bigint
                          || coalesce(' ' || NEW.key_id, ''));
    RETURN NULL;
END;
$$;
