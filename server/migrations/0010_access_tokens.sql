-- Personal access tokens for scripts: a person's rights (or only reading), until they expire or
-- are revoked. Only the token's hash is kept.
CREATE TABLE access_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    read_only  BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used  BIGINT,
    revoked    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);
