-- What happened that concerns a person (assigned, mentioned, their task judged red, special
-- control on their team's task), one row per person and change; an event read again (another
-- instance, a retry) makes no second row.
CREATE TABLE notifications (
    id       TEXT PRIMARY KEY NOT NULL,
    user_id  TEXT NOT NULL REFERENCES users (id),
    board_id TEXT NOT NULL REFERENCES boards (id),
    card_id  TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    title    TEXT NOT NULL,
    author   TEXT NOT NULL,
    at       BIGINT NOT NULL,
    is_read  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (user_id, board_id, seq, kind)
);

CREATE INDEX notifications_user ON notifications (user_id, at);
