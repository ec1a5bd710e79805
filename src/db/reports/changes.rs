//! Tally changes: gathered by key and day in the transaction of a change to an application,
//! then added into the day, month and year buckets.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::db::DbConnection;
use crate::db::schema::report_tallies as rt;
use crate::domain::calendar::Calendar;
use crate::domain::report::{Span, Tally, tally_changes};

use super::{FactsRow, TallyKey};

/// One bucket's row.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rt, treat_none_as_default_value = false)]
struct TallyRow {
    span: &'static str,
    unit_id: String,
    starts_on: NaiveDate,
    office_id: String,
    field_code: String,
    new_online: i64,
    new_in_person: i64,
    resolved_early: i64,
    resolved_on_time: i64,
    resolved_late: i64,
    withdrawn: i64,
    stopped: i64,
    refused: i64,
    open: i64,
    overdue: i64,
    resolution_minutes: i64,
    rated: i64,
    satisfied: i64,
    resolved_no_deadline: i64,
    open_no_deadline: i64,
    withdrawn_before_reception: i64,
    stopped_before_reception: i64,
}

/// Changes to add, by key and day.
#[derive(Debug, Default)]
pub struct Changes(BTreeMap<(TallyKey, NaiveDate), Tally>);

impl Changes {
    /// Adds one change.
    pub fn push(&mut self, key: &TallyKey, day: NaiveDate, tally: &Tally) {
        let entry = self.0.entry((key.clone(), day)).or_default();
        *entry = entry.plus(tally);
    }

    /// Adds what changes when an application's facts go from `before` to `after`.
    pub fn application(
        &mut self,
        calendar: &Calendar,
        before: Option<&FactsRow>,
        after: &FactsRow,
    ) {
        // Where an application is counted (unit of receipt, receiving office, field) is fixed
        // when it is filed; only its facts change.
        debug_assert!(before.is_none_or(|b| b.key() == after.key()));
        let old = before.map(|b| b.facts(calendar));
        let new = after.facts(calendar);
        for (day, t) in tally_changes(old.as_ref(), Some(&new)) {
            self.push(&after.key(), day, &t);
        }
    }

    /// Adds an application's rating.
    pub fn rating(&mut self, key: &TallyKey, day: NaiveDate, overall: i32) {
        let t = Tally {
            rated: 1,
            satisfied: i64::from(overall >= 4),
            ..Tally::default()
        };
        self.push(key, day, &t);
    }

    /// Writes the changes into the day, month and year buckets.
    pub fn write(self, conn: &mut DbConnection) -> QueryResult<()> {
        let mut buckets: BTreeMap<(Span, TallyKey, NaiveDate), Tally> = BTreeMap::new();
        for ((key, day), t) in self.0 {
            for span in Span::ALL {
                let entry = buckets
                    .entry((span, key.clone(), span.start(day)))
                    .or_default();
                *entry = entry.plus(&t);
            }
        }
        let rows: Vec<TallyRow> = buckets
            .into_iter()
            .filter(|(_, t)| !t.is_zero())
            .map(|((span, key, starts_on), t)| TallyRow {
                span: span.as_str(),
                unit_id: key.unit_id,
                starts_on,
                office_id: key.office_id,
                field_code: key.field_code,
                new_online: t.new_online,
                new_in_person: t.new_in_person,
                resolved_early: t.resolved_early,
                resolved_on_time: t.resolved_on_time,
                resolved_late: t.resolved_late,
                withdrawn: t.withdrawn,
                stopped: t.stopped,
                refused: t.refused,
                open: t.open,
                overdue: t.overdue,
                resolution_minutes: t.resolution_minutes,
                rated: t.rated,
                satisfied: t.satisfied,
                resolved_no_deadline: t.resolved_no_deadline,
                open_no_deadline: t.open_no_deadline,
                withdrawn_before_reception: t.withdrawn_before_reception,
                stopped_before_reception: t.stopped_before_reception,
            })
            .collect();
        // Sorted by key, so concurrent writers lock rows in one order.
        for chunk in rows.chunks(500) {
            upsert(conn, chunk)?;
        }
        Ok(())
    }
}

macro_rules! upsert_rows {
    ($c:expr, $rows:expr) => {
        diesel::insert_into(rt::table)
            .values($rows)
            .on_conflict((
                rt::span,
                rt::unit_id,
                rt::starts_on,
                rt::office_id,
                rt::field_code,
            ))
            .do_update()
            .set((
                rt::new_online.eq(rt::new_online + excluded(rt::new_online)),
                rt::new_in_person.eq(rt::new_in_person + excluded(rt::new_in_person)),
                rt::resolved_early.eq(rt::resolved_early + excluded(rt::resolved_early)),
                rt::resolved_on_time.eq(rt::resolved_on_time + excluded(rt::resolved_on_time)),
                rt::resolved_late.eq(rt::resolved_late + excluded(rt::resolved_late)),
                rt::withdrawn.eq(rt::withdrawn + excluded(rt::withdrawn)),
                rt::stopped.eq(rt::stopped + excluded(rt::stopped)),
                rt::refused.eq(rt::refused + excluded(rt::refused)),
                rt::open.eq(rt::open + excluded(rt::open)),
                rt::overdue.eq(rt::overdue + excluded(rt::overdue)),
                rt::resolution_minutes
                    .eq(rt::resolution_minutes + excluded(rt::resolution_minutes)),
                rt::rated.eq(rt::rated + excluded(rt::rated)),
                rt::satisfied.eq(rt::satisfied + excluded(rt::satisfied)),
                rt::resolved_no_deadline
                    .eq(rt::resolved_no_deadline + excluded(rt::resolved_no_deadline)),
                rt::open_no_deadline.eq(rt::open_no_deadline + excluded(rt::open_no_deadline)),
                rt::withdrawn_before_reception
                    .eq(rt::withdrawn_before_reception + excluded(rt::withdrawn_before_reception)),
                rt::stopped_before_reception
                    .eq(rt::stopped_before_reception + excluded(rt::stopped_before_reception)),
            ))
            .execute($c)
    };
}

/// Adds the rows to their buckets, inserting the missing ones.
fn upsert(conn: &mut DbConnection, rows: &[TallyRow]) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(c) => upsert_rows!(c, rows).map(drop),
        DbConnection::Sqlite(c) => upsert_rows!(c, rows).map(drop),
    }
}
