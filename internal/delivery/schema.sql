-- The sender's tables. Statements are idempotent; EnsureSchema runs them in
-- one transaction under an advisory lock.

-- One row per (event, endpoint): the unit of delivery.
CREATE TABLE IF NOT EXISTS sender_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    webhook_id      TEXT NOT NULL,            -- msg_<uuidv5 of tenant, event id, endpoint>: stable
    tenant          TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    body            BYTEA NOT NULL,           -- the structured CloudEvent, as signed and sent
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
    attempts        INT NOT NULL DEFAULT 0,   -- requests made
    retries_spent   INT NOT NULL DEFAULT 0,   -- failures counted against the schedule
    throttles       INT NOT NULL DEFAULT 0,   -- 429/502/503/504 with Retry-After, not counted
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(), -- due time, or the lease's end while claimed
    lease_owner     TEXT,
    stored_at       TIMESTAMPTZ NOT NULL,     -- the event's commit in its topic table
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    last_status     INT,
    last_error      TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS sender_deliveries_webhook_id ON sender_deliveries (webhook_id);
CREATE INDEX IF NOT EXISTS sender_deliveries_due ON sender_deliveries (next_attempt_at) WHERE status = 'pending';
-- per endpoint: a claim reads only the endpoints that can take requests,
-- whatever the backlog of those that cannot
CREATE INDEX IF NOT EXISTS sender_deliveries_endpoint_due ON sender_deliveries (tenant, endpoint_id, next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS sender_deliveries_endpoint ON sender_deliveries (tenant, endpoint_id, created_at);
CREATE INDEX IF NOT EXISTS sender_deliveries_finished ON sender_deliveries (finished_at) WHERE status <> 'pending';

-- One row per request.
CREATE TABLE IF NOT EXISTS sender_attempts (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT NOT NULL REFERENCES sender_deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMPTZ NOT NULL,
    latency_ms   DOUBLE PRECISION NOT NULL,
    outcome      TEXT NOT NULL,
    status_code  INT,                          -- NULL when no response came
    error        TEXT,
    response     BYTEA                         -- the first 64 KiB of the response body
);
CREATE INDEX IF NOT EXISTS sender_attempts_delivery ON sender_attempts (delivery_id);

-- Endpoint state shared by every sender instance.
CREATE TABLE IF NOT EXISTS sender_endpoints (
    tenant          TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL,
    disabled_at     TIMESTAMPTZ,
    disabled_reason TEXT,
    failing_since   TIMESTAMPTZ,               -- first failure since the last success
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, endpoint_id)
);

-- Operator actions: retries, recoveries (with their progress), enable, disable.
CREATE TABLE IF NOT EXISTS sender_actions (
    id          BIGSERIAL PRIMARY KEY,
    action      TEXT NOT NULL,
    tenant      TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    since       TIMESTAMPTZ,
    last_offset BIGINT NOT NULL DEFAULT 0,     -- recover: the topic offset reached
    recorded    BIGINT NOT NULL DEFAULT 0,     -- recover: deliveries recorded or reset
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);
