-- Issue 14: rolling a key gives it a new value (key_digest); the previous value's digest stays accepted
-- until previous_valid_until. Both NULL when the key is not in a grace period.
ALTER TABLE api_keys
    ADD COLUMN previous_key_digest  text        NULL CHECK (previous_key_digest ~ '^[0-9a-f]{64}$'),
    ADD COLUMN previous_valid_until timestamptz NULL,
    ADD CONSTRAINT api_keys_previous_value_whole CHECK ((previous_key_digest IS NULL) = (previous_valid_until IS NULL)),
    ADD CONSTRAINT api_keys_previous_differs CHECK (previous_key_digest IS DISTINCT FROM key_digest);
CREATE UNIQUE INDEX api_keys_previous_digest ON api_keys (previous_key_digest) WHERE previous_key_digest IS NOT NULL;

-- The key view (ADR 0008) must hear of a grace period ending early as of any other change of the values.
DROP TRIGGER api_keys_changed ON api_keys;
CREATE TRIGGER api_keys_changed
    AFTER UPDATE OF disabled, session_generation, key_digest, owner_id, previous_key_digest, previous_valid_until
        OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change();
