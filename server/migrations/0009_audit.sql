-- The security audit log: sign-ins, accounts, roles and embed links, read by administrators.
CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,
    at       BIGINT NOT NULL,
    actor_id TEXT,
    actor    TEXT,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL,
    address  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
