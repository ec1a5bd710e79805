//! The official's pages over the demo district: the dashboard's and the reports pages'
//! figures equal the JSON reports' for the same query (read back from the HTML tables), the
//! period pickers, as it was and rolled up, the downloads (CSV parsed, the workbooks read
//! back with their print setup), the official form of the reform progress, and who may open
//! them. The downloads are in `dashboard_downloads`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, generate_demo, spawn_app};
use crate::staff_pages::Session;

/// The demo district with applications over the year up to today, an official of `980` (its
/// session and API token) and the first office's code.
pub struct Demo {
    pub app: TestApp,
    pub admin: String,
    pub token: String,
    pub official: Session,
    pub office: String,
}

pub async fn demo() -> Demo {
    let app = spawn_app().await;
    {
        let mut conn = app.db.connect();
        generate_demo(&mut conn, 400, 5, motcua::domain::today());
    }
    let admin = app.admin_token().await;
    let token = app
        .staff(&admin, "lanhdao", "official", None, Some("980"))
        .await;
    let official = Session::sign_in(&app, "lanhdao", "lanhdao-password").await;
    let today = motcua::domain::today();
    let offices: Value = json(
        &app,
        &token,
        &format!(
            "/api/v1/reports/results?from={}-01-01&to={today}&group_by=office",
            today.year() - 1
        ),
    )
    .await;
    let office = offices["lines"][0]["code"].as_str().unwrap().to_owned();
    Demo {
        app,
        admin,
        token,
        official,
        office,
    }
}

