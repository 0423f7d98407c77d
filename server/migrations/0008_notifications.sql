-- What happened that concerns a person (assigned, mentioned, their task judged red, special
-- control on their team's task; their task due soon or overdue), one row per person, task and
-- change (for the deadline sweeps, `seq` is the day): an event read again (another instance, a
-- retry) or a sweep run again makes no second row.
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
    UNIQUE (user_id, board_id, card_id, seq, kind)
);

CREATE INDEX notifications_user ON notifications (user_id, at);
