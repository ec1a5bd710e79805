-- Foundation: administrative units and their reorganisations, offices,
-- staff accounts, sessions, throttling and idempotency records.
-- Timestamps are UTC, microsecond precision, written by the application.

CREATE TABLE units (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind        TEXT NOT NULL,
    parent_code TEXT,
    -- NULL: in existence before the records begin.
    valid_from  DATE,
    valid_to    DATE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX units_code ON units (code, valid_to);
CREATE INDEX units_parent ON units (parent_code);

CREATE TABLE reorganizations (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'reform')),
    effective_on DATE NOT NULL,
    title        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE unit_links (
    predecessor_id    TEXT NOT NULL REFERENCES units (id),
    successor_id      TEXT NOT NULL REFERENCES units (id),
    succession        TEXT NOT NULL CHECK (succession IN ('full', 'partial')),
    reorganization_id TEXT NOT NULL REFERENCES reorganizations (id),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_links_successor ON unit_links (successor_id);

CREATE TABLE offices (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    kind        TEXT NOT NULL,
    opened_on   DATE,
    closed_on   DATE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX offices_unit_id ON offices (unit_id);

-- Agency codes an office has carried (the 2020 and 2025 formats), with their dates.
CREATE TABLE office_codes (
    code       TEXT PRIMARY KEY NOT NULL,
    office_id  TEXT NOT NULL REFERENCES offices (id),
    valid_from DATE,
    valid_to   DATE
);
CREATE INDEX office_codes_office ON office_codes (office_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'specialist', 'official')),
    office_id     TEXT REFERENCES offices (id),
    unit_id       TEXT REFERENCES units (id),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (
        (role = 'admin' AND office_id IS NULL AND unit_id IS NULL)
        OR (role IN ('clerk', 'specialist') AND office_id IS NOT NULL AND unit_id IS NULL)
        OR (role = 'official' AND unit_id IS NOT NULL AND office_id IS NULL)
    )
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE throttle_hits (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket TEXT NOT NULL,
    at     TIMESTAMP NOT NULL
);
CREATE INDEX throttle_hits_bucket_at ON throttle_hits (bucket, at);

CREATE TABLE idempotency_keys (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status_code   INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    location      TEXT,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
