-- Server API keys, provider switches, the admin account and the audit trail.

-- A server key is the only key of its server user. The flag is derived from the owner's type when
-- the key is inserted; it lets the database keep server key names unique among server keys.
ALTER TABLE api_keys ADD COLUMN server boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX api_keys_server_name_unique ON api_keys (name) WHERE server;

-- One row per provider that has been configured (by an admin or an app directory); a provider
-- without a row is enabled with no settings.
CREATE TABLE auth_providers (
    name       text        PRIMARY KEY CHECK (name IN ('local-userpass', 'anon-user', 'api-key')),
    disabled   boolean     NOT NULL,
    config     jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(config) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The hash of a generated admin password (a configured password is never stored).
CREATE TABLE admin_accounts (
    username      text        PRIMARY KEY,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Append-only. Never a secret: keys are named by id, unknown keys by a digest prefix.
CREATE TABLE audit_events (
    id     bigserial   PRIMARY KEY,
    at     timestamptz NOT NULL,
    actor  text        NOT NULL,
    action text        NOT NULL,
    target text        NOT NULL,
    detail text        NOT NULL
);
CREATE INDEX audit_events_newest_first ON audit_events (at DESC, id DESC);
