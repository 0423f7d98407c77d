-- The language each person chose (kk, ru or en); none: the browser's preference.
ALTER TABLE users ADD COLUMN language TEXT;
