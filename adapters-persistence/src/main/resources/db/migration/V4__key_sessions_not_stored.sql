-- Key sessions are no longer stored (ADR 0008). A key login writes nothing; the session it opens
-- lives while its key is enabled at the session generation the session carries. Disabling a key,
-- or an admin revoking its owner's sessions, moves the generation on, so re-enabling the key does
-- not bring the old sessions back. Key sessions opened before this migration keep their rows and
-- keep working until they expire or are revoked.
ALTER TABLE api_keys ADD COLUMN session_generation bigint NOT NULL DEFAULT 0
    CHECK (session_generation >= 0);

-- A key session logged out before it expired, kept until it would have expired anyway.
CREATE TABLE ended_sessions (
    id         text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    expires_at timestamptz NOT NULL
);
CREATE INDEX ended_sessions_by_expiry ON ended_sessions (expires_at);

-- Every instance keeps a view of key states and ended sessions in memory, so that key logins and
-- refreshes need no read. These triggers tell every instance, on commit, what to forget or add:
-- whatever changes a key (the application, a cascade from a deleted user, an operator's SQL)
-- announces it. last_used_at is not in the column list: its batched updates announce nothing.
CREATE FUNCTION api_keys_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('keyport_keys', OLD.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_changed
    AFTER UPDATE OF disabled, session_generation, key_digest, owner_id OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change();

CREATE FUNCTION ended_sessions_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('keyport_ended_sessions',
                      NEW.id || ' ' || (extract(epoch FROM NEW.expires_at) * 1000)::bigint);
    RETURN NULL;
END;
$$;

CREATE TRIGGER ended_sessions_added
    AFTER INSERT ON ended_sessions
    FOR EACH ROW EXECUTE FUNCTION ended_sessions_announce();
