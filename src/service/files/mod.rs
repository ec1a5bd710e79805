//! Files uploaded with applications: checked (type read from the content, limits), stored
//! once per SHA-256 in the database or in the uploads folder, attached to an application with
//! a purpose (submission, supplement, desk scan, result), listed and downloaded by the staff
//! who may see the application.
//!
//! Attaching runs inside the caller's write transaction, so an application and its files are
//! written together or not at all. In folder mode the bytes are written (under their digest,
//! by rename) before the transaction commits; bytes of a transaction that failed are left
//! without a row and removed by [`sweep`].

pub mod drafts;
pub mod staff;
pub mod supplement;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::config::{UploadSettings, UploadStorage};
use crate::db::files::{self as store, ContentRow, FileRow};
use crate::db::{self as dbmod, DbConnection};
use crate::domain::application::Actor;
use crate::domain::upload::{
    Checked, FileRefusal, Limits, Purpose, check_file, clean_filename, sha256_hex,
};
use crate::error::{Code, Error, FieldIssue};
use crate::service::Staff;
use crate::service::applications::scope;

/// One file as it came in a request, before checking.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field it came in (`documents[0]`, `items[1]`), named in refusals.
    pub field: String,
    /// The file name the client gave.
    pub filename: String,
    /// The media type the client declared for it, if any.
    pub declared_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A file that passed the checks, with what it answers.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The form field it came in.
    pub field: String,
    /// The cleaned file name.
    pub filename: String,
    /// Type, digest, size.
    pub checked: Checked,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A file of an application, as staff (and the API) see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct FileOut {
    /// The file's id.
    #[schema(example = "5b0c1e8e-8f0a-4c55-9a39-1f1f0e2c7a11")]
    pub id: String,
    /// Why it was attached.
    pub purpose: Purpose,
    /// The procedure's document it answers (its place in the list, from 0), or for a
    /// supplement the request's item.
    pub document_index: Option<i32>,
    /// What it is, in words: the document's or the item's name, or the staff's label.
    #[schema(example = "Tờ khai đăng ký khai sinh")]
    pub label: String,
    /// The name it was uploaded with.
    #[schema(example = "to-khai.pdf")]
    pub filename: String,
    /// The type read from the content.
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// When.
    pub uploaded_at: DateTime<Utc>,
    /// Who: `citizen`, `clerk` or `specialist`.
    pub uploaded_by_role: String,
    /// Where staff download it.
    pub download_url: String,
}

/// Where bytes are kept.
#[derive(Debug, Clone)]
pub struct Storage {
    kind: UploadStorage,
    folder: PathBuf,
    /// The limits of one request.
    pub limits: Limits,
}

impl Storage {
    /// The storage and limits the settings name.
    pub fn from_settings(settings: &UploadSettings) -> Self {
        Self {
            kind: settings.storage,
            folder: PathBuf::from(&settings.folder),
            limits: Limits {
                max_file_bytes: settings.max_file_bytes,
                max_total_bytes: settings.max_application_bytes,
                max_files: settings.max_files,
            },
        }
    }

    fn path_of(&self, sha256: &str) -> PathBuf {
        self.folder.join(&sha256[..2]).join(sha256)
    }

    /// Stores the bytes under their digest (once).
    fn put(&self, conn: &mut DbConnection, checked: &Checked, bytes: &[u8]) -> Result<(), Error> {
        let in_folder = self.kind == UploadStorage::Folder;
        if in_folder {
            write_once(&self.path_of(&checked.sha256), bytes).map_err(Error::internal)?;
        }
        store::put_content(
            conn,
            &ContentRow {
                sha256: checked.sha256.clone(),
                size: i64::try_from(checked.size).unwrap_or(i64::MAX),
                storage: if in_folder { "folder" } else { "database" }.to_owned(),
                content: (!in_folder).then(|| bytes.to_vec()),
                created_at: dbmod::now(),
            },
        )?;
        Ok(())
    }

    /// The bytes of a digest, checked against it.
    pub fn get(&self, conn: &mut DbConnection, sha256: &str) -> Result<Vec<u8>, Error> {
        let row = store::content(conn, sha256)?.ok_or(Error::NotFound(Code::FileNotFound))?;
        let bytes = match row.content {
            Some(bytes) => bytes,
            None => std::fs::read(self.path_of(sha256)).map_err(|e| {
                Error::internal(anyhow::anyhow!(
                    "upload {sha256} unreadable in the folder: {e}"
                ))
            })?,
        };
        if sha256_hex(&bytes) != sha256 {
            return Err(Error::internal(anyhow::anyhow!(
                "upload {sha256} does not match its digest"
            )));
        }
        Ok(bytes)
    }
}

