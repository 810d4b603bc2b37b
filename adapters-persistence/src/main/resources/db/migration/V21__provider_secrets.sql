-- Issue 28: the values of the secrets providers name in secret_config (HS256 signing keys of custom-token),
-- each sealed (AES-256-GCM under the key-encryption key, context provider-secret:<name>) like the token keys.
CREATE TABLE provider_secrets (
    name         text        PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
    sealed_value bytea       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
