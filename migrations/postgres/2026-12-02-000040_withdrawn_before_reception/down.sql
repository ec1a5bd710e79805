ALTER TABLE report_tallies DROP COLUMN stopped_before_reception;
ALTER TABLE report_tallies DROP COLUMN withdrawn_before_reception;
UPDATE report_state SET tallies_built = NOT EXISTS (SELECT 1 FROM applications);
