//! The results report: every column on a fixed history, the views across a merger, the
//! files, access, and tallies that stay equal to a recount as events happen.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use motcua::demo::{Filing, store};
use motcua::domain::application::{
    Actor, ActorRole, Channel, Context, Delivery, Event, Outcome, Payload, State, apology_in_time,
    decide, due_of, limit_from_procedure, submission,
};
use motcua::domain::calendar::{Calendar, TimeLimit, from_local};
use motcua::domain::procedure::TimeUnit;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{AGENCY, DESK, Desk, OTHER_DESK, PROCEDURE, desk_body};
use crate::helpers::{TestApp, assert_problem, spawn_app};

/// A history made by the domain's own rules at chosen Vietnam times.
struct History {
    calendar: Calendar,
    limit: Option<TimeLimit>,
    desk: String,
    agency: String,
    state: State,
    events: Vec<Event>,
}

fn at(day: (i32, u32, u32), hh: u32, mm: u32) -> NaiveDateTime {
    let local = NaiveDate::from_ymd_opt(day.0, day.1, day.2)
        .unwrap()
        .and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap());
    from_local(local).naive_utc()
}

fn march(day: u32, hh: u32, mm: u32) -> NaiveDateTime {
    at((2025, 3, day), hh, mm)
}

impl History {
    fn new(desk: &str, agency: &str, channel: Channel, when: NaiveDateTime) -> Self {
        let actor = if channel == Channel::Online {
            citizen()
        } else {
            staff(ActorRole::Clerk, desk)
        };
        let first = submission(&actor, desk, channel, None, None, when).unwrap();
        Self {
            calendar: Calendar::vn_default(),
            limit: limit_from_procedure(Some(3.0), Some(TimeUnit::WorkingDays)),
            desk: desk.to_owned(),
            agency: agency.to_owned(),
            state: State::default().apply(&first),
            events: vec![first],
        }
    }

    fn act(mut self, role: ActorRole, payload: Payload, when: NaiveDateTime) -> Self {
        let office = match role {
            ActorRole::Specialist => self.agency.clone(),
            _ => self.desk.clone(),
        };
        let due_at = due_of(&self.calendar, self.limit, &self.state);
        let context = Context {
            now: when,
            due_at,
            apology_in_time: due_at.is_some_and(|d| apology_in_time(&self.calendar, when, d)),
        };
        let note = Some("Cần xác minh thêm".to_owned());
        let event = decide(&self.state, &staff(role, &office), payload, note, context)
            .unwrap_or_else(|e| panic!("{e:?}"));
        self.state = self.state.apply(&event);
        self.events.push(event);
        self
    }

    fn receive(self, when: NaiveDateTime) -> Self {
        self.act(ActorRole::Clerk, Payload::Receive {}, when)
    }

    fn hand_over(self, when: NaiveDateTime) -> Self {
        let (from, to) = (self.desk.clone(), self.agency.clone());
        self.act(
            ActorRole::Clerk,
            Payload::HandOver {
                from_office_id: from,
                to_office_id: to,
            },
            when,
        )
    }

    fn resolve(self, when: NaiveDateTime) -> Self {
        self.act(
            ActorRole::Specialist,
            Payload::Resolve {
                outcome: Outcome::Approved,
                reason: None,
            },
            when,
        )
    }

    fn give_back(self, when: NaiveDateTime) -> Self {
        self.act(
            ActorRole::Clerk,
            Payload::Return {
                delivery: Delivery::InPerson,
            },
            when,
        )
    }
}

fn citizen() -> Actor {
    Actor {
        user_id: None,
        role: ActorRole::Citizen,
        office_id: None,
    }
}

fn staff(role: ActorRole, office: &str) -> Actor {
    Actor {
        user_id: None,
        role,
        office_id: Some(office.to_owned()),
    }
}

