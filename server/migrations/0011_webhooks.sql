-- Webhooks: URLs a board's leads registered for chosen changes, with the secret deliveries are
-- signed with (kept as it is: signing needs it).
CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    board_id   TEXT NOT NULL REFERENCES boards (id),
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    active     BIGINT NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_board ON webhooks (board_id);

-- The outbox: one row per change and webhook, written in the change's own transaction, so a
-- change committed is a delivery owed however the server stops. `next_at` is set while the
-- delivery is pending. No foreign key to `webhooks`: a commit must not fail because a webhook
-- was deleted meanwhile; deliveries of a deleted webhook are deleted with it or skipped.
CREATE TABLE webhook_deliveries (
    id          TEXT PRIMARY KEY,
    webhook_id  TEXT NOT NULL,
    board_id    TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    event       TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    state       TEXT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    next_at     BIGINT,
    last_at     BIGINT,
    last_status BIGINT,
    last_error  TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE next_at IS NOT NULL;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at);
