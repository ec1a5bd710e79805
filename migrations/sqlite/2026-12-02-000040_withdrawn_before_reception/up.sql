-- The results report's table counts only received applications, so that received = resolved
-- + in progress + withdrawn + stopped on every row; what was withdrawn or stopped before any
-- clerk received it (a supplement can be asked for before reception) is counted apart, with
-- the refused ones. Existing tallies counted those as withdrawn or stopped: they are rebuilt
-- at the next start.
ALTER TABLE report_tallies ADD COLUMN withdrawn_before_reception BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_tallies ADD COLUMN stopped_before_reception BIGINT NOT NULL DEFAULT 0;
UPDATE report_state SET tallies_built = NOT EXISTS (SELECT 1 FROM applications);
