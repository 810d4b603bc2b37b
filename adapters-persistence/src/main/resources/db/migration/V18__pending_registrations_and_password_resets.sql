-- Issue 24 (ADR 0022): email confirmation and password reset of the local-userpass provider.
-- A registration waiting for its confirmation is not a user yet: it lives here until confirmed, then moves to users.
-- Tokens are stored as SHA-256 digests only (hex), with their id and expiry (30 minutes).
CREATE TABLE pending_registrations (
    email            text        PRIMARY KEY,
    user_id          text        NOT NULL CHECK (user_id ~ '^[0-9a-f]{24}$'),
    password_hash    text        NOT NULL,
    token_id         text        NOT NULL UNIQUE CHECK (token_id ~ '^[0-9a-f]{24}$'),
    token_digest     text        NOT NULL CHECK (token_digest ~ '^[0-9a-f]{64}$'),
    token_expires_at timestamptz NOT NULL,
    created_at       timestamptz NOT NULL
);

-- at most one live reset token per user (a new one replaces it); removed when used
CREATE TABLE password_resets (
    token_id     text        PRIMARY KEY CHECK (token_id ~ '^[0-9a-f]{24}$'),
    user_id      text        NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    token_digest text        NOT NULL CHECK (token_digest ~ '^[0-9a-f]{64}$'),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);

-- confirm/send and reset/send only queue a request (one write whatever the address: no timing oracle); a schedule
-- turns each into a mail if the address has something to mail about. One waiting request per address and kind.
CREATE TABLE account_mail_requests (
    email        text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('confirmation', 'reset')),
    requested_at timestamptz NOT NULL,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (email, kind)
);