/// Ids of an office and its unit.
fn ids(app: &TestApp, office_code: &str) -> (String, String) {
    let mut conn = app.db.connect();
    let office = motcua::db::offices::find_by_code(&mut conn, office_code)
        .unwrap()
        .unwrap();
    (office.row.id, office.row.unit_id)
}

/// Stores histories as applications of `office_code`, with ratings (overall, when).
fn file(app: &TestApp, office_code: &str, histories: Vec<(History, Option<(i32, NaiveDateTime)>)>) {
    let (office_id, unit_id) = ids(app, office_code);
    let filings: Vec<Filing> = histories
        .into_iter()
        .enumerate()
        .map(|(i, (h, rating))| Filing {
            code: format!("{office_code}-250301-{:04}", next_number() + i),
            receiving_office_id: office_id.clone(),
            unit_id: unit_id.clone(),
            procedure_code: PROCEDURE.into(),
            procedure_name: "Thủ tục đăng ký khai sinh".into(),
            field_code: "ho-tich".into(),
            channel: h.state.channel.unwrap(),
            applicant_name: "Nguyễn Văn An".into(),
            id_number: "001203004567".into(),
            phone: "0912345678".into(),
            address: "Số 1 Hàng Bài".into(),
            pin_nonce: "00".repeat(16),
            limit: h.limit,
            events: h.events,
            rating,
        })
        .collect();
    let mut conn = app.db.connect();
    store(
        &mut conn,
        &Calendar::vn_default(),
        &filings,
        motcua::db::now(),
    )
    .unwrap();
}

/// The first of a hundred numbers no other filing of this process uses, so that codes stay
/// unique when an office files twice.
fn next_number() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(100, Ordering::Relaxed)
}

