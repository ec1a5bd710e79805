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

/// A page of the worklist: rows with a due date first, the earliest first; then those
/// without one (the clock paused, or no time limit), oldest first. `offset` rows skipped.
/// Returns the rows and how many match in all.
pub fn page(
    conn: &mut DbConnection,
    filter: &WorkFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<ApplicationRow>, i64)> {
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
    let dated: i64 = query()
        .filter(apps::due_at.is_not_null())
        .count()
        .get_result(conn)?;
    let undated: i64 = query()
        .filter(apps::due_at.is_null())
        .count()
        .get_result(conn)?;
    let mut rows = Vec::new();
    if offset < dated {
        rows = query()
            .filter(apps::due_at.is_not_null())
            .order((apps::due_at.asc(), apps::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(ApplicationRow::as_select())
            .load(conn)?;
    }
    let room = limit - i64::try_from(rows.len()).unwrap_or(limit);
    if room > 0 && undated > 0 {
        let skip = (offset - dated).max(0);
        rows.extend(
            query()
                .filter(apps::due_at.is_null())
                .order(apps::id.asc())
                .offset(skip)
                .limit(room)
                .select(ApplicationRow::as_select())
                .load(conn)?,
        );
    }
    Ok((rows, dated + undated))
}
