//! The specialist's worklist: the applications an office handles, by due date, a page at a
//! time. Served by the index `applications_handling_due` (handling office, status, due date,
//! id), so a page reads only the office's rows in the statuses asked for.

use diesel::prelude::*;

use super::DbConnection;
use super::applications::ApplicationRow;
use super::schema::applications as apps;

/// What the worklist shows.
#[derive(Debug, Clone, Default)]
pub struct WorkFilter {
    /// The handling office (id).
    pub office_id: String,
    /// The statuses (codes); never empty.
    pub statuses: Vec<i32>,
    /// Only this procedure.
    pub procedure: Option<String>,
    /// Only this field.
    pub field: Option<String>,
}

/// The most applications a worklist counts and pages through: past it, the page says there
/// are more and the filters narrow it (a count of an office's whole open set would read every
/// entry of it).
pub const COUNT_CAP: i64 = 1000;

/// A page of the worklist and how many match.
pub struct WorkPage {
    /// The rows, in order.
    pub rows: Vec<ApplicationRow>,
    /// How many match, at most [`COUNT_CAP`].
    pub total: i64,
    /// More than [`COUNT_CAP`] match.
    pub more: bool,
}

/// A page of the worklist: rows with a due date first, the earliest first; then those
/// without one (the clock paused, or no time limit), oldest first. `offset` rows skipped,
/// within the first [`COUNT_CAP`]. The order is read from the index alone (ids), then the
/// page's rows by id.
pub fn page(
    conn: &mut DbConnection,
    filter: &WorkFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<WorkPage> {
    let query = || {
        let mut q = apps::table
            .filter(apps::handling_office_id.eq(filter.office_id.clone()))
            .filter(apps::status.eq_any(filter.statuses.clone()))
            .into_boxed();
        if let Some(procedure) = &filter.procedure {
            q = q.filter(apps::procedure_code.eq(procedure.clone()));
        }
        if let Some(field) = &filter.field {
            q = q.filter(apps::field_code.eq(field.clone()));
        }
        q
    };
    let counted = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let dated = counted(
        query()
            .filter(apps::due_at.is_not_null())
            .select(apps::id)
            .limit(COUNT_CAP + 1)
            .load::<i64>(conn)?
            .len(),
    );
    let undated = if dated > COUNT_CAP {
        0
    } else {
        counted(
            query()
                .filter(apps::due_at.is_null())
                .select(apps::id)
                .limit(COUNT_CAP + 1 - dated)
                .load::<i64>(conn)?
                .len(),
        )
    };
    let all = dated + undated;
    let total = all.min(COUNT_CAP);
    let limit = limit.min(total - offset).max(0);
    let mut ids: Vec<i64> = Vec::new();
    if offset < dated && limit > 0 {
        ids = query()
            .filter(apps::due_at.is_not_null())
            .select(apps::id)
            .order((apps::due_at.asc(), apps::id.asc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?;
    }
    let room = limit - counted(ids.len());
    if room > 0 && undated > 0 {
        ids.extend(
            query()
                .filter(apps::due_at.is_null())
                .select(apps::id)
                .order(apps::id.asc())
                .offset((offset - dated).max(0))
                .limit(room)
                .load::<i64>(conn)?,
        );
    }
    let mut rows: Vec<ApplicationRow> = apps::table
        .filter(apps::id.eq_any(&ids))
        .select(ApplicationRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(WorkPage {
        rows,
        total,
        more: all > COUNT_CAP,
    })
}
