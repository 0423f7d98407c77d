-- A card's labels, checklist, comments and links as JSON in the shared crate's shape, and the
-- labels a board defines.
ALTER TABLE cards ADD COLUMN parts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE boards ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';
