-- Issue 23: the HMAC keys of refresh and admin tokens as a key set (ADR 0015), each sealed
-- (AES-256-GCM under the key-encryption key, context token-key:<kid>) and named by its kid.
-- The key with the latest signs_from that has come signs; a key with verify_until still verifies
-- tokens carrying its kid until then (the overlap after a rotation); an emergency rotation deletes
-- the old keys at once. Exactly one key (the newest) has no verify_until.
CREATE TABLE token_keys (
    kid          text        PRIMARY KEY,
    sealed_key   bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    signs_from   timestamptz NOT NULL,
    verify_until timestamptz NULL,
    legacy       boolean     NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX token_keys_one_newest ON token_keys ((true)) WHERE verify_until IS NULL;

-- A database a previous Keyport already served may hold tokens signed with the single key of that
-- version (stored, or KEYPORT_JWT_SECRET): the first start of this version rotates it away (legacy,
-- verify-only), and KEYPORT_JWT_SECRET may then not seed the set as a fresh key.
INSERT INTO server_secrets (name, value)
SELECT 'token-keys.upgraded-database', '\x01'::bytea
WHERE EXISTS (SELECT 1 FROM admin_accounts) OR EXISTS (SELECT 1 FROM signing_keys)
   OR EXISTS (SELECT 1 FROM server_secrets) OR EXISTS (SELECT 1 FROM users);