/// The period 11–21 March 2025 (Tuesday to Friday, no holidays); the procedure takes three
/// working days, counted from reception within office hours (07:30–11:30, 13:00–17:00).
fn fixed_history(desk: &Desk) {
    use Channel::{InPerson, Online};
    let (d, ag) = ((DESK, ids(&desk.app, DESK).0), ids(&desk.app, AGENCY).0);
    let (desk_id, agency) = (d.1.as_str(), ag.as_str());
    let new = |channel, when| History::new(desk_id, agency, channel, when);
    let histories = vec![
        // A: received the day before the period, due 13/3, still open: carried over, overdue.
        (new(InPerson, march(10, 9, 0)), None),
        // B: received the day before, resolved on the period's first day before its due
        // date: carried over, early; 1 working day.
        (
            new(InPerson, march(10, 10, 0))
                .hand_over(march(10, 10, 1))
                .resolve(march(11, 10, 0)),
            None,
        ),
        // C: online, received 12/3 (due 17/3), resolved on the period's last day: late; 7 days.
        (
            new(Online, march(12, 8, 0))
                .receive(march(12, 9, 0))
                .hand_over(march(12, 9, 1))
                .resolve(march(21, 9, 0)),
            None,
        ),
        // D: received 12/3 09:30, due 17/3 09:30, resolved then: on time; 3 days.
        (
            new(InPerson, march(12, 9, 30))
                .hand_over(march(12, 9, 31))
                .resolve(march(17, 9, 30)),
            None,
        ),
        // E: received 13/3, apology 14/3, resolved 17/3 before the first due date: late
        // because of the apology; 2 days.
        (
            new(InPerson, march(13, 9, 0))
                .hand_over(march(13, 9, 1))
                .act(
                    ActorRole::Specialist,
                    Payload::Apologize {
                        new_due_at: march(25, 9, 0),
                    },
                    march(14, 9, 0),
                )
                .resolve(march(17, 9, 0)),
            None,
        ),
        // F: received 13/3, waiting for a supplement since 14/3: in progress, clock paused.
        (
            new(InPerson, march(13, 10, 0)).act(
                ActorRole::Clerk,
                Payload::RequestSupplement {
                    items: vec!["Bản sao CCCD".into()],
                },
                march(14, 10, 0),
            ),
            None,
        ),
        // G: received 18/3, due 21/3, the period's last day: in progress on time.
        (new(InPerson, march(18, 9, 0)), None),
        // H: received 12/3, withdrawn 14/3.
        (
            new(InPerson, march(12, 14, 0)).act(
                ActorRole::Clerk,
                Payload::Withdraw {},
                march(14, 14, 0),
            ),
            None,
        ),
        // I: received 12/3, supplement asked 13/3, stopped 20/3.
        (
            new(InPerson, march(12, 15, 0))
                .act(
                    ActorRole::Clerk,
                    Payload::RequestSupplement {
                        items: vec!["Tờ khai".into()],
                    },
                    march(13, 9, 0),
                )
                .act(ActorRole::Clerk, Payload::Stop {}, march(20, 9, 0)),
            None,
        ),
        // J: filed online 14/3 and refused at reception the same day.
        (
            new(Online, march(14, 8, 0)).act(
                ActorRole::Clerk,
                Payload::Refuse {
                    reasons: vec!["Không đúng thẩm quyền".into()],
                },
                march(14, 9, 0),
            ),
            None,
        ),
        // K: received after the period.
        (new(InPerson, march(24, 9, 0)), None),
        // L: resolved and returned before the period, rated very satisfied in it.
        (
            new(InPerson, march(3, 9, 0))
                .hand_over(march(3, 9, 1))
                .resolve(march(5, 9, 0))
                .give_back(march(6, 9, 0)),
            Some((5, march(12, 20, 0))),
        ),
        // M: the same, rated after the period.
        (
            new(InPerson, march(3, 10, 0))
                .hand_over(march(3, 10, 1))
                .resolve(march(6, 9, 0))
                .give_back(march(7, 9, 0)),
            Some((4, march(25, 9, 0))),
        ),
        // N: filed online on the period's last but one day, never received.
        (new(Online, march(20, 8, 0)), None),
        // O: online, received 19/3 09:00 and resolved 15:00 the same day (270 office
        // minutes), returned 20/3, rated dissatisfied 21/3.
        (
            new(Online, march(19, 8, 0))
                .receive(march(19, 9, 0))
                .hand_over(march(19, 9, 1))
                .resolve(march(19, 15, 0))
                .give_back(march(20, 9, 0)),
            Some((2, march(21, 10, 0))),
        ),
        // P: filed online 15/3 and withdrawn 16/3 before any clerk received it: shown apart
        // from the received ones.
        (
            new(Online, march(15, 8, 0)).act(
                ActorRole::Clerk,
                Payload::Withdraw {},
                march(16, 9, 0),
            ),
            None,
        ),
    ];
    file(&desk.app, DESK, histories);
}

fn expected_total() -> Value {
    json!({
        "received_total": 10, "new_online": 2, "new_in_person": 6, "carried_over": 2,
        "resolved_total": 5, "resolved_early": 2, "resolved_on_time": 1, "resolved_late": 2,
        "in_progress_total": 3, "in_progress_on_time": 2, "in_progress_overdue": 1,
        "resolved_no_deadline": 0, "in_progress_no_deadline": 0,
        "withdrawn": 1, "stopped": 1, "refused": 1,
        "withdrawn_before_reception": 1, "stopped_before_reception": 0,
        "outcomes_total": 10, "not_received_total": 2,
        "on_time_rate": 0.6, "online_share": 0.25,
        // (480 + 3360 + 1440 + 960 + 270) minutes ÷ 5 ÷ 480 minutes a day.
        "resolution_minutes": 6510, "average_working_days": 2.7125,
        "rated": 2, "satisfied": 1, "satisfaction_share": 0.5
    })
}

