-- The database's timeline: a random id set at its first start, and again at the start after a
-- backup was restored into it. A browser holding a board of another timeline (changes a restore
-- took back, numbered as the restored board's next ones) reads the board afresh.
CREATE TABLE timeline (
    one BIGINT PRIMARY KEY NOT NULL CHECK (one = 1),
    id  TEXT NOT NULL
);
