//! The working-day calendar in memory. Every calendar change bumps a counter in the database
//! (`calendar_generation`); a server checks the counter at most once a second and reloads
//! when it moved, so due dates everywhere follow the administrator's changes.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use diesel::QueryResult;

use crate::db::{DbConnection, calendar};
use crate::domain::calendar::{Calendar, DayKind, OfficeHours};

/// How long a server trusts its copy without asking the database.
const RECHECK: Duration = Duration::from_secs(1);

/// The shared calendar.
pub struct CalendarCache {
    hours: OfficeHours,
    current: RwLock<Arc<Calendar>>,
    generation: AtomicI64,
    checked_at: Mutex<Option<Instant>>,
}

impl CalendarCache {
    /// An empty calendar (Monday–Friday) with these office hours, until loaded.
    pub fn new(hours: OfficeHours) -> Self {
        Self {
            current: RwLock::new(Arc::new(Calendar::new(hours.clone(), []))),
            hours,
            generation: AtomicI64::new(-1),
            checked_at: Mutex::new(None),
        }
    }

    /// Builds the calendar from the stored exceptions.
    pub fn build(&self, conn: &mut DbConnection) -> QueryResult<Calendar> {
        let days = calendar::all(conn)?;
        Ok(Calendar::new(
            self.hours.clone(),
            days.iter()
                .filter_map(|d| DayKind::from_token(&d.kind).map(|kind| (d.day, kind))),
        ))
    }

    /// Reloads from the database now.
    pub fn reload(&self, conn: &mut DbConnection) -> QueryResult<Arc<Calendar>> {
        let generation = calendar::generation(conn)?;
        let built = Arc::new(self.build(conn)?);
        if let Ok(mut current) = self.current.write() {
            *current = built.clone();
        }
        self.generation.store(generation, Ordering::Release);
        if let Ok(mut checked) = self.checked_at.lock() {
            *checked = Some(Instant::now());
        }
        Ok(built)
    }

    /// The current calendar, reloaded first when another server changed it.
    pub fn current(&self, conn: &mut DbConnection) -> QueryResult<Arc<Calendar>> {
        let due = self
            .checked_at
            .lock()
            .map(|mut checked| {
                let stale = checked.is_none_or(|at| at.elapsed() >= RECHECK);
                if stale {
                    *checked = Some(Instant::now());
                }
                stale
            })
            .unwrap_or(true);
        if due && calendar::generation(conn)? != self.generation.load(Ordering::Acquire) {
            return self.reload(conn);
        }
        Ok(self.peek())
    }

    /// The calendar for a write transaction: the change counter is read every time, and on
    /// PostgreSQL with a share lock, so a calendar change committing meanwhile waits for this
    /// transaction or is seen by it; a due date is never computed on a calendar that has just
    /// been replaced.
    pub fn for_write(&self, conn: &mut DbConnection) -> QueryResult<Arc<Calendar>> {
        if calendar::generation_for_write(conn)? != self.generation.load(Ordering::Acquire) {
            return self.reload(conn);
        }
        Ok(self.peek())
    }

    /// The calendar as last loaded, without asking the database.
    pub fn peek(&self) -> Arc<Calendar> {
        self.current
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
}
