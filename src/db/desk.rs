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

/// Decision 766's digitisation counts over a period, from the stored files: applications
/// received in `[from, to)` and those with a file of their documents (uploaded online, sent
/// as a supplement or scanned at the desk); applications resolved in `[from, to)` and those
/// whose result was attached as a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Digitised {
    /// Received in the period.
    pub received: i64,
    /// Of those, with a document file.
    pub received_digitised: i64,
    /// Resolved in the period.
    pub resolved: i64,
    /// Of those, with a result file.
    pub resolved_digitised: i64,
}

/// [`Digitised`] for the applications received in these units (ids) or at this office.
pub fn digitised(
    conn: &mut DbConnection,
    unit_ids: Option<&[String]>,
    office_id: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Digitised> {
    let scoped = || {
        let mut q = apps::table.into_boxed();
        if let Some(units) = unit_ids {
            q = q.filter(apps::unit_id.eq_any(units.to_vec()));
        }
        if let Some(office) = office_id {
            q = q.filter(apps::receiving_office_id.eq(office.to_owned()));
        }
        q
    };
    let with = |purposes: &'static [&'static str]| {
        diesel::dsl::exists(
            files::table
                .filter(files::application_id.eq(apps::id))
                .filter(files::purpose.eq_any(purposes)),
        )
    };
    const DOCUMENTS: &[&str] = &["submission", "supplement", "desk_scan"];
    const RESULT: &[&str] = &["result"];
    let received_in = || {
        scoped()
            .filter(apps::received_at.ge(from))
            .filter(apps::received_at.lt(to))
    };
    let resolved_in = || {
        scoped()
            .filter(apps::resolved_at.ge(from))
            .filter(apps::resolved_at.lt(to))
    };
    Ok(Digitised {
        received: received_in().count().get_result(conn)?,
        received_digitised: received_in()
            .filter(with(DOCUMENTS))
            .count()
            .get_result(conn)?,
        resolved: resolved_in().count().get_result(conn)?,
        resolved_digitised: resolved_in()
            .filter(with(RESULT))
            .count()
            .get_result(conn)?,
    })
}
