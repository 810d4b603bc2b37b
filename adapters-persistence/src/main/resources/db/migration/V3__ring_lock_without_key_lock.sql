-- The owner-row lock that serialises changes to one key ring is FOR NO KEY UPDATE, not FOR UPDATE:
-- it still serialises ring changes, but no longer conflicts with the KEY SHARE lock that every
-- foreign-key check on users(id) takes (inserting a session does one). With FOR UPDATE, a key login
-- racing a disable or delete of its key could deadlock (TwoInstancesRaceTest found it).
CREATE OR REPLACE FUNCTION api_keys_enforce_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM users WHERE id = NEW.owner_id FOR NO KEY UPDATE;
    IF (SELECT count(*) FROM api_keys WHERE owner_id = NEW.owner_id) >= 20 THEN
        RAISE EXCEPTION 'owner % already has 20 API keys', NEW.owner_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'api_keys_limit_per_owner';
    END IF;
    RETURN NEW;
END;
$$;
