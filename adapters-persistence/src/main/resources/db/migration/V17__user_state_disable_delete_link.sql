-- Issue 24 (ADR 0023): disabling users, linking an email/password to an existing user, deleting users.
--
-- disabled: an admin disabled the user. Their password logins are refused; no session can be stored for them (the
-- trigger below, decided under the user's row lock, so a login that checked an instant before the disable commits
-- leaves no session behind); their keys are not found by the key-login, refresh and introspection reads (the
-- application moves the keys' session generations on in the disabling transaction, which announces every key to
-- every instance's view through the V13 triggers).
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- first_login_at: when the user first logged in. A registration that never logged in is not a user yet in App
-- Services' sense, so it may be linked to another user (anonymous, then link email/password); one that did may not.
-- Users from before this migration count as having logged in: nobody's account can be absorbed by a link.
ALTER TABLE users ADD COLUMN first_login_at timestamptz;
UPDATE users SET first_login_at = created_at;

CREATE FUNCTION sessions_refuse_disabled_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- FOR SHARE waits for a disabling transaction that holds the row and then reads what it committed
    IF (SELECT disabled FROM users WHERE id = NEW.user_id FOR SHARE) THEN
        RAISE EXCEPTION 'user % is disabled', NEW.user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sessions_user_not_disabled';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER sessions_user_not_disabled
    BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_refuse_disabled_user();
ALTER TABLE sessions ENABLE ALWAYS TRIGGER sessions_user_not_disabled;

-- the admin's user list pages by id (the primary key); keys of a disabled owner are filtered by a join on it too
