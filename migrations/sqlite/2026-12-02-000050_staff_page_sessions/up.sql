-- Sessions of the staff pages (a cookie) end after a spell of inactivity as well as at their
-- absolute expiry; bearer tokens of the API keep only the absolute one (idle_minutes NULL).
ALTER TABLE sessions ADD COLUMN idle_minutes BIGINT;
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
