-- Issue 24 (ADR 0022): the durable mail outbox. A mail is written in the transaction that issues its token, sent
-- under a lease by any instance, retried while the SMTP server is down. The body holds a live token, so it is sealed
-- (AES-GCM under the key-encryption key, context 'mail:<id>') and dropped (NULL) once sent or given up.
CREATE TABLE mail_outbox (
    id              text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    sealed_body     bytea       NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NULL,  -- NULL: sent, or given up
    leased_until    timestamptz NULL,
    lease_token     text        NULL,
    sent_at         timestamptz NULL,
    last_error      text        NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, seq) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX mail_outbox_done ON mail_outbox (created_at) WHERE next_attempt_at IS NULL;
