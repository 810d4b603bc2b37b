-- Keyport schema, owned by Flyway. Ids are the protocol's 24-hex ObjectId-like strings.
-- Secrets are never stored in clear: API keys and refresh tokens as SHA-256 hex digests,
-- passwords as a self-describing slow hash.

CREATE TABLE users (
    id            text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    type          text        NOT NULL CHECK (type IN ('normal', 'server')),
    email         text        UNIQUE,
    password_hash text,
    created_at    timestamptz NOT NULL,
    CONSTRAINT users_email_has_password CHECK ((email IS NULL) = (password_hash IS NULL))
);

CREATE TABLE identities (
    id               text    PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    user_id          text    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    provider         text    NOT NULL CHECK (provider IN ('local-userpass', 'anon-user', 'api-key')),
    provider_user_id text    NOT NULL,
    UNIQUE (user_id, position)
);

CREATE TABLE api_keys (
    id           text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    owner_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    key_digest   text        NOT NULL CHECK (key_digest ~ '^[0-9a-f]{64}$'),
    disabled     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    CONSTRAINT api_keys_digest_unique UNIQUE (key_digest),
    CONSTRAINT api_keys_name_unique_per_owner UNIQUE (owner_id, name)
);

-- The key ring's limit, backed by the database: a bug or a race in the application still cannot
-- give one owner more than 20 keys. Locking the owner's row serialises concurrent inserts for
-- that owner (the application takes the same lock first, so this normally never fires).
CREATE FUNCTION api_keys_enforce_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM users WHERE id = NEW.owner_id FOR UPDATE;
    IF (SELECT count(*) FROM api_keys WHERE owner_id = NEW.owner_id) >= 20 THEN
        RAISE EXCEPTION 'owner % already has 20 API keys', NEW.owner_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'api_keys_limit_per_owner';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER api_keys_limit_per_owner
    BEFORE INSERT ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_enforce_limit();

CREATE TABLE sessions (
    id             text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    user_id        text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id      text        NOT NULL CHECK (device_id ~ '^[0-9a-f]{24}$'),
    refresh_digest text        NOT NULL CHECK (refresh_digest ~ '^[0-9a-f]{64}$'),
    -- Deleting a key deletes the sessions opened with it: revocation backed by the schema.
    api_key_id     text        REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    CONSTRAINT sessions_refresh_digest_unique UNIQUE (refresh_digest)
);

CREATE INDEX sessions_by_api_key ON sessions (api_key_id) WHERE api_key_id IS NOT NULL;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Server-side secrets generated on first start (for example the access-token signing key), so
-- that every instance on this database signs and verifies with the same key.
CREATE TABLE server_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
