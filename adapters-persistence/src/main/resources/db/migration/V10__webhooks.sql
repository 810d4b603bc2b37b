-- Issue 14: webhooks. Endpoints with their signing secret sealed (AES-GCM, like the token keys), and the
-- outbox: one row per event and endpoint, written in the transaction of the change it announces.
CREATE TABLE webhook_endpoints (
    id            text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
    url           text        NOT NULL,
    sealed_secret bytea       NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              text        PRIMARY KEY,
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NULL,  -- NULL: delivered, or given up
    leased_until    timestamptz NULL,  -- an instance is delivering it until then
    delivered_at    timestamptz NULL,
    last_status     integer     NULL,
    last_error      text        NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_newest ON webhook_deliveries (created_at DESC);
