-- The database work of one API-key login, as Keyport's PostgreSQL adapter issues it:
-- one indexed read of the key by its digest, then one conditional insert of the session.
-- pgbench cannot read the key values, so the read looks the key up by its id, which the seed makes
-- computable ('b' + hex counter): one unique-index lookup on a text column, like the adapter's lookup
-- by key_digest.
\set u random(:first_user, :last_user)
\set k random(0, :per_user - 1)
SELECT id, owner_id, name, key_digest, disabled, created_at, last_used_at FROM api_keys
 WHERE id = 'b' || lpad(to_hex(:u * 32 + :k), 23, '0');
INSERT INTO sessions (id, user_id, device_id, refresh_digest, created_at, expires_at, api_key_id)
SELECT substr(md5(random()::text), 1, 24), k.owner_id, substr(md5(random()::text), 1, 24),
       md5(random()::text) || md5(random()::text), now(), now() + interval '60 days', k.id
  FROM api_keys k WHERE k.id = 'b' || lpad(to_hex(:u * 32 + :k), 23, '0') AND NOT k.disabled FOR SHARE;
