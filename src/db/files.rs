//! Uploaded files: their contents (once per SHA-256), the files of applications, and the
//! online application drafts with their files.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    application_drafts as drafts, application_files as files, draft_files,
    file_contents as contents,
};

/// A file of an application.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = files)]
pub struct FileRow {
    pub id: String,
    pub application_id: i64,
    pub purpose: String,
    pub document_index: Option<i32>,
    pub label: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: NaiveDateTime,
    pub position: i32,
    pub uploaded_by_role: String,
    pub uploaded_by: Option<String>,
}

/// Stored bytes, or the note that they lie in the folder.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = contents)]
pub struct ContentRow {
    pub sha256: String,
    pub size: i64,
    pub storage: String,
    pub content: Option<Vec<u8>>,
    pub created_at: NaiveDateTime,
}

/// A draft of an online application.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = drafts)]
pub struct DraftRow {
    pub id: String,
    pub procedure_code: String,
    pub answers: String,
    pub application_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A file attached to a draft.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = draft_files)]
pub struct DraftFileRow {
    pub id: String,
    pub draft_id: String,
    pub document_index: i32,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: NaiveDateTime,
}

/// Stores bytes under their digest unless they are stored already (the same bytes uploaded
/// twice are kept once). MultiConnection has no `ON CONFLICT`, so this matches on the backend.
pub fn put_content(conn: &mut DbConnection, row: &ContentRow) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(c) => diesel::insert_into(contents::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConnection::Sqlite(c) => diesel::insert_into(contents::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(())
}

/// The stored content row of a digest.
pub fn content(conn: &mut DbConnection, sha256: &str) -> QueryResult<Option<ContentRow>> {
    contents::table
        .find(sha256)
        .select(ContentRow::as_select())
        .first(conn)
        .optional()
}

/// Records files of an application.
pub fn insert_files(conn: &mut DbConnection, rows: &[FileRow]) -> QueryResult<usize> {
    let mut n = 0;
    for row in rows {
        n += diesel::insert_into(files::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(n)
}

/// An application's files, oldest first.
pub fn files_of(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<FileRow>> {
    files::table
        .filter(files::application_id.eq(application_id))
        .order((files::uploaded_at.asc(), files::position.asc()))
        .select(FileRow::as_select())
        .load(conn)
}

/// One file of an application.
pub fn file_of(
    conn: &mut DbConnection,
    application_id: i64,
    id: &str,
) -> QueryResult<Option<FileRow>> {
    files::table
        .filter(files::application_id.eq(application_id))
        .filter(files::id.eq(id))
        .select(FileRow::as_select())
        .first(conn)
        .optional()
}

/// A draft by id, if it has not expired.
pub fn draft(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<DraftRow>> {
    drafts::table
        .find(id)
        .filter(drafts::expires_at.gt(now))
        .select(DraftRow::as_select())
        .first(conn)
        .optional()
}

/// Stores a new draft.
pub fn insert_draft(conn: &mut DbConnection, row: &DraftRow) -> QueryResult<()> {
    diesel::insert_into(drafts::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Saves a draft's answers and moves its expiry.
pub fn save_draft(
    conn: &mut DbConnection,
    id: &str,
    answers: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(drafts::table.find(id))
        .set((
            drafts::answers.eq(answers),
            drafts::updated_at.eq(now),
            drafts::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// Marks a draft submitted, as the application `code`; its answers and files are dropped.
pub fn finish_draft(conn: &mut DbConnection, id: &str, code: &str) -> QueryResult<usize> {
    diesel::delete(draft_files::table.filter(draft_files::draft_id.eq(id))).execute(conn)?;
    diesel::update(drafts::table.find(id))
        .set((drafts::application_code.eq(code), drafts::answers.eq("{}")))
        .execute(conn)
}

/// A draft's files, in the order they came.
pub fn draft_files_of(conn: &mut DbConnection, draft_id: &str) -> QueryResult<Vec<DraftFileRow>> {
    draft_files::table
        .filter(draft_files::draft_id.eq(draft_id))
        .order((draft_files::uploaded_at.asc(), draft_files::id.asc()))
        .select(DraftFileRow::as_select())
        .load(conn)
}

/// Attaches a file to a draft.
pub fn insert_draft_file(conn: &mut DbConnection, row: &DraftFileRow) -> QueryResult<()> {
    diesel::insert_into(draft_files::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Takes a file off a draft.
pub fn delete_draft_file(conn: &mut DbConnection, draft_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(
        draft_files::table
            .filter(draft_files::draft_id.eq(draft_id))
            .filter(draft_files::id.eq(id)),
    )
    .execute(conn)
}

/// Deletes the drafts that expired before `now`, with their files.
pub fn delete_expired_drafts(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let expired = drafts::table
        .filter(drafts::expires_at.le(now))
        .select(drafts::id);
    diesel::delete(draft_files::table.filter(draft_files::draft_id.eq_any(expired)))
        .execute(conn)?;
    diesel::delete(drafts::table.filter(drafts::expires_at.le(now))).execute(conn)
}

/// Contents no application file and no draft file refers to any more, older than `before`
/// (a content just stored for a request still being written is younger).
pub fn orphan_contents(
    conn: &mut DbConnection,
    before: NaiveDateTime,
) -> QueryResult<Vec<(String, String)>> {
    let used_by_files = files::table.select(files::sha256);
    let used_by_drafts = draft_files::table.select(draft_files::sha256);
    contents::table
        .filter(contents::created_at.lt(before))
        .filter(contents::sha256.ne_all(used_by_files))
        .filter(contents::sha256.ne_all(used_by_drafts))
        .select((contents::sha256, contents::storage))
        .load(conn)
}

/// Deletes one content row.
pub fn delete_content(conn: &mut DbConnection, sha256: &str) -> QueryResult<usize> {
    diesel::delete(contents::table.find(sha256)).execute(conn)
}

/// Takes a draft's file for one document off it (a new file for the document replaces it).
pub fn delete_draft_files_at(
    conn: &mut DbConnection,
    draft_id: &str,
    document_index: i32,
) -> QueryResult<usize> {
    diesel::delete(
        draft_files::table
            .filter(draft_files::draft_id.eq(draft_id))
            .filter(draft_files::document_index.eq(document_index)),
    )
    .execute(conn)
}

/// What a submitted draft's answers say once its PIN has been shown.
pub const PIN_SHOWN: &str = r#"{"pin_shown":true}"#;

/// Notes that a submitted draft's confirmation showed its PIN. One request only gets 1: the
/// update is conditional, so two confirmations at once cannot both show it.
pub fn mark_pin_shown(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::update(
        drafts::table
            .find(id)
            .filter(drafts::application_code.is_not_null())
            .filter(drafts::answers.ne(PIN_SHOWN)),
    )
    .set(drafts::answers.eq(PIN_SHOWN))
    .execute(conn)
}
