-- How sure a version's processing time is (domain::procedure::TimeStatus): `stated`,
-- `unit_assumed` (a bare number taken as working days until an administrator confirms it),
-- `confirmed`, or `unknown` (no time: its applications have no due date). Versions stored
-- before keep their time; a bare number becomes working days, marked assumed.
ALTER TABLE procedure_versions ADD COLUMN time_status TEXT NOT NULL DEFAULT 'stated'
    CHECK (time_status IN ('stated', 'unit_assumed', 'confirmed', 'unknown'));
UPDATE procedure_versions SET time_status = 'unknown'
    WHERE time_amount IS NULL OR time_amount <= 0;
UPDATE procedure_versions SET time_status = 'unit_assumed', time_unit = 'working_days'
    WHERE time_unit IS NULL AND time_amount > 0;
CREATE INDEX procedure_versions_time_status ON procedure_versions (time_status);

-- The results report counts applications without a due date apart: resolved ones in
-- `resolved_no_deadline`, open ones in the `open_no_deadline` stock (+1 on receipt, −1 when
-- closed). Existing tallies counted them as on time: they are rebuilt at the next start.
ALTER TABLE report_tallies ADD COLUMN resolved_no_deadline BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_tallies ADD COLUMN open_no_deadline BIGINT NOT NULL DEFAULT 0;
UPDATE report_state SET tallies_built = NOT EXISTS (SELECT 1 FROM applications);
