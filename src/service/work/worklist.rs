//! The specialist's worklist: the applications their office handles, by due date, with how
//! close each is to it, filtered by status, procedure and field, a page at a time.

use super::Urgency;
use crate::db::worklist::{self as store, WorkFilter};
use crate::db::{self as dbmod, DbConnection, fields, read_snapshot};
use crate::domain::application::Status;
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::applications::scope::Scope;
use crate::service::calendar::cache::CalendarCache;

/// The statuses the worklist shows when no status is chosen: received or with the
/// processing agency, waiting for a supplement or a payment.
pub const DEFAULT_STATUSES: [i32; 4] = Status::OPEN_CODES;

/// The statuses one may choose: the open ones and "resolved, waiting to be returned".
pub const CHOOSABLE: [i32; 5] = [2, 4, 5, 6, 9];

/// Applications per page.
pub const PAGE_SIZE: i64 = 50;

/// The worklist's filters.
#[derive(Debug, Clone, Default)]
pub struct WorkQuery {
    /// One status code (of [`CHOOSABLE`]); `None` for [`DEFAULT_STATUSES`].
    pub status: Option<i32>,
    /// A procedure's code.
    pub procedure: Option<String>,
    /// A field's code.
    pub field: Option<String>,
    /// The page, from 1.
    pub page: i64,
}

/// One line of the worklist.
#[derive(Debug, Clone)]
pub struct WorkItem {
    /// The application code.
    pub code: String,
    /// The status.
    pub status: Status,
    /// The procedure's code and name.
    pub procedure_code: String,
    /// The procedure's name on the day of filing.
    pub procedure_name: String,
    /// The field's code.
    pub field_code: String,
    /// The applicant's name.
    pub applicant: String,
    /// The statutory due instant (UTC), absent while paused.
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The new date given with the apology.
    pub promised_at: Option<chrono::DateTime<chrono::Utc>>,
    /// How close it is.
    pub urgency: Urgency,
}

/// A page of the worklist.
#[derive(Debug, Clone)]
pub struct Worklist {
    /// The lines, by due date.
    pub items: Vec<WorkItem>,
    /// How many match, at most `db::worklist::COUNT_CAP`.
    pub total: i64,
    /// More than that match: only the first are listed (the filters narrow the list).
    pub more: bool,
    /// The page shown (from 1).
    pub page: i64,
    /// How many pages.
    pub pages: i64,
    /// Every field (code, name), for the filter.
    pub fields: Vec<(String, String)>,
}

/// The worklist of the caller's office (clerks and specialists; an account without an office
/// has none: 403).
pub fn worklist(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    query: &WorkQuery,
) -> Result<Worklist, Error> {
    let calendar = calendar.current(conn)?;
    read_snapshot(conn, |conn| {
        let Scope::Office(office_id) = Scope::of(conn, staff)? else {
            return Err(Error::Forbidden);
        };
        let statuses = match query.status {
            Some(s) if CHOOSABLE.contains(&s) => vec![s],
            _ => DEFAULT_STATUSES.to_vec(),
        };
        let filter = WorkFilter {
            office_id,
            statuses,
            procedure: query.procedure.clone(),
            field: query.field.clone(),
        };
        let pages_at_most = (store::COUNT_CAP + PAGE_SIZE - 1) / PAGE_SIZE;
        let page = query.page.clamp(1, pages_at_most);
        let store::WorkPage { rows, total, more } =
            store::page(conn, &filter, (page - 1) * PAGE_SIZE, PAGE_SIZE)?;
        let now = dbmod::now();
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let status =
                Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
            let details: crate::service::applications::views::Details =
                serde_json::from_str(&row.details).map_err(Error::internal)?;
            items.push(WorkItem {
                urgency: Urgency::of(&calendar, status, row.due_at, now),
                code: row.code,
                status,
                procedure_code: row.procedure_code,
                procedure_name: details.procedure_name,
                field_code: row.field_code,
                applicant: row.applicant_name,
                due_at: row.due_at.map(|t| t.and_utc()),
                promised_at: row.promised_at.map(|t| t.and_utc()),
            });
        }
        let fields = fields::list(conn)?
            .into_iter()
            .map(|f| (f.code, f.name))
            .collect();
        Ok(Worklist {
            items,
            total,
            more,
            page,
            pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
            fields,
        })
    })
    .map_err(|e| match e {
        Error::NotFound(Code::OfficeNotFound) => Error::Forbidden,
        other => other,
    })
}