/// Writes a file by rename, so a reader never sees half of it; an existing one is kept.
fn write_once(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4()));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn refusal_issue(field: &str, filename: &str, refusal: &FileRefusal) -> (Code, FieldIssue) {
    let mib = |b: u64| format!("{:.1}", b as f64 / (1024.0 * 1024.0));
    match refusal {
        FileRefusal::Empty => (
            Code::FileEmpty,
            FieldIssue::new(
                field,
                Code::FileEmpty.as_str(),
                format!("tệp {filename} rỗng"),
                format!("{filename} is empty"),
            ),
        ),
        FileRefusal::TooLarge { limit } => (
            Code::FileTooLarge,
            FieldIssue::new(
                field,
                Code::FileTooLarge.as_str(),
                format!("tệp {filename} lớn hơn {} MB", mib(*limit)),
                format!("{filename} is larger than {} MB", mib(*limit)),
            ),
        ),
        FileRefusal::NotAllowed { .. } => (
            Code::FileTypeNotAllowed,
            FieldIssue::new(
                field,
                Code::FileTypeNotAllowed.as_str(),
                format!("tệp {filename} không phải PDF, JPEG, PNG hay HEIC"),
                format!("{filename} is not a PDF, JPEG, PNG or HEIC file"),
            ),
        ),
        FileRefusal::Mismatch { declared, detected } => (
            Code::FileTypeMismatch,
            FieldIssue::new(
                field,
                Code::FileTypeMismatch.as_str(),
                format!(
                    "tên tệp {filename} ghi là {} nhưng nội dung là {}",
                    declared.describe(),
                    detected.label()
                ),
                format!(
                    "{filename} is named as {} but its content is {}",
                    declared.describe(),
                    detected.label()
                ),
            ),
        ),
    }
}

/// Checks every file of one request: each against the per-file rules, then their number and
/// total against the request's limits (`already`: bytes and files the same request holds
/// from before, as a draft's). Every refusal is reported, not only the first.
pub fn check_all(
    limits: &Limits,
    uploads: Vec<Upload>,
    already: (u64, usize),
) -> Result<Vec<Accepted>, Error> {
    let mut refused: Vec<(Code, FieldIssue)> = Vec::new();
    let mut accepted = Vec::new();
    for upload in uploads {
        let filename = clean_filename(&upload.filename);
        match check_file(
            &filename,
            upload.declared_type.as_deref(),
            &upload.bytes,
            limits,
        ) {
            Ok(checked) => accepted.push(Accepted {
                field: upload.field,
                filename,
                checked,
                bytes: upload.bytes,
            }),
            Err(refusal) => refused.push(refusal_issue(&upload.field, &filename, &refusal)),
        }
    }
    let total: u64 = already.0 + accepted.iter().map(|a| a.checked.size).sum::<u64>();
    let count = already.1 + accepted.len() + refused.len();
    if refused.is_empty() && (total > limits.max_total_bytes || count > limits.max_files) {
        let mib = limits.max_total_bytes as f64 / (1024.0 * 1024.0);
        let field = accepted.last().map_or("files", |a| a.field.as_str());
        refused.push((
            Code::FilesTooLarge,
            FieldIssue::new(
                field,
                Code::FilesTooLarge.as_str(),
                format!(
                    "một hồ sơ gửi tối đa {} tệp, tổng cộng {mib:.1} MB",
                    limits.max_files
                ),
                format!(
                    "one application takes at most {} files, {mib:.1} MB in all",
                    limits.max_files
                ),
            ),
        ));
    }
    match refused.first() {
        None => Ok(accepted),
        Some((code, _)) => Err(Error::Upload {
            code: *code,
            issues: refused.into_iter().map(|(_, issue)| issue).collect(),
        }),
    }
}

/// What a file answers: the document or item it stands for.
#[derive(Debug, Clone)]
pub struct Answering {
    /// Its place in the procedure's documents or the request's items.
    pub index: Option<i32>,
    /// Its name in words.
    pub label: String,
}