pub async fn json(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

/// A page's raw bytes and content type, with the session's cookie.
pub async fn download(app: &TestApp, session: &Session, path: &str) -> (String, Vec<u8>) {
    let res = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header(
            "cookie",
            format!("staff={}", session.cookie("staff").unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    (kind, res.bytes().await.unwrap().to_vec())
}

/// `1.234` → 1234.
pub fn number(text: &str) -> u64 {
    text.trim()
        .replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("a number: {text:?}"))
}

/// The cells marked `data-col` of every row marked `data-code` in the table with `id`:
/// code → column → text.
fn table(html: &str, id: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("table {id}"));
    let end = start + html[start..].find("</table>").unwrap();
    let mut rows = BTreeMap::new();
    for chunk in html[start..end].split("<tr data-code=\"").skip(1) {
        let code = chunk.split('"').next().unwrap().to_owned();
        let mut cells = BTreeMap::new();
        for cell in chunk.split("data-col=\"").skip(1) {
            let key = cell.split('"').next().unwrap().to_owned();
            let text = cell.split('>').nth(1).unwrap().split('<').next().unwrap();
            cells.insert(key, text.to_owned());
        }
        rows.insert(code, cells);
    }
    rows
}

const COLUMNS: [&str; 15] = [
    "received_total",
    "carried_over",
    "new_online",
    "new_in_person",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_no_deadline",
    "in_progress_total",
    "in_progress_on_time",
    "in_progress_overdue",
    "in_progress_no_deadline",
    "withdrawn",
    "stopped",
];

/// Every line and the total of the page's table equal the JSON report's.
fn assert_same(what: &str, page: &str, report: &Value) {
    let rows = table(page, "results-lines");
    let lines = report["lines"].as_array().unwrap();
    assert_eq!(rows.len(), lines.len() + 1, "{what}: lines and the total");
    let mut received = 0;
    for (code, counts) in lines
        .iter()
        .map(|l| (l["code"].as_str().unwrap(), l))
        .chain([("total", &report["total"])])
    {
        let row = rows
            .get(code)
            .unwrap_or_else(|| panic!("{what}: row {code}"));
        for key in COLUMNS {
            assert_eq!(
                number(&row[key]),
                counts[key].as_u64().unwrap(),
                "{what}: {code} {key}"
            );
        }
        if code != "total" {
            received += number(&row["received_total"]);
        }
    }
    assert_eq!(
        received,
        report["total"]["received_total"].as_u64().unwrap(),
        "{what}"
    );
}

fn quarter_of(month: u32) -> u32 {
    (month - 1) / 3 + 1
}

#[actix_web::test]
async fn the_results_page_shows_the_json_report_for_every_picker() {
    let mut d = demo().await;
    let today = motcua::domain::today();
    let last_month = today.with_day(1).unwrap().pred_opt().unwrap();
    let q = quarter_of(last_month.month());
    let quarter_from = NaiveDate::from_ymd_opt(last_month.year(), 3 * q - 2, 1).unwrap();
    let quarter_to = (quarter_from + chrono::Months::new(3)).pred_opt().unwrap();
    let month_to = last_month;
    let month_from = last_month.with_day(1).unwrap();
    let year = last_month.year();
    let cases = [
        (
            format!("period=year&year={year}"),
            format!("from={year}-01-01&to={year}-12-31"),
        ),
        (
            format!("period=quarter&year={}&quarter={q}", quarter_from.year()),
            format!("from={quarter_from}&to={quarter_to}"),
        ),
        (
            format!(
                "period=month&year={}&month={}",
                month_from.year(),
                month_from.month()
            ),
            format!("from={month_from}&to={month_to}"),
        ),
    ];
    let mut rolled_lines = 0;
    for (picker, period) in &cases {
        for group_by in ["field", "office", "procedure", "unit"] {
            for view in ["as_it_was", "rolled_up"] {
                let page = d
                    .official
                    .get(&format!(
                        "/staff/reports/results?{picker}&group_by={group_by}&view={view}"
                    ))
                    .await;
                assert_eq!(page.status, StatusCode::OK, "{picker} {group_by} {view}");
                let report = json(
                    &d.app,
                    &d.token,
                    &format!("/api/v1/reports/results?{period}&group_by={group_by}&view={view}"),
                )
                .await;
                assert!(!report["lines"].as_array().unwrap().is_empty());
                assert_same(&format!("{picker} {group_by} {view}"), &page.html, &report);
                if view == "rolled_up" && group_by == "unit" {
                    rolled_lines += report["lines"].as_array().unwrap().len();
                }
            }
        }
    }
    assert!(rolled_lines > 0);

    // The charts' data tables: by office (the on-time rate), each month, by field.
    let (picker, period) = &cases[0];
    let page = d
        .official
        .get(&format!("/staff/reports/results?{picker}"))
        .await;
    for id in ["chart-office-svg", "chart-months-svg", "chart-fields-svg"] {
        let at = page.html.find(&format!("id=\"{id}\"")).expect(id);
        let tag = &page.html[page.html[..at].rfind('<').unwrap()..at];
        assert!(tag.starts_with("<svg"), "{id}");
        assert!(page.html[at..].find("role=\"img\"").unwrap() < 200, "{id}");
        assert!(page.html.contains(&format!("id=\"{id}-title\"")), "{id}");
        assert!(page.html.contains(&format!("id=\"{id}-desc\"")), "{id}");
    }
    let by_office = json(
        &d.app,
        &d.token,
        &format!("/api/v1/reports/results?{period}&group_by=office"),
    )
    .await;
    for line in by_office["lines"].as_array().unwrap() {
        let code = line["code"].as_str().unwrap();
        assert!(
            page.html.contains(&format!(
                "<tr data-code=\"{code}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
                line["name"].as_str().unwrap(),
                line["resolved_early"].as_u64().unwrap()
                    + line["resolved_on_time"].as_u64().unwrap()
            )),
            "the office chart's table: {code}"
        );
    }
    let month = json(
        &d.app,
        &d.token,
        &format!("/api/v1/reports/results?from={month_from}&to={month_to}"),
    )
    .await;
    let t = &month["total"];
    let row = format!(
        "<th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        month_from.format("%m/%Y"),
        grouped(t["new_online"].as_u64().unwrap() + t["new_in_person"].as_u64().unwrap()),
        grouped(t["resolved_total"].as_u64().unwrap())
    );
    assert!(page.html.contains(&row), "the months' table: {row}");

    // The Decision 766 indicators, with their formulas and the figures.
    let index = json(
        &d.app,
        &d.token,
        &format!("/api/v1/reports/index-766?unit=980&{period}"),
    )
    .await;
    let start = page.html.find("id=\"indicators\"").expect("the indicators");
    for i in index["indicators"].as_array().unwrap() {
        let key = i["key"].as_str().unwrap();
        let at = start
            + page.html[start..]
                .find(&format!("data-key=\"{key}\""))
                .expect(key);
        let row = &page.html[at..at + page.html[at..].find("</tr>").unwrap()];
        assert!(row.contains(i["formula"].as_str().unwrap()), "{key}");
        assert!(
            row.contains(&format!(
                "data-col=\"numerator\">{}<",
                i["numerator"].as_u64().unwrap()
            )),
            "{key}: {row}"
        );
        assert!(
            row.contains(&format!(
                "data-col=\"denominator\">{}<",
                i["denominator"].as_u64().unwrap()
            )),
            "{key}: {row}"
        );
    }

    // A wrong picker is the form again, with the error linked to its field.
    let page = d
        .official
        .get("/staff/reports/results?period=year&year=19x5")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("error-summary"));
    assert!(page.html.contains("href=\"#year\""));
    let page = d.official.get("/staff/reports/results?unit=999999").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("href=\"#unit\""));
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[actix_web::test]
async fn the_dashboard_shows_this_months_figures_of_the_json_report() {
    let mut d = demo().await;
    let today = motcua::domain::today();
    let from = today.with_day(1).unwrap();
    let report = json(
        &d.app,
        &d.token,
        &format!("/api/v1/reports/results?from={from}&to={today}&group_by=office"),
    )
    .await;
    let page = d.official.get("/staff/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    let t = &report["total"];
    let n = |c: &Value, k: &str| c[k].as_u64().unwrap();
    let panel = |id: &str| {
        let at = page.html.find(&format!("id=\"{id}\"")).expect(id);
        let value = &page.html[at..];
        let value = &value[value.find("figure-value\">").unwrap() + 14..];
        value[..value.find('<').unwrap()].to_owned()
    };
    assert_eq!(
        number(&panel("fig-received")),
        n(t, "new_online") + n(t, "new_in_person")
    );
    assert_eq!(number(&panel("fig-resolved")), n(t, "resolved_total"));
    assert_eq!(number(&panel("fig-overdue")), n(t, "in_progress_overdue"));
    let good = n(t, "resolved_early") + n(t, "resolved_on_time");
    let all = n(t, "resolved_total") - n(t, "resolved_no_deadline");
    assert!(page.html.contains(&format!(
        "{} trên {} hồ sơ có thời hạn",
        grouped(good),
        grouped(all)
    )));
    // Overdue now: the JSON's in progress and overdue for the month so far, which is
    // every application open and overdue today.
    assert!(
        n(t, "in_progress_total") > 0,
        "the demo has open applications"
    );
    let rows = table(&page.html, "by-office");
    assert!(rows.len() >= 2, "offices and the total");
    let lines = report["lines"].as_array().unwrap();
    assert_eq!(rows.len(), lines.len() + 1);
    for line in lines {
        let code = line["code"].as_str().unwrap();
        assert!(rows.contains_key(code), "{code}");
    }
    // Each figure links to its report.
    assert!(page.html.contains(&format!(
        "href=\"/staff/reports/results?period=month&amp;year={}&amp;month={}",
        today.year(),
        today.month()
    )));
}

#[actix_web::test]
async fn the_progress_page_reads_like_the_bulletin_and_equals_the_json_report() {
    let mut d = demo().await;
    for (date, desks) in [("2020-01-31", "21/21"), ("2020-02-01", "18/18")] {
        let page = d
            .official
            .get(&format!("/staff/reports/progress?date={date}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let report = json(
            &d.app,
            &d.token,
            &format!("/api/v1/reports/reform-progress?unit=980&date={date}"),
        )
        .await;
        assert!(
            page.html.contains(&format!(
                "{desks} xã, phường, thị trấn có Bộ phận một cửa hoạt động"
            )),
            "{date}"
        );
        let start = page.html.find("id=\"progress-lines\"").unwrap();
        for line in report["lines"].as_array().unwrap() {
            let key = line["key"].as_str().unwrap();
            let at = start
                + page.html[start..]
                    .find(&format!("data-key=\"{key}\""))
                    .expect(key);
            let row = &page.html[at..at + page.html[at..].find("</tr>").unwrap()];
            assert!(
                row.contains(&format!(
                    "<td class=\"num\">{}</td>",
                    line["value"].as_str().unwrap()
                )),
                "{date} {key}: {row}"
            );
        }
        let o = &report["online_levels"];
        assert!(page.html.contains(&format!(
            "còn lại {} không trực tuyến và {} chưa phân loại",
            o["none"], o["not_classified"]
        )));
    }
    // The print page: the official layout.
    let page = d
        .official
        .get("/staff/reports/progress/print?date=2020-02-01")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO TIẾN ĐỘ CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "Số liệu tính đến ngày 01/02/2020",
        "NGƯỜI LẬP BIỂU",
        "(Ký tên, đóng dấu)",
        ", ngày ",
        "/staff/reports/form.css?page=portrait",
    ] {
        assert!(page.html.contains(text), "{text}");
    }
    let report = json(
        &d.app,
        &d.token,
        "/api/v1/reports/reform-progress?unit=980&date=2020-02-01",
    )
    .await;
    let name = report["unit"]["name"].as_str().unwrap();
    assert!(page.html.contains(&name.to_uppercase()), "the issuing unit");
    assert!(page.html.contains(&format!("Đơn vị báo cáo: {name}")));
    // A wrong date is the form with its error.
    let page = d
        .official
        .get("/staff/reports/progress?date=2020-13-01")
        .await;
    assert!(page.html.contains("href=\"#date\""));
    // An administrator names the unit.
    let mut admin = Session::admin(&d.app).await;
    let page = admin
        .get("/staff/reports/progress?date=2020-02-01&unit=980")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("18/18"));
}

