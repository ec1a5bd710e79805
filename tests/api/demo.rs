//! The generator: histories made by the domain's rules, stored as the service stores them.

use std::collections::HashMap;

use motcua::db::applications as store;
use motcua::domain::application::{AppCode, due_of, limit_of, replay};
use motcua::domain::calendar::Calendar;

use crate::helpers::{generate_demo, spawn_app};

#[actix_web::test]
async fn generated_applications_replay_and_number_without_gaps() {
    let app = spawn_app().await;
    let calendar = Calendar::vn_default();
    let mut conn = app.db.connect();
    let until = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let report = generate_demo(&mut conn, 300, 7, until);
    assert_eq!(report.applications, 300);
    assert_eq!(report.by_status.values().sum::<u64>(), 300);
    assert!(
        report.by_status.len() >= 6,
        "a mix of statuses: {:?}",
        report.by_status
    );
    // A second run continues the day sequences.
    generate_demo(&mut conn, 300, 8, until);

    let mut per_day: HashMap<(String, chrono::NaiveDate), Vec<u32>> = HashMap::new();
    let mut events_seen = 0;
    for seq in store::sequences(&mut conn).unwrap() {
        per_day.entry((seq.0, seq.1)).or_default();
    }
    let filter = store::ApplicationFilter::default();
    let (rows, total) = store::list(&mut conn, &filter, None, 1000).unwrap();
    assert_eq!(total, 600);
    for row in &rows {
        let code = AppCode::parse(&row.code).unwrap();
        per_day
            .entry((row.receiving_office_id.clone(), code.date))
            .or_default()
            .push(code.seq);
        let events: Vec<_> = store::events(&mut conn, row.id)
            .unwrap()
            .iter()
            .map(|e| e.to_event().unwrap())
            .collect();
        events_seen += events.len();
        let state = replay(&events);
        assert_eq!(state.status.unwrap().code(), row.status, "{}", row.code);
        assert_eq!(i64::from(state.events), row.version);
        assert_eq!(
            serde_json::to_string(&state.timeline).unwrap(),
            row.timeline
        );
        let limit = limit_of(row.limit_amount, row.limit_unit.as_deref());
        assert_eq!(due_of(&calendar, limit, &state), row.due_at, "{}", row.code);
    }
    assert!(events_seen > 600);
    for ((office, day), mut seqs) in per_day {
        seqs.sort_unstable();
        let expected: Vec<u32> = (1..=u32::try_from(seqs.len()).unwrap()).collect();
        assert_eq!(seqs, expected, "{office} {day}");
    }
}
