-- Boards, their current state (one row per column and card, rewritten by each commit) and the
-- per-board event log that clients catch up from.
CREATE TABLE boards (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    team       TEXT NOT NULL,
    seq        BIGINT NOT NULL DEFAULT 0,
    sort_order BIGINT NOT NULL
);

CREATE TABLE board_columns (
    board_id  TEXT NOT NULL REFERENCES boards (id),
    id        TEXT NOT NULL,
    name      TEXT NOT NULL,
    position  TEXT NOT NULL,
    wip_limit BIGINT,
    PRIMARY KEY (board_id, id)
);

CREATE TABLE cards (
    board_id    TEXT NOT NULL REFERENCES boards (id),
    id          TEXT NOT NULL,
    column_id   TEXT NOT NULL,
    position    TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    archived    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (board_id, id)
);

CREATE TABLE events (
    board_id  TEXT NOT NULL REFERENCES boards (id),
    seq       BIGINT NOT NULL,
    op        TEXT NOT NULL,
    author    TEXT NOT NULL,
    at        BIGINT NOT NULL,
    client_op TEXT,
    PRIMARY KEY (board_id, seq)
);

CREATE UNIQUE INDEX events_client_op ON events (board_id, client_op) WHERE client_op IS NOT NULL;
