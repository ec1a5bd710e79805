//! The reception desk's queues: one office's applications by status and by due date, each
//! read through the `applications_desk_queue` / `applications_desk_due` indexes (office,
//! status, then the order or the range), so a page costs the same at a million applications
//! as at a thousand.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{application_files as files, applications as apps};

/// What a desk row shows of an application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = apps)]
pub struct DeskRow {
    pub code: String,
    pub procedure_code: String,
    pub channel: String,
    pub status: i32,
    pub applicant_name: String,
    /// Holds the procedure's name as it was filed (`procedure_name`).
    pub details: String,
    pub submitted_at: NaiveDateTime,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// A queue of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Filed online and not yet received (status 1), oldest first.
    Waiting,
    /// Waiting for a supplement (status 5) that the applicant has sent files for since the
    /// request, oldest request first.
    SupplementsBack,
    /// Resolved, the result to hand back (status 9), oldest filed first.
    ResultsReady,
    /// Open (statuses 2, 4, 5, 6) and due within `[from, to)`, earliest first.
    DueBetween(NaiveDateTime, NaiveDateTime),
}

/// Statuses of applications still being handled.
const OPEN: [i32; 4] = [2, 4, 5, 6];

/// A page of a queue at office `office_id` (`limit` rows from `offset`), and its length.
pub fn queue(
    conn: &mut DbConnection,
    office_id: &str,
    queue: Queue,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<DeskRow>, i64)> {
    let office = office_id.to_owned();
    // The supplement files sent after the request: the request is the application's last
    // change (a file attached does not change the row).
    let back = diesel::dsl::exists(
        files::table
            .filter(files::application_id.eq(apps::id))
            .filter(files::purpose.eq("supplement"))
            .filter(files::uploaded_at.ge(apps::updated_at)),
    );
    let base = move || apps::table.filter(apps::receiving_office_id.eq(office.clone()));
    match queue {
        Queue::Waiting => {
            let q = || base().filter(apps::status.eq(1));
            let total = q().count().get_result(conn)?;
            let rows = q()
                .order((apps::submitted_at.asc(), apps::id.asc()))
                .limit(limit)
                .offset(offset)
                .select(DeskRow::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
        Queue::SupplementsBack => {
            let q = || base().filter(apps::status.eq(5)).filter(back);
            let total = q().count().get_result(conn)?;
            let rows = q()
                .order((apps::updated_at.asc(), apps::id.asc()))
                .limit(limit)
                .offset(offset)
                .select(DeskRow::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
        Queue::ResultsReady => {
            let q = || base().filter(apps::status.eq(9));
            let total = q().count().get_result(conn)?;
            let rows = q()
                .order((apps::submitted_at.asc(), apps::id.asc()))
                .limit(limit)
                .offset(offset)
                .select(DeskRow::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
        Queue::DueBetween(from, to) => {
            let q = || {
                base()
                    .filter(apps::status.eq_any(OPEN))
                    .filter(apps::due_at.ge(from))
                    .filter(apps::due_at.lt(to))
            };
            let total = q().count().get_result(conn)?;
            let rows = q()
                .order((apps::due_at.asc(), apps::id.asc()))
                .limit(limit)
                .offset(offset)
                .select(DeskRow::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
    }
}
