-- Issue 14: each key is announced once as expiring soon and once as expired, whichever instance scans first.
CREATE TABLE key_expiry_notices (
    key_id       text        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('expiring', 'expired')),
    announced_at timestamptz NOT NULL,
    PRIMARY KEY (key_id, kind)
);
CREATE INDEX api_keys_expiry ON api_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Every attempt at a webhook delivery, for the admin API and the console.
CREATE TABLE webhook_attempts (
    delivery_id text        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    status      integer     NULL,
    error       text        NULL,
    PRIMARY KEY (delivery_id, attempt)
);
