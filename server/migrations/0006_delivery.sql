-- Delivery cards: each card's delivery fields (agency, assignees, deadline and its changes,
-- special control, judgement, source, strategic project) as JSON in the shared crate's shape;
-- who may move tasks into a stage; a board's settings; the office's lists of agencies and
-- strategic projects (names in Kazakh, Russian and English; retired rather than deleted, so
-- cards that name one still read).
ALTER TABLE cards ADD COLUMN delivery TEXT NOT NULL DEFAULT '{}';
ALTER TABLE board_columns ADD COLUMN gate TEXT;
ALTER TABLE boards ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

CREATE TABLE agencies (
    code       TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    name_kk    TEXT NOT NULL,
    name_ru    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    retired    BIGINT NOT NULL DEFAULT 0,
    sort_order BIGINT NOT NULL
);

CREATE TABLE strategic_projects (
    code       TEXT PRIMARY KEY NOT NULL,
    name_kk    TEXT NOT NULL,
    name_ru    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    retired    BIGINT NOT NULL DEFAULT 0,
    sort_order BIGINT NOT NULL
);
