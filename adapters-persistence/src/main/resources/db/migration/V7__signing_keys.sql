-- The ES256 key pairs that sign access tokens (ADR 0011). Published from created_at, signing from
-- signs_from; which one signs and how long a retired one stays published follows from signs_from alone.
-- The private key is sealed (AES-256-GCM under the key-encryption key, which is not in this database).
CREATE TABLE signing_keys (
    kid                text        PRIMARY KEY,
    algorithm          text        NOT NULL,
    public_key         bytea       NOT NULL,
    sealed_private_key bytea       NOT NULL,
    created_at         timestamptz NOT NULL,
    signs_from         timestamptz NOT NULL
);
