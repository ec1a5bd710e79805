ALTER TABLE users DROP COLUMN password_change_required;
ALTER TABLE offices DROP COLUMN hours;
ALTER TABLE offices DROP COLUMN address;