#[actix_web::test]
async fn only_officials_and_administrators_may_open_them() {
    let d = demo().await;
    let pages = [
        "/staff/dashboard",
        "/staff/reports/results",
        "/staff/reports/results/print",
        "/staff/reports/progress",
        "/staff/reports/progress/print?date=2020-02-01",
    ];
    for role in ["clerk", "specialist"] {
        d.app
            .staff(&d.admin, role, role, Some(&d.office), None)
            .await;
        let mut session = Session::sign_in(&d.app, role, &format!("{role}-password")).await;
        for path in pages {
            let page = session.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} {path}");
            assert!(page.html.contains("<html"), "the site's page");
        }
    }
    let mut anonymous = Session::anonymous(&d.app);
    for path in pages {
        let page = anonymous.get(path).await;
        page.assert_redirect("/staff/sign-in");
        let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        assert_eq!(
            page.location.unwrap(),
            format!("/staff/sign-in?next={next}")
        );
    }
    // An official of a commune may not see the district.
    let commune: Value = json(
        &d.app,
        &d.token,
        &format!(
            "/api/v1/reports/results?from=2020-01-01&to={}&group_by=unit",
            motcua::domain::today()
        ),
    )
    .await;
    let commune = commune["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap().to_owned())
        .find(|c| c != "980")
        .unwrap();
    d.app
        .staff(&d.admin, "lanhdaoxa", "official", None, Some(&commune))
        .await;
    let mut session = Session::sign_in(&d.app, "lanhdaoxa", "lanhdaoxa-password").await;
    let page = session.get("/staff/reports/results?unit=980").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = session.get("/staff/reports/results").await;
    assert_eq!(page.status, StatusCode::OK);
}