/// Stores checked files and attaches them to an application, inside the caller's write
/// transaction.
pub fn attach(
    conn: &mut DbConnection,
    storage: &Storage,
    application: (i64, &str),
    purpose: Purpose,
    by: &Actor,
    files: Vec<(Accepted, Answering)>,
) -> Result<Vec<FileOut>, Error> {
    let now = dbmod::now();
    let mut rows = Vec::with_capacity(files.len());
    for (position, (file, answering)) in files.into_iter().enumerate() {
        storage.put(conn, &file.checked, &file.bytes)?;
        rows.push(FileRow {
            id: uuid::Uuid::new_v4().to_string(),
            application_id: application.0,
            purpose: purpose.as_str().to_owned(),
            document_index: answering.index,
            label: answering.label,
            filename: file.filename,
            content_type: file.checked.file_type.mime().to_owned(),
            size: i64::try_from(file.checked.size).unwrap_or(i64::MAX),
            sha256: file.checked.sha256,
            uploaded_at: now,
            position: i32::try_from(position).unwrap_or(i32::MAX),
            uploaded_by_role: by.role.as_str().to_owned(),
            uploaded_by: by.user_id.clone(),
        });
    }
    store::insert_files(conn, &rows)?;
    rows.iter().map(|r| file_out(r, application.1)).collect()
}

/// A stored file as the API shows it.
pub fn file_out(row: &FileRow, code: &str) -> Result<FileOut, Error> {
    Ok(FileOut {
        id: row.id.clone(),
        purpose: Purpose::from_token(&row.purpose)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("unknown purpose {}", row.purpose)))?,
        document_index: row.document_index,
        label: row.label.clone(),
        filename: row.filename.clone(),
        content_type: row.content_type.clone(),
        size: row.size,
        sha256: row.sha256.clone(),
        uploaded_at: row.uploaded_at.and_utc(),
        uploaded_by_role: row.uploaded_by_role.clone(),
        download_url: format!("/api/v1/applications/{code}/files/{}", row.id),
    })
}

/// An application's files, for the staff who may see it.
pub fn list(conn: &mut DbConnection, staff: &Staff, code: &str) -> Result<Vec<FileOut>, Error> {
    let row = scope::visible(conn, staff, code)?;
    files_of(conn, row.id, &row.code)
}

/// An application's files by its id.
pub fn files_of(
    conn: &mut DbConnection,
    application_id: i64,
    code: &str,
) -> Result<Vec<FileOut>, Error> {
    store::files_of(conn, application_id)?
        .iter()
        .map(|r| file_out(r, code))
        .collect()
}

/// A file to send: its description and bytes.
#[derive(Debug, Clone)]
pub struct Download {
    /// The description.
    pub file: FileOut,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// One file of an application, for the staff who may see it.
pub fn download(
    conn: &mut DbConnection,
    storage: &Storage,
    staff: &Staff,
    code: &str,
    id: &str,
) -> Result<Download, Error> {
    let app = scope::visible(conn, staff, code)?;
    let row = store::file_of(conn, app.id, id)?.ok_or(Error::NotFound(Code::FileNotFound))?;
    let bytes = storage.get(conn, &row.sha256)?;
    Ok(Download {
        file: file_out(&row, &app.code)?,
        bytes,
    })
}

/// Removes expired drafts, and the stored bytes nothing refers to any more (older than an
/// hour, so bytes of a request still being written are kept). Returns the number of drafts
/// and contents removed.
pub fn sweep(conn: &mut DbConnection, storage: &Storage) -> Result<(usize, usize), Error> {
    let now = dbmod::now();
    let drafts = dbmod::write_transaction(conn, |conn| store::delete_expired_drafts(conn, now))?;
    let orphans = store::orphan_contents(conn, now - chrono::Duration::hours(1))?;
    let mut removed = 0;
    for (sha256, kind) in orphans {
        // Each alone: one that got a new reference meanwhile fails its foreign key and stays.
        let deleted = dbmod::write_transaction(conn, |conn| store::delete_content(conn, &sha256));
        if matches!(deleted, Ok(1)) {
            removed += 1;
            if kind == "folder" {
                let _ = std::fs::remove_file(storage.path_of(&sha256));
            }
        }
    }
    Ok((drafts, removed))
}
