-- Issue 28: the custom-token provider (App Services' Custom JWT, ADR 0024).
-- A custom-token identity is keyed by the token's issuer and subject: the subject is the identity's
-- provider_user_id (as the profile shows it), the issuer (empty when the token names none) is kept beside it, and
-- the pair is unique, so two concurrent first logins of one user cannot make two users.
ALTER TABLE identities DROP CONSTRAINT identities_provider_check;
ALTER TABLE identities ADD CONSTRAINT identities_provider_check
    CHECK (provider IN ('local-userpass', 'anon-user', 'api-key', 'custom-token'));
ALTER TABLE identities ADD COLUMN issuer text;
ALTER TABLE identities ADD CONSTRAINT identities_external_has_issuer
    CHECK ((provider = 'custom-token') = (issuer IS NOT NULL));
CREATE UNIQUE INDEX identities_external_unique ON identities (provider, issuer, provider_user_id)
    WHERE issuer IS NOT NULL;

-- The profile data an identity provider's token maps (metadata_fields), replaced at each such login.
ALTER TABLE users ADD COLUMN data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object');

-- The provider document as App Services writes it: besides config, the names of the secrets it uses
-- (secret_config, never their values) and the claims it maps to profile data (metadata_fields).
ALTER TABLE auth_providers DROP CONSTRAINT auth_providers_name_check;
ALTER TABLE auth_providers ADD CONSTRAINT auth_providers_name_check
    CHECK (name IN ('local-userpass', 'anon-user', 'api-key', 'custom-token'));
ALTER TABLE auth_providers ADD COLUMN secret_config jsonb NOT NULL DEFAULT '{}'::jsonb
    CHECK (jsonb_typeof(secret_config) = 'object');
ALTER TABLE auth_providers ADD COLUMN metadata_fields jsonb NOT NULL DEFAULT '[]'::jsonb
    CHECK (jsonb_typeof(metadata_fields) = 'array');
