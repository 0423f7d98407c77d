-- People, their sessions and roles, and embed links.
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      BIGINT NOT NULL DEFAULT 0,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

-- A person's role on a team's board: lead, member or observer.
CREATE TABLE memberships (
    user_id  TEXT NOT NULL REFERENCES users (id),
    board_id TEXT NOT NULL REFERENCES boards (id),
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, board_id)
);

-- Sessions are kept by the SHA-256 of their token, so the table cannot be replayed.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked    BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Read-only links to one board, for intranet pages; also kept by the hash of their token.
CREATE TABLE embeds (
    id         TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    board_id   TEXT NOT NULL REFERENCES boards (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    label      TEXT NOT NULL,
    columns    TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked    BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX embeds_board ON embeds (board_id);
