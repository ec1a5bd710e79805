//! Files staff attach to an application: scans of the paper documents at the desk, and the
//! result for electronic return.

use super::{Accepted, Answering, FileOut, Storage, Upload, attach, check_all};
use crate::db::{DbConnection, procedures, write_transaction};
use crate::domain::account::Role;
use crate::domain::upload::Purpose;
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::applications::scope::{self, Scope, actor_of};

/// The procedure document a field names: `documents[N]`.
fn document_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("documents[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// Attaches files to an application as a clerk or specialist of an office that receives or
/// handles it: `desk_scan` (what the applicant brought, scanned at intake) or `result`. A
/// file in a field `documents[N]` is a copy of the procedure's document N (from 0, in the
/// version the application was filed under); any other file is labelled with `label`, or
/// its file name.
pub fn attach_by_staff(
    conn: &mut DbConnection,
    storage: &Storage,
    staff: &Staff,
    code: &str,
    purpose: Purpose,
    label: Option<String>,
    uploads: Vec<Upload>,
) -> Result<Vec<FileOut>, Error> {
    if !matches!(staff.role(), Role::Clerk | Role::Specialist) {
        return Err(Error::Forbidden);
    }
    if !matches!(purpose, Purpose::DeskScan | Purpose::Result) {
        return Err(Error::field(
            "purpose",
            "one_of",
            "nhân viên đính kèm bản quét tại quầy (desk_scan) hoặc kết quả (result)",
            "staff attach desk scans (desk_scan) or results (result)",
        ));
    }
    if uploads.is_empty() {
        return Err(Error::field(
            "files",
            "required",
            "hãy chọn ít nhất một tệp",
            "choose at least one file",
        ));
    }
    let accepted: Vec<Accepted> = check_all(&storage.limits, uploads, (0, 0))?;
    write_transaction(conn, |conn| {
        attach_checked_within(conn, storage, staff, code, purpose, label, accepted)
    })
}

/// Checks files for [`attach_by_staff_within`]: the limits and the type read from the
/// content, before any transaction.
pub fn check_for_staff(storage: &Storage, uploads: Vec<Upload>) -> Result<Vec<Accepted>, Error> {
    check_all(&storage.limits, uploads, (0, 0))
}

/// [`attach_by_staff`] of files already checked ([`check_for_staff`]) inside the caller's
/// write transaction, so that they are kept together with what they came with (the action
/// whose result they are) or not at all.
pub fn attach_by_staff_within(
    conn: &mut DbConnection,
    storage: &Storage,
    staff: &Staff,
    code: &str,
    purpose: Purpose,
    label: Option<String>,
    accepted: Vec<Accepted>,
) -> Result<Vec<FileOut>, Error> {
    if !matches!(staff.role(), Role::Clerk | Role::Specialist) {
        return Err(Error::Forbidden);
    }
    attach_checked_within(conn, storage, staff, code, purpose, label, accepted)
}

fn attach_checked_within(
    conn: &mut DbConnection,
    storage: &Storage,
    staff: &Staff,
    code: &str,
    purpose: Purpose,
    label: Option<String>,
    accepted: Vec<Accepted>,
) -> Result<Vec<FileOut>, Error> {
    {
        let row = scope::visible(conn, staff, code)?;
        let office_id = match Scope::of(conn, staff)? {
            Scope::Office(id) => id,
            _ => return Err(Error::NotFound(Code::ApplicationNotFound)),
        };
        let documents = procedures::versions(conn, &row.procedure_code)?
            .into_iter()
            .find(|v| v.version_no == row.procedure_version)
            .map(|v| v.details().map(|d| d.documents))
            .transpose()
            .map_err(Error::internal)?
            .unwrap_or_default();
        let mut files = Vec::with_capacity(accepted.len());
        for file in accepted {
            let answering = match document_index(&file.field) {
                Some(n) => {
                    let document = documents.get(n).ok_or_else(|| {
                        Error::field(
                            &file.field,
                            "document",
                            "thủ tục không có giấy tờ ở vị trí này",
                            "the procedure has no document at this place",
                        )
                    })?;
                    Answering {
                        index: i32::try_from(n).ok(),
                        label: document.name.clone(),
                    }
                }
                None => Answering {
                    index: None,
                    label: label
                        .clone()
                        .filter(|l| !l.trim().is_empty())
                        .unwrap_or_else(|| file.filename.clone()),
                },
            };
            files.push((file, answering));
        }
        let actor = actor_of(staff, Some(office_id));
        attach(conn, storage, (row.id, &row.code), purpose, &actor, files)
    }
}
