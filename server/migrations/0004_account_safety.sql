-- A password someone else chose (the generated first one, or one an administrator set as
-- temporary) must be changed at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;

-- Sessions get an id their owner may see and end (the token hash stays on the server), and a
-- note of the browser that opened them.
ALTER TABLE sessions ADD COLUMN id TEXT;
UPDATE sessions SET id = substr(token_hash, 1, 32);
CREATE UNIQUE INDEX sessions_id ON sessions (id);
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- Who made each change, by account, so history shows their current name.
ALTER TABLE events ADD COLUMN author_id TEXT;
