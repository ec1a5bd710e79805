-- Bulk imports: an office's address and opening hours as the public reads them, and accounts
-- whose one-time password must be changed at the first sign-in.
ALTER TABLE offices ADD COLUMN address TEXT;
ALTER TABLE offices ADD COLUMN hours TEXT;
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;
