//! What the database must hold after a kill or a race.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use motcua::db::schema::{application_events, applications, ratings};
use motcua::domain::application::replay;

use crate::helpers::TestDb;

/// What the database must hold for one application.
pub struct Expect<'a> {
    pub code: &'a str,
    pub status: i64,
    pub version: i64,
    /// Acknowledged events: (seq, to_status).
    pub acked: &'a [(i64, i64)],
    pub rated: bool,
}

/// Checks the database against what was acknowledged, replays every application's events
/// into its row, and checks the codes. Returns how many acknowledged writes are missing.
pub fn check_database(db: &TestDb, expected: &[Expect<'_>]) -> usize {
    use motcua::db::applications::{ApplicationRow, EventRow};
    let mut conn = db.connect();
    let rows: Vec<ApplicationRow> = applications::table
        .select(ApplicationRow::as_select())
        .load(&mut conn)
        .expect("applications");
    let events: Vec<EventRow> = application_events::table
        .order((application_events::application_id, application_events::seq))
        .select(EventRow::as_select())
        .load(&mut conn)
        .expect("events");
    let rated: Vec<i64> = ratings::table
        .select(ratings::application_id)
        .load(&mut conn)
        .expect("ratings");
    let mut history: HashMap<i64, Vec<&EventRow>> = HashMap::new();
    for event in &events {
        history.entry(event.application_id).or_default().push(event);
    }
    let by_code: HashMap<&str, &ApplicationRow> =
        rows.iter().map(|r| (r.code.as_str(), r)).collect();

    // Every row is its events replayed.
    for row in &rows {
        let stored = history.get(&row.id).map(Vec::as_slice).unwrap_or_default();
        let replayed: Vec<_> = stored
            .iter()
            .map(|e| e.to_event().expect("a readable event"))
            .collect();
        let state = replay(&replayed);
        assert_eq!(
            state.status.map(|s| s.code()),
            Some(row.status),
            "{}",
            row.code
        );
        assert_eq!(i64::from(state.events), row.version, "{}", row.code);
        let seqs: Vec<i32> = stored.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (1..=seqs.len() as i32).collect::<Vec<_>>(),
            "{}",
            row.code
        );
    }

    // Codes: unique, and per office and day numbered 1..=n.
    let mut days: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for row in &rows {
        let (day, seq) = row.code.rsplit_once('-').expect("office-day-seq");
        days.entry(day)
            .or_default()
            .push(seq.parse().expect("a sequence number"));
    }
    for (day, seqs) in &mut days {
        seqs.sort_unstable();
        assert_eq!(
            *seqs,
            (1..=seqs.len() as u32).collect::<Vec<_>>(),
            "codes of {day}"
        );
    }

    // Every acknowledged write is there, and nothing else was written.
    let mut lost = 0;
    for expect in expected {
        let Some(row) = by_code.get(expect.code) else {
            lost += 1 + expect.acked.len();
            continue;
        };
        let stored = history.get(&row.id).map(Vec::as_slice).unwrap_or_default();
        for &(seq, to) in expect.acked {
            let found = stored
                .iter()
                .any(|e| i64::from(e.seq) == seq && i64::from(e.to_status) == to);
            if !found {
                lost += 1;
            }
        }
        if expect.rated && !rated.contains(&row.id) {
            lost += 1;
        }
        assert_eq!(row.version, expect.version, "{}", expect.code);
        assert_eq!(i64::from(row.status), expect.status, "{}", expect.code);
    }
    assert_eq!(rows.len(), expected.len(), "applications nobody sent");
    assert_eq!(
        rated.len(),
        expected.iter().filter(|e| e.rated).count(),
        "ratings nobody sent"
    );
    lost
}
