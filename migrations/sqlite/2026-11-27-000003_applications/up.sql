-- Applications (hồ sơ), their append-only events, the daily code sequences, ratings and the
-- working-day calendar.

-- After a supplement, a procedure's clock resumes with the time left (`resume`) or restarts
-- from zero (`restart`).
ALTER TABLE procedure_versions ADD COLUMN supplement_rule TEXT NOT NULL DEFAULT 'resume'
    CHECK (supplement_rule IN ('resume', 'restart'));

CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY NOT NULL,
    code                TEXT NOT NULL UNIQUE,
    receiving_office_id TEXT NOT NULL REFERENCES offices (id),
    handling_office_id  TEXT NOT NULL REFERENCES offices (id),
    -- The receiving office's unit on the day of receipt: reports count it there for good.
    unit_id             TEXT NOT NULL REFERENCES units (id),
    procedure_code      TEXT NOT NULL,
    procedure_version   INTEGER NOT NULL,
    field_code          TEXT NOT NULL,
    channel             TEXT NOT NULL CHECK (channel IN ('online', 'in_person', 'postal')),
    status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    applicant_name      TEXT NOT NULL,
    applicant_folded    TEXT NOT NULL,
    id_kind             TEXT NOT NULL,
    id_number           TEXT NOT NULL,
    -- Phone, email, address, proxy and the declared documents, as one JSON object.
    details             TEXT NOT NULL,
    -- The tracking PIN is HMAC(server secret, code, nonce): only the nonce is stored.
    pin_nonce           TEXT NOT NULL,
    limit_amount        BIGINT,
    limit_unit          TEXT,
    supplement_rule     TEXT NOT NULL,
    -- The projection of the events: clock stretches and the public timeline as JSON, and
    -- the dates they give.
    clock               TEXT NOT NULL,
    timeline            TEXT NOT NULL,
    submitted_at        TIMESTAMP NOT NULL,
    received_at         TIMESTAMP,
    due_at              TIMESTAMP,
    promised_at         TIMESTAMP,
    resolved_at         TIMESTAMP,
    finished_at         TIMESTAMP,
    outcome             TEXT,
    delivery            TEXT,
    version             BIGINT NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    FOREIGN KEY (procedure_code, procedure_version)
        REFERENCES procedure_versions (procedure_code, version_no)
);
CREATE INDEX applications_receiving ON applications (receiving_office_id, submitted_at);
CREATE INDEX applications_handling ON applications (handling_office_id, status);
CREATE INDEX applications_unit ON applications (unit_id, submitted_at);
CREATE INDEX applications_status_due ON applications (status, due_at);
CREATE INDEX applications_procedure ON applications (procedure_code);

CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    seq            INTEGER NOT NULL,
    action         TEXT NOT NULL,
    from_status    INTEGER,
    to_status      INTEGER NOT NULL,
    actor_id       TEXT,
    actor_role     TEXT NOT NULL,
    office_id      TEXT,
    at             TIMESTAMP NOT NULL,
    note           TEXT,
    payload        TEXT NOT NULL,
    UNIQUE (application_id, seq)
);

-- The audit trail is append-only: no UPDATE, no DELETE, whatever the route or the SQL.
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only');
END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only');
END;
-- INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse any insert
-- that would collide with a stored event.
CREATE TRIGGER application_events_no_replace BEFORE INSERT ON application_events
WHEN EXISTS (SELECT 1 FROM application_events
             WHERE id = NEW.id OR (application_id = NEW.application_id AND seq = NEW.seq))
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only');
END;

-- Each office's code sequence per day, taken inside the transaction that stores the
-- application: several servers never hand out the same code.
CREATE TABLE application_sequences (
    office_id  TEXT NOT NULL REFERENCES offices (id),
    day        DATE NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (office_id, day)
);

CREATE TABLE ratings (
    application_id BIGINT PRIMARY KEY NOT NULL REFERENCES applications (id),
    overall        INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    attitude       INTEGER CHECK (attitude BETWEEN 1 AND 5),
    timeliness     INTEGER CHECK (timeliness BETWEEN 1 AND 5),
    contacts       INTEGER CHECK (contacts >= 0),
    comment        TEXT,
    created_at     TIMESTAMP NOT NULL
);

-- The working-day calendar: dated exceptions to Monday–Friday.
CREATE TABLE calendar_days (
    day        DATE PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'working_day')),
    name       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Years whose days the government has announced; others are provisional.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY NOT NULL,
    provisional BOOLEAN NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Bumped by every calendar change, so servers reload their copy.
CREATE TABLE calendar_generation (
    id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO calendar_generation (id, generation) VALUES (1, 0);
