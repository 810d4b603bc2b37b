-- The database work of one API-key login whose key is not in the instance's key view (ADR 0008):
-- one indexed read of the key by its digest, and no write. (A key that is in the view costs no
-- database work at all.) pgbench cannot read the key values, so the read looks the key up by its id,
-- which the seed makes computable ('b' + hex counter): one unique-index lookup on a text column,
-- like the adapter's lookup by key_digest.
\set u random(:first_user, :last_user)
\set k random(0, :per_user - 1)
SELECT id, owner_id, name, key_digest, disabled, created_at, last_used_at, session_generation FROM api_keys
 WHERE id = 'b' || lpad(to_hex(:u * 32 + :k), 23, '0');
