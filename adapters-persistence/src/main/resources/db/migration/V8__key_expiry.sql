-- Issue 14: a key may expire. NULL: never (every key made before this migration).
-- Kept to the second by the domain; an expired key stays until deleted.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_expires_after_creation CHECK (expires_at IS NULL OR expires_at > created_at);
