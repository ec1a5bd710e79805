-- The procedure catalog: fields, procedures and their versions.
-- Lists (tiers, channels) are comma-joined tokens.
-- name_folded is the accent- and case-folded name the search matches against.

CREATE TABLE fields (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE procedures (
    code           TEXT PRIMARY KEY NOT NULL,
    latest_version INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE procedure_versions (
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    version_no     INTEGER NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,
    name           TEXT NOT NULL,
    name_folded    TEXT NOT NULL,
    field_code     TEXT NOT NULL REFERENCES fields (code),
    tiers          TEXT NOT NULL,
    channels       TEXT NOT NULL,
    time_amount    DOUBLE PRECISION,
    time_unit      TEXT,
    legacy_level   INTEGER CHECK (legacy_level BETWEEN 1 AND 4),
    online_level   TEXT CHECK (online_level IN ('full', 'partial', 'none')),
    published      BOOLEAN NOT NULL,
    content_hash   TEXT NOT NULL,
    -- Descriptive content (documents, fees, result, legal basis, agencies, source, when
    -- recorded) as one JSON object: read whole, never filtered on.
    details        TEXT NOT NULL,
    PRIMARY KEY (procedure_code, version_no)
);
CREATE INDEX procedure_versions_effective ON procedure_versions (effective_to, effective_from);
CREATE INDEX procedure_versions_field ON procedure_versions (field_code);

-- Availability: which office receives which procedure, from when, at which online level,
-- and whether it is posted there.
CREATE TABLE office_procedures (
    office_id      TEXT NOT NULL REFERENCES offices (id),
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    available_from DATE NOT NULL,
    available_to   DATE,
    online_level   TEXT CHECK (online_level IN ('full', 'partial', 'none')),
    legacy_level   INTEGER CHECK (legacy_level BETWEEN 1 AND 4),
    posted         BOOLEAN NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (office_id, procedure_code)
);
CREATE INDEX office_procedures_code ON office_procedures (procedure_code);

-- Bumped by every change to the catalog, so servers know when their in-memory search
-- snapshot is stale.
CREATE TABLE catalog_generation (
    id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 0);
