-- The results report's running sums (domain::report::Tally), kept current in the same
-- transaction as every event, per day, month and year (`span` D, M or Y; `starts_on` is the
-- bucket's first day, a Vietnam date), per unit of receipt, receiving office and field. A
-- report sums a handful of buckets instead of reading the applications.
CREATE TABLE report_tallies (
    span               TEXT NOT NULL CHECK (span IN ('D', 'M', 'Y')),
    unit_id            TEXT NOT NULL,
    starts_on          DATE NOT NULL,
    office_id          TEXT NOT NULL,
    field_code         TEXT NOT NULL,
    new_online         BIGINT NOT NULL DEFAULT 0,
    new_in_person      BIGINT NOT NULL DEFAULT 0,
    resolved_early     BIGINT NOT NULL DEFAULT 0,
    resolved_on_time   BIGINT NOT NULL DEFAULT 0,
    resolved_late      BIGINT NOT NULL DEFAULT 0,
    withdrawn          BIGINT NOT NULL DEFAULT 0,
    stopped            BIGINT NOT NULL DEFAULT 0,
    refused            BIGINT NOT NULL DEFAULT 0,
    open               BIGINT NOT NULL DEFAULT 0,
    overdue            BIGINT NOT NULL DEFAULT 0,
    resolution_minutes BIGINT NOT NULL DEFAULT 0,
    rated              BIGINT NOT NULL DEFAULT 0,
    satisfied          BIGINT NOT NULL DEFAULT 0,
    -- The sums ride in the key's index, so a report reads the index alone (SQLite keeps the
    -- rows themselves in key order: WITHOUT ROWID).
    PRIMARY KEY (span, unit_id, starts_on, office_id, field_code)
        INCLUDE (new_online, new_in_person, resolved_early, resolved_on_time, resolved_late,
                 withdrawn, stopped, refused, open, overdue, resolution_minutes, rated,
                 satisfied)
);
CREATE INDEX report_tallies_when ON report_tallies (span, starts_on);

-- Whether the tallies hold every stored application: false after this migration on a
-- database that already has applications, until the service rebuilds them at start.
CREATE TABLE report_state (
    id             INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    tallies_built  BOOLEAN NOT NULL
);
INSERT INTO report_state (id, tallies_built)
    SELECT 1, NOT EXISTS (SELECT 1 FROM applications);
