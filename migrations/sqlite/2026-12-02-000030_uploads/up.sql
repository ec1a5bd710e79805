-- Files uploaded with applications (submissions, supplements, desk scans, results) and the
-- online application drafts of the public pages.

-- The bytes, once per SHA-256 (hex): in the row (`storage` = 'database', the default, so one
-- database backup holds everything) or in the uploads folder under their digest ('folder').
CREATE TABLE file_contents (
    sha256     TEXT PRIMARY KEY NOT NULL,
    size       BIGINT NOT NULL CHECK (size >= 0),
    storage    TEXT NOT NULL CHECK (storage IN ('database', 'folder')),
    content    BLOB,
    created_at TIMESTAMP NOT NULL,
    CHECK ((storage = 'database') = (content IS NOT NULL))
);

-- One uploaded file of an application. `document_index` is the procedure document it answers
-- (its place in the version's document list) or the supplement request's item; `label` names
-- it in words. The type is the one read from the content.
CREATE TABLE application_files (
    id               TEXT PRIMARY KEY NOT NULL,
    application_id   BIGINT NOT NULL REFERENCES applications (id),
    purpose          TEXT NOT NULL
        CHECK (purpose IN ('submission', 'supplement', 'desk_scan', 'result')),
    document_index   INTEGER,
    label            TEXT NOT NULL,
    filename         TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    sha256           TEXT NOT NULL REFERENCES file_contents (sha256),
    uploaded_at      TIMESTAMP NOT NULL,
    -- Its place among the files uploaded in the same request.
    position         INTEGER NOT NULL,
    uploaded_by_role TEXT NOT NULL,
    uploaded_by      TEXT REFERENCES users (id)
);
CREATE INDEX application_files_by_application ON application_files (application_id, uploaded_at, position);
CREATE INDEX application_files_by_content ON application_files (sha256);

-- An online application being filled in on the public pages: the answers so far (JSON) and
-- the files attached, until it is submitted or expires. `id` is the SHA-256 of the token in
-- the browser's cookie; it is also the submission's idempotency key.
CREATE TABLE application_drafts (
    id               TEXT PRIMARY KEY NOT NULL,
    procedure_code   TEXT NOT NULL,
    answers          TEXT NOT NULL,
    application_code TEXT,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    expires_at       TIMESTAMP NOT NULL
);
CREATE INDEX application_drafts_expiry ON application_drafts (expires_at);

CREATE TABLE draft_files (
    id             TEXT PRIMARY KEY NOT NULL,
    draft_id       TEXT NOT NULL REFERENCES application_drafts (id) ON DELETE CASCADE,
    document_index INTEGER NOT NULL,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES file_contents (sha256),
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX draft_files_by_draft ON draft_files (draft_id);
CREATE INDEX draft_files_by_content ON draft_files (sha256);
