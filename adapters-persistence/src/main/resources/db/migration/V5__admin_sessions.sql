-- Admin sessions: an admin token is honoured only while its session row is live, so signing out
-- and changing the admin password end it on every instance. Rows are small and few (one per admin
-- login); each admin login deletes the account's expired ones.
CREATE TABLE admin_sessions (
    id         text        PRIMARY KEY,
    username   text        NOT NULL,
    opened_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at   timestamptz
);

CREATE INDEX admin_sessions_live_by_username ON admin_sessions (username) WHERE ended_at IS NULL;
CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);

COMMENT ON TABLE admin_accounts IS 'The slow hash of the admin password: generated, set through the admin API, or the configured one';
