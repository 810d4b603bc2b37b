-- Issue 23: only the lease holder records a delivery's outcome (lease_token, checked with leased_until in the
-- UPDATE); each endpoint's pending outbox is counted for its bound; finished deliveries are pruned by age.
ALTER TABLE webhook_deliveries ADD COLUMN lease_token text NULL;
CREATE INDEX webhook_deliveries_done ON webhook_deliveries (created_at) WHERE next_attempt_at IS NULL;
-- the order events were queued in, for deliveries due at the same instant
ALTER TABLE webhook_deliveries ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
-- per endpoint: the count of its pending deliveries (the bound) and its oldest due (the claim, a few per endpoint)
CREATE INDEX webhook_deliveries_pending_per_endpoint ON webhook_deliveries (endpoint_id, next_attempt_at, seq)
    WHERE next_attempt_at IS NOT NULL;