async fn report(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/reports/results?{query}"), Some(token))
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

const PERIOD: &str = "from=2025-03-11&to=2025-03-21";

#[actix_web::test]
async fn every_column_counts_by_the_rules() {
    let desk = Desk::new().await;
    fixed_history(&desk);
    for group_by in ["field", "office", "unit", "procedure"] {
        let body = report(
            &desk.app,
            &desk.admin,
            &format!("{PERIOD}&unit=99001&group_by={group_by}"),
        )
        .await;
        assert_eq!(body["total"], expected_total(), "group_by={group_by}");
        let lines = body["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 1, "{group_by}: {body}");
        let mut line = lines[0].clone();
        let code = line.as_object_mut().unwrap().remove("code").unwrap();
        line.as_object_mut().unwrap().remove("name");
        assert_eq!(line, expected_total());
        let expected_code = match group_by {
            "field" => "ho-tich",
            "office" => DESK,
            "unit" => "99001",
            _ => PROCEDURE,
        };
        assert_eq!(code, expected_code);
    }
    // The whole period, a day before it and the day after it.
    let before = report(
        &desk.app,
        &desk.admin,
        "from=2025-03-10&to=2025-03-10&unit=99001",
    )
    .await;
    assert_eq!(before["total"]["new_in_person"], 2, "A and B on 10/3");
    assert_eq!(before["total"]["in_progress_total"], 2);
    let after = report(
        &desk.app,
        &desk.admin,
        "from=2025-03-22&to=2025-03-31&unit=99001",
    )
    .await;
    assert_eq!(after["total"]["carried_over"], 3, "A, F and G go on");
    assert_eq!(after["total"]["new_in_person"], 1, "K");
    assert_eq!(after["total"]["rated"], 1, "M");

    // The hand-written aggregation over the raw rows agrees, and so does a recount.
    let mut conn = desk.app.db.connect();
    let unit_ids = motcua::db::units::subtree_ids(&mut conn, "99001").unwrap();
    let raw = motcua::db::reports::raw_by_field(
        &mut conn,
        &unit_ids,
        NaiveDate::from_ymd_opt(2025, 3, 11).unwrap(),
        NaiveDate::from_ymd_opt(2025, 3, 21).unwrap(),
    )
    .unwrap();
    assert_eq!(raw.len(), 1);
    let r = &raw[0];
    assert_eq!(
        (
            r.new_online,
            r.new_in_person,
            r.carried_over,
            r.resolved_early,
            r.resolved_on_time,
            r.resolved_late
        ),
        (2, 6, 2, 2, 1, 2)
    );
    assert_eq!(
        (
            r.in_progress,
            r.in_progress_overdue,
            r.withdrawn,
            r.stopped,
            r.refused,
            r.rated,
            r.satisfied
        ),
        (3, 1, 1, 1, 1, 2, 1)
    );
    let kept = report(&desk.app, &desk.admin, PERIOD).await;
    motcua::db::write_transaction(&mut conn, |c| {
        motcua::db::reports::rebuild(c, &Calendar::vn_default(), |_| {})
    })
    .unwrap();
    assert_eq!(report(&desk.app, &desk.admin, PERIOD).await, kept);
}

#[actix_web::test]
async fn csv_and_xlsx_carry_the_same_figures_with_vietnamese_headers() {
    let desk = Desk::new().await;
    fixed_history(&desk);
    let res = desk
        .app
        .get(
            &format!("/api/v1/reports/results?{PERIOD}&unit=99001&format=csv"),
            Some(&desk.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = res.bytes().await.unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Mã");
    assert_eq!(&headers[1], "Lĩnh vực");
    assert_eq!(&headers[2], "Tổng số hồ sơ tiếp nhận");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2, "one field and the total");
    assert_eq!(&records[0][0], "ho-tich");
    assert_eq!(&records[1][1], "Tổng cộng");
    assert_eq!(&records[1][2], "10");
    assert_eq!(&records[1][16], "60", "on-time rate in percent");
    assert_eq!(&records[1][18], "2.7", "average working days");

    // Asked for by Accept, in English.
    let res = desk
        .app
        .request(
            Method::GET,
            &format!("/api/v1/reports/results?{PERIOD}&unit=99001"),
        )
        .bearer_auth(&desk.admin)
        .header(
            "Accept",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Data, Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Kết quả giải quyết").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // The official form: the period line, two header rows and the numbered lines by name.
    assert!(matches!(cell(4, 0), Data::String(s) if s.contains("11/03/2025")));
    assert_eq!(cell(7, 1), Data::String("Lĩnh vực giải quyết".into()));
    assert_eq!(cell(8, 3), Data::String("Kỳ trước chuyển qua".into()));
    assert_eq!(cell(10, 0), Data::Float(1.0));
    assert_eq!(cell(10, 1), Data::String("Hộ tịch".into()));
    assert_eq!(cell(10, 2), Data::Float(10.0));
    assert_eq!(cell(11, 1), Data::String("Tổng cộng".into()));
    assert_eq!(cell(11, 13), Data::Float(1.0), "in progress overdue");
    assert_eq!(cell(11, 15), Data::Float(1.0), "withdrawn after reception");
}

/// Province 99, district 990 and its communes 99001 and 99002, created before the desks.
async fn district(app: &TestApp, admin: &str) {
    for body in [
        json!({"code": "99", "name": "Thử Nghiệm", "level": "province", "kind": "Tỉnh", "valid_from": "2020-01-01"}),
        json!({"code": "990", "name": "Sông Mây", "level": "district", "kind": "Huyện", "parent_code": "99", "valid_from": "2020-01-01"}),
        json!({"code": "99001", "name": "An Hòa", "level": "commune", "kind": "Xã", "parent_code": "990", "valid_from": "2020-01-01"}),
        json!({"code": "99002", "name": "Bình Yên", "level": "commune", "kind": "Xã", "parent_code": "990", "valid_from": "2020-01-01"}),
    ] {
        let res = app
            .send_json(Method::POST, "/api/v1/units", Some(admin), &body)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    }
}

#[actix_web::test]
async fn views_as_it_was_and_rolled_up_across_a_merger() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    district(&app, &admin).await;
    let desk = Desk::with(app).await;
    let res = desk
        .app
        .send_json(
            Method::POST,
            "/api/v1/units/reorganizations",
            Some(&desk.admin),
            &json!({"kind": "merge", "effective_on": "2025-04-01", "title": "Nghị quyết sáp nhập",
                    "predecessors": ["99001", "99002"],
                    "successors": [{"code": "99003", "name": "An Bình", "kind": "Xã"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    desk.app.add_office("H03.1", "99003");
    let agency = ids(&desk.app, AGENCY).0;
    let received = |office: &str, day: (i32, u32, u32)| {
        (
            History::new(
                &ids(&desk.app, office).0,
                &agency,
                Channel::InPerson,
                at(day, 9, 0),
            ),
            None,
        )
    };
    file(
        &desk.app,
        DESK,
        vec![received(DESK, (2025, 3, 5)), received(DESK, (2025, 3, 6))],
    );
    file(
        &desk.app,
        OTHER_DESK,
        vec![received(OTHER_DESK, (2025, 3, 7))],
    );
    file(&desk.app, "H03.1", vec![received("H03.1", (2025, 4, 2))]);
    let period = "from=2025-03-01&to=2025-04-30&group_by=unit";
    let lines = |body: &Value| -> Vec<(String, u64)> {
        body["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["code"].as_str().unwrap().to_owned(),
                    l["received_total"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let as_it_was = report(&desk.app, &desk.admin, &format!("{period}&unit=990")).await;
    assert_eq!(
        lines(&as_it_was),
        vec![
            ("99001".into(), 2),
            ("99002".into(), 1),
            ("99003".into(), 1)
        ]
    );
    let rolled = report(
        &desk.app,
        &desk.admin,
        &format!("{period}&unit=990&view=rolled_up"),
    )
    .await;
    assert_eq!(lines(&rolled), vec![("99003".into(), 4)]);
    assert_eq!(rolled["lines"][0]["name"], "Xã An Bình");
    assert_eq!(rolled["total"], as_it_was["total"]);
    let merged_then = report(&desk.app, &desk.admin, &format!("{period}&unit=99003")).await;
    assert_eq!(merged_then["total"]["received_total"], 1);
    let merged_today = report(
        &desk.app,
        &desk.admin,
        &format!("{period}&unit=99003&view=rolled_up"),
    )
    .await;
    assert_eq!(merged_today["total"]["received_total"], 4);
    let old = report(&desk.app, &desk.admin, &format!("{period}&unit=99002")).await;
    assert_eq!(lines(&old), vec![("99002".into(), 1)]);
}

#[actix_web::test]
async fn each_role_sees_its_own_scope() {
    let desk = Desk::new().await;
    fixed_history(&desk);
    let path = format!("/api/v1/reports/results?{PERIOD}");
    assert_problem(desk.app.get(&path, None).await, 401, "unauthenticated").await;
    // The official of 99001 gets their unit by default, and nothing else.
    let own = report(&desk.app, &desk.official, PERIOD).await;
    assert_eq!(own["unit"], "99001");
    assert_eq!(own["total"]["received_total"], 10);
    // Clerks get their office.
    let clerk = report(&desk.app, &desk.clerk, PERIOD).await;
    assert_eq!(clerk["office"], DESK);
    assert_eq!(clerk["total"]["received_total"], 10);
    let other = report(&desk.app, &desk.other_clerk, PERIOD).await;
    assert_eq!(other["office"], OTHER_DESK);
    assert_eq!(other["total"]["received_total"], 0);
    // What each may not ask, and bad input.
    let refused = [
        ("&unit=99002", &desk.official, 403, "forbidden"),
        ("&office=H02.1", &desk.official, 403, "forbidden"),
        ("&office=H01.1", &desk.other_clerk, 403, "forbidden"),
        ("&unit=99001", &desk.clerk, 403, "forbidden"),
        ("&unit=12345", &desk.admin, 404, "unit_not_found"),
        ("&office=X99.9", &desk.admin, 404, "office_not_found"),
        ("&group_by=street", &desk.admin, 400, "invalid_query"),
    ];
    let ancient = "/api/v1/reports/results?from=1800-01-01&to=2025-03-11";
    let res = desk.app.get(ancient, Some(&desk.admin)).await;
    assert_problem(res, 422, "validation_failed").await;
    for (extra, token, status, code) in refused {
        let res = desk.app.get(&format!("{path}{extra}"), Some(token)).await;
        assert_problem(res, status, code).await;
    }
    let backwards = "/api/v1/reports/results?from=2025-03-21&to=2025-03-11";
    let res = desk.app.get(backwards, Some(&desk.admin)).await;
    assert_problem(res, 422, "validation_failed").await;
}

/// Through the API, at today's date: submissions, actions, a rating and a calendar change
/// keep the tallies equal to a recount from the applications.
#[actix_web::test]
async fn tallies_follow_every_event() {
    let desk = Desk::new().await;
    let today = motcua::domain::today();
    let query = format!("from={today}&to={today}&unit=99001");
    let mut codes = Vec::new();
    for _ in 0..3 {
        let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
        codes.push(submitted["code"].as_str().unwrap().to_owned());
    }
    let online = desk.submit(None, &crate::applications::online_body()).await;
    let online = online["application"]["code"]
        .as_str()
        .or(online["code"].as_str())
        .unwrap()
        .to_owned();
    desk.ok(&desk.clerk, &online, "receive", json!({})).await;
    desk.ok(
        &desk.clerk,
        &codes[0],
        "hand-over",
        json!({"to_office": AGENCY}),
    )
    .await;
    desk.ok(
        &desk.specialist,
        &codes[0],
        "resolve",
        json!({"outcome": "approved"}),
    )
    .await;
    desk.ok(
        &desk.clerk,
        &codes[0],
        "return",
        json!({"delivery": "in_person"}),
    )
    .await;
    desk.ok(&desk.clerk, &codes[1], "withdraw", json!({})).await;
    desk.ok(
        &desk.clerk,
        &codes[2],
        "request-supplement",
        json!({"items": ["Tờ khai"]}),
    )
    .await;
    let res = desk
        .app
        .send_json(
            Method::POST,
            &format!("/api/v1/tracking/{}/rating", codes[0]),
            None,
            &json!({"id_number": "001203004567", "overall": 4}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body = report(&desk.app, &desk.admin, &query).await;
    let t = &body["total"];
    assert_eq!(t["new_in_person"], 3);
    assert_eq!(t["new_online"], 1);
    assert_eq!(t["resolved_total"], 1);
    assert_eq!(t["withdrawn"], 1);
    assert_eq!(t["in_progress_total"], 2);
    assert_eq!(t["rated"], 1);
    assert_eq!(t["satisfied"], 1);
    // A holiday on the next working day moves the open due dates by a day; the overdue
    // counts of every day ahead move with them, exactly as a recount gives them.
    let holiday = Calendar::vn_default().next_working_day(today);
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calendar/days/{holiday}"),
            Some(&desk.admin),
            &json!({"kind": "holiday", "name": "Nghỉ đột xuất"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let changed: Value = res.json().await.unwrap();
    assert_eq!(
        changed["recomputed"], 1,
        "the received online application: {changed}"
    );
    let days: Vec<String> = (0..21)
        .map(|n| {
            let day = today + chrono::Duration::days(n);
            format!("from={day}&to={day}&unit=99001")
        })
        .collect();
    let mut kept = Vec::new();
    for query in &days {
        kept.push(report(&desk.app, &desk.admin, query).await);
    }
    assert!(
        kept.iter()
            .any(|r| r["total"]["in_progress_overdue"].as_u64() > Some(0)),
        "some day ahead has overdue applications"
    );
    let mut conn = desk.app.db.connect();
    let calendar = motcua::service::calendar::cache::CalendarCache::new(
        motcua::domain::calendar::OfficeHours::standard(),
    )
    .reload(&mut conn)
    .unwrap();
    assert!(!calendar.is_working_day(holiday));
    motcua::db::write_transaction(&mut conn, |c| {
        motcua::db::reports::rebuild(c, &calendar, |_| {})
    })
    .unwrap();
    for (query, kept) in days.iter().zip(&kept) {
        assert_eq!(
            &report(&desk.app, &desk.admin, query).await,
            kept,
            "{query}"
        );
    }
}

#[actix_web::test]
async fn decision_766_indicators_show_their_inputs() {
    let desk = Desk::new().await;
    fixed_history(&desk);
    let path = format!("/api/v1/reports/index-766?unit=99001&{PERIOD}");
    let res = desk.app.get(&path, Some(&desk.official)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let find = |key: &str| {
        body["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key} in {body}"))
    };
    let inputs = |key: &str| {
        let i = find(key);
        (
            i["numerator"].as_u64().unwrap(),
            i["denominator"].as_u64().unwrap(),
        )
    };
    assert_eq!(inputs("on_time_rate"), (3, 5));
    assert_eq!(find("on_time_rate")["share"], 0.6);
    assert_eq!(inputs("in_progress_on_time"), (2, 3));
    assert_eq!(inputs("applications_online"), (2, 8));
    assert_eq!(inputs("satisfaction"), (1, 2));
    assert_eq!(inputs("procedures_online"), (1, 1));
    assert_eq!(inputs("procedures_full_online"), (1, 1));
    assert_eq!(inputs("published"), (1, 1));
    assert!(
        find("on_time_rate")["formula"]
            .as_str()
            .unwrap()
            .contains("÷")
    );
    assert_eq!(find("satisfaction")["group"], "satisfaction");
    assert_problem(desk.app.get(&path, None).await, 401, "unauthenticated").await;
    assert_problem(
        desk.app.get(&path, Some(&desk.other_clerk)).await,
        403,
        "forbidden",
    )
    .await;
}

#[actix_web::test]
async fn applications_without_a_processing_time_count_apart_never_on_time() {
    use Channel::InPerson;
    let desk = Desk::new().await;
    let (desk_id, agency) = (ids(&desk.app, DESK).0, ids(&desk.app, AGENCY).0);
    let untimed = |when| {
        let mut h = History::new(&desk_id, &agency, InPerson, when);
        h.limit = None;
        h
    };
    let timed = |when| History::new(&desk_id, &agency, InPerson, when);
    file(
        &desk.app,
        DESK,
        vec![
            // Resolved in the period: without a deadline, not on time.
            (
                untimed(march(12, 9, 0))
                    .hand_over(march(12, 9, 1))
                    .resolve(march(13, 9, 0)),
                None,
            ),
            // Still open at the end: without a deadline, neither on time nor overdue.
            (untimed(march(12, 10, 0)), None),
            // One with a time, resolved early, for comparison.
            (
                timed(march(12, 11, 0))
                    .hand_over(march(12, 11, 1))
                    .resolve(march(13, 9, 0)),
                None,
            ),
        ],
    );
    let body = report(&desk.app, &desk.admin, &format!("{PERIOD}&unit=99001")).await;
    let t = &body["total"];
    assert_eq!(
        (
            t["resolved_total"].as_u64(),
            t["resolved_early"].as_u64(),
            t["resolved_on_time"].as_u64(),
            t["resolved_no_deadline"].as_u64()
        ),
        (Some(2), Some(1), Some(0), Some(1)),
        "{t}"
    );
    assert_eq!(
        (
            t["in_progress_total"].as_u64(),
            t["in_progress_on_time"].as_u64(),
            t["in_progress_no_deadline"].as_u64()
        ),
        (Some(1), Some(0), Some(1))
    );
    // The rate judges only what had a due date.
    assert_eq!(t["on_time_rate"], 1.0);

    // The raw aggregation agrees, and a rebuild of the tallies gives the same report.
    let mut conn = desk.app.db.connect();
    let unit_ids = motcua::db::units::subtree_ids(&mut conn, "99001").unwrap();
    let raw = motcua::db::reports::raw_by_field(
        &mut conn,
        &unit_ids,
        NaiveDate::from_ymd_opt(2025, 3, 11).unwrap(),
        NaiveDate::from_ymd_opt(2025, 3, 21).unwrap(),
    )
    .unwrap();
    assert_eq!(
        (
            raw[0].resolved_no_deadline,
            raw[0].in_progress_no_deadline,
            raw[0].resolved_on_time,
            raw[0].resolved_early
        ),
        (1, 1, 0, 1)
    );
    motcua::db::write_transaction(&mut conn, |c| {
        motcua::db::reports::rebuild(c, &Calendar::vn_default(), |_| {})
    })
    .unwrap();
    assert_eq!(
        report(&desk.app, &desk.admin, &format!("{PERIOD}&unit=99001")).await,
        body
    );

    // The files show both columns, last.
    let res = desk
        .app
        .get(
            &format!("/api/v1/reports/results?{PERIOD}&unit=99001&format=csv"),
            Some(&desk.admin),
        )
        .await;
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let n = headers.len();
    assert_eq!(&headers[n - 2], "Đã giải quyết, không có thời hạn");
    assert_eq!(&headers[n - 1], "Đang giải quyết, không có thời hạn");
    let total = reader.records().last().unwrap().unwrap();
    assert_eq!((&total[n - 2], &total[n - 1]), ("1", "1"));
}
