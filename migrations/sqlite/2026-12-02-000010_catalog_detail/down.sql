ALTER TABLE report_tallies DROP COLUMN open_no_deadline;
ALTER TABLE report_tallies DROP COLUMN resolved_no_deadline;
UPDATE report_state SET tallies_built = NOT EXISTS (SELECT 1 FROM applications);
DROP INDEX procedure_versions_time_status;
ALTER TABLE procedure_versions DROP COLUMN time_status;
