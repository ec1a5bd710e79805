//! Bulk imports: offices, availability and staff from CSV and XLSX, dry runs, line-numbered
//! errors, idempotent re-imports, one-time passwords.

use chrono::NaiveDate;
use reqwest::StatusCode;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, spawn_app};

const OFFICES: &str = "Mã cơ quan,Tên,Loại,Mã đơn vị hành chính,Ngày khai trương,Ngày đóng cửa,Mã cơ quan cũ,Mã có hiệu lực từ,Địa chỉ,Giờ làm việc
TTPV.24,Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh,province_service_center,24,2025-07-01,,,,Số 10 Lý Thái Tổ,\"07:30-11:30, 13:30-17:00\"
TTPV.24.07210,Trung tâm Phục vụ hành chính công phường Bắc Giang,Trung tâm phục vụ hành chính công cấp xã,07210,01/07/2025,,000.00.21.H06,2025-07-01,,7:30-11:30;13:30-17:00
";

/// Bắc Ninh (from 2025-07-01), one of its wards, and a commune that ended on 2025-06-30.
fn units(app: &TestApp) {
    let mut conn = app.db.connect();
    let now = motcua::db::now();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    for (code, full_name, level, kind, parent, from, to) in [
        (
            "24",
            "Tỉnh Bắc Ninh",
            "province",
            "Tỉnh",
            None,
            "2025-07-01",
            "",
        ),
        (
            "07210",
            "Phường Bắc Giang",
            "commune",
            "Phường",
            Some("24"),
            "2025-07-01",
            "",
        ),
        (
            "07213",
            "Phường Trần Phú",
            "commune",
            "Phường",
            Some("24"),
            "",
            "2025-06-30",
        ),
    ] {
        motcua::db::units::insert(
            &mut conn,
            &motcua::db::units::UnitRow {
                id: uuid::Uuid::new_v4().to_string(),
                code: code.into(),
                name: full_name
                    .split_once(' ')
                    .map_or(full_name, |(_, n)| n)
                    .into(),
                full_name: full_name.into(),
                name_folded: motcua::domain::text::fold(full_name),
                level: level.into(),
                kind: kind.into(),
                parent_code: parent.map(str::to_owned),
                valid_from: day(from),
                valid_to: day(to),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
    }
}

async fn catalog(app: &TestApp, admin: &str) {
    let csv = "ma_thu_tuc,ten_thu_tuc,cap_thuc_hien,linh_vuc,kenh_nop,truc_tuyen,thoi_han,don_vi_thoi_han,phi_le_phi
1.001193,Thủ tục đăng ký khai sinh,Cấp xã,Hộ tịch,Trực tiếp;Trực tuyến,1,1,Ngày làm việc,Miễn phí
1.000894,Thủ tục đăng ký kết hôn,Cấp xã,Hộ tịch,Trực tiếp;Trực tuyến,1,5,Ngày làm việc,Miễn phí
2.000001,Thủ tục cấp giấy phép xây dựng,Cấp tỉnh,Xây dựng,Trực tiếp,0,15,Ngày làm việc,Miễn phí
";
    let res = app
        .request(
            reqwest::Method::POST,
            "/api/v1/procedures/import?effective_from=2025-07-01",
        )
        .bearer_auth(admin)
        .header("Content-Type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
}

async fn post(
    app: &TestApp,
    token: &str,
    kind: &str,
    query: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.request(
        reqwest::Method::POST,
        &format!("/api/v1/imports/{kind}{query}"),
    )
    .bearer_auth(token)
    .header("Content-Type", "application/octet-stream")
    .body(body)
    .send()
    .await
    .unwrap()
}

async fn import(app: &TestApp, token: &str, kind: &str, query: &str, body: Vec<u8>) -> Value {
    let res = post(app, token, kind, query, body).await;
    assert_eq!(res.status(), StatusCode::OK, "{kind}");
    res.json().await.unwrap()
}

fn counts(report: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| report[k].as_u64().unwrap();
    (n("rows"), n("created"), n("updated"), n("unchanged"))
}

/// A workbook whose first sheet holds these rows; cells that look like ISO dates are written
/// as date cells, as a spreadsheet would store them.
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.len() == 10 && NaiveDate::parse_from_str(cell, "%Y-%m-%d").is_ok() {
                let d = ExcelDateTime::parse_from_str(cell).unwrap();
                sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else {
                sheet.write_string(r, c, *cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn as_xlsx(text: &str) -> Vec<u8> {
    let rows = csv_rows(text);
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    xlsx(&slices)
}

#[actix_web::test]
async fn offices_import_from_csv_and_xlsx_with_a_dry_run_and_again_unchanged() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);

    let dry = import(&app, &admin, "offices", "?dry_run=true", OFFICES.into()).await;
    assert_eq!(counts(&dry), (2, 2, 0, 0));
    assert_eq!(dry["dry_run"], true);
    let listed: Value = app.get_json("/api/v1/offices").await;
    assert_eq!(listed["total"], 0, "a dry run writes nothing");

    let done = import(&app, &admin, "offices", "", OFFICES.into()).await;
    assert_eq!(counts(&done), (2, 2, 0, 0));
    let centre: Value = app.get_json("/api/v1/offices/TTPV.24").await;
    assert_eq!(centre["kind"], "province_service_center");
    assert_eq!(centre["address"], "Số 10 Lý Thái Tổ");
    assert_eq!(centre["hours"], "07:30-11:30, 13:30-17:00");
    assert_eq!(centre["opened_on"], "2025-07-01");
    // The ward's desk carries its former agency code until the day before the new one.
    let ward: Value = app.get_json("/api/v1/offices/000.00.21.H06").await;
    assert_eq!(ward["code"], "TTPV.24.07210");
    assert_eq!(ward["kind"], "commune_service_center");
    assert_eq!(ward["hours"], "07:30-11:30, 13:30-17:00");

    let again = import(&app, &admin, "offices", "", OFFICES.into()).await;
    assert_eq!(counts(&again), (2, 0, 0, 2));
    // The same rows as a workbook (dates as date cells) change nothing either.
    let from_xlsx = import(&app, &admin, "offices", "", as_xlsx(OFFICES)).await;
    assert_eq!(counts(&from_xlsx), (2, 0, 0, 2));
    let version: Value = app.get_json("/api/v1/offices/TTPV.24").await;
    assert_eq!(version["version"], centre["version"]);

    // A changed row updates its office; a new one in XLSX is created.
    let changed = as_xlsx(
        &OFFICES
            .replace("Số 10 Lý Thái Tổ", "Số 12 Lý Thái Tổ")
            .replace(
                "TTPV.24.07210,Trung tâm Phục vụ hành chính công phường Bắc Giang",
                "TTPV.24.07210,Trung tâm Phục vụ hành chính công phường Bắc Giang (cơ sở 2)",
            ),
    );
    let updated = import(&app, &admin, "offices", "", changed).await;
    assert_eq!(counts(&updated), (2, 0, 2, 0));
    let centre: Value = app.get_json("/api/v1/offices/TTPV.24").await;
    assert_eq!(centre["address"], "Số 12 Lý Thái Tổ");
}

#[actix_web::test]
async fn bad_lines_are_reported_by_number_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);
    let file = format!(
        "{OFFICES}TTPV.X,Chợ,chợ,07210,2025-07-01,,,,,\nTTPV.Y,Bộ phận,commune_reception,99999,2025-07-01,,,,,sáng\nTTPV.24,Trùng,province_service_center,24,2025-07-01,,,,,\n"
    );
    for body in [file.clone().into_bytes(), as_xlsx(&file)] {
        let problem = assert_problem(
            post(&app, &admin, "offices", "", body).await,
            422,
            "import_rejected",
        )
        .await;
        let errors: Vec<(u64, &str)> = problem["report"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["line"].as_u64().unwrap(),
                    e["column"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            errors,
            [(4, "loai"), (5, "gio_lam_viec"), (6, "ma_co_quan")],
            "{problem}"
        );
        let listed: Value = app.get_json("/api/v1/offices").await;
        assert_eq!(listed["total"], 0, "nothing is written");
    }
    // The unit is checked once the row itself is sound.
    let unknown_unit = format!("{OFFICES}TTPV.Y,Bộ phận,commune_reception,99999,2025-07-01,,,,,\n");
    let problem = assert_problem(
        post(&app, &admin, "offices", "", unknown_unit.into_bytes()).await,
        422,
        "import_rejected",
    )
    .await;
    assert_eq!(problem["report"]["errors"][0]["line"], 4);
    assert_eq!(problem["report"]["errors"][0]["column"], "ma_don_vi");
    // A missing column is line 1; an unknown import is 404; only administrators import.
    let problem = assert_problem(
        post(
            &app,
            &admin,
            "offices",
            "",
            b"ma_co_quan,ten\nA.1,B\n".to_vec(),
        )
        .await,
        422,
        "import_rejected",
    )
    .await;
    assert_eq!(problem["report"]["errors"][0]["line"], 1);
    assert_problem(
        post(&app, &admin, "fields", "", OFFICES.into()).await,
        404,
        "not_found",
    )
    .await;
    import(&app, &admin, "offices", "", OFFICES.into()).await;
    let clerk = app
        .staff(&admin, "mc.bacgiang", "clerk", Some("TTPV.24.07210"), None)
        .await;
    assert_problem(
        post(&app, &clerk, "offices", "", OFFICES.into()).await,
        403,
        "forbidden",
    )
    .await;
}

#[actix_web::test]
async fn an_office_of_an_ended_unit_is_accepted_at_its_opening_date_only() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);
    let header = OFFICES.lines().next().unwrap();
    // 07213 ended on 2025-06-30: a desk opened in 2019 belonged to it.
    let past = format!(
        "{header}\nBP.07213,Bộ phận một cửa phường Trần Phú,commune_reception,07213,2019-03-01,2025-06-30,,,,\n"
    );
    let done = import(&app, &admin, "offices", "", past.into_bytes()).await;
    assert_eq!(counts(&done), (1, 1, 0, 0));
    let office: Value = app.get_json("/api/v1/offices/BP.07213").await;
    assert_eq!(office["unit_code"], "07213");
    // Opened after the unit ended, or before the ward began: refused.
    for (line, unit) in [
        (
            "BP.LATE,Bộ phận,commune_reception,07213,2025-08-01,,,,,",
            "07213",
        ),
        (
            "BP.EARLY,Bộ phận,commune_reception,07210,2024-01-01,,,,,",
            "07210",
        ),
    ] {
        let problem = assert_problem(
            post(
                &app,
                &admin,
                "offices",
                "",
                format!("{header}\n{line}\n").into_bytes(),
            )
            .await,
            422,
            "import_rejected",
        )
        .await;
        let error = &problem["report"]["errors"][0];
        assert_eq!(
            (error["line"].as_u64(), error["column"].as_str()),
            (Some(2), Some("ma_don_vi"))
        );
        assert!(
            error["message_en"].as_str().unwrap().contains(unit),
            "{error}"
        );
    }
}

#[actix_web::test]
async fn availability_imports_from_csv_and_xlsx_and_again_unchanged() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);
    catalog(&app, &admin).await;
    import(&app, &admin, "offices", "", OFFICES.into()).await;
    let file = "Mã cơ quan,Mã thủ tục,Từ ngày,Đến ngày,Mức độ trực tuyến,Mức độ (cũ),Niêm yết
TTPV.24.07210,1.001193,2025-07-01,,toàn trình,4,có
TTPV.24.07210,1.000894,2025-07-01,,một phần,,
TTPV.24,2.000001,2025-07-01,2030-12-31,none,2,không
";
    let dry = import(&app, &admin, "availability", "?dry_run=true", file.into()).await;
    assert_eq!(counts(&dry), (3, 3, 0, 0));
    let none: Value = app
        .get_json("/api/v1/offices/TTPV.24.07210/procedures")
        .await;
    assert_eq!(
        none["items"].as_array().unwrap().len(),
        0,
        "a dry run writes nothing"
    );

    let done = import(&app, &admin, "availability", "", file.into()).await;
    assert_eq!(counts(&done), (3, 3, 0, 0));
    let ward: Value = app
        .get_json("/api/v1/offices/TTPV.24.07210/procedures")
        .await;
    let items = ward["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["procedure_code"], "1.001193");
    assert_eq!(items[1]["online_level"], "full");
    assert_eq!(items[1]["legacy_level"], 4);
    assert_eq!(
        items[1]["posted"], true,
        "posted unless the row says otherwise"
    );
    assert_eq!(items[0]["online_level"], "partial");
    let centre: Value = app.get_json("/api/v1/offices/TTPV.24/procedures").await;
    assert_eq!(centre["items"][0]["posted"], false);
    assert_eq!(centre["items"][0]["available_to"], "2030-12-31");

    let again = import(&app, &admin, "availability", "", file.into()).await;
    assert_eq!(counts(&again), (3, 0, 0, 3));
    let from_xlsx = import(&app, &admin, "availability", "", as_xlsx(file)).await;
    assert_eq!(counts(&from_xlsx), (3, 0, 0, 3));
    let changed = file.replace("một phần,,", "toàn trình,,");
    let updated = import(&app, &admin, "availability", "", as_xlsx(&changed)).await;
    assert_eq!(counts(&updated), (3, 0, 1, 2));

    let bad = format!(
        "{file}TTPV.24,1.999999,2025-07-01,,,,\nTTPV.9,1.001193,2025-07-01,,,,\nTTPV.24,1.001193,hôm nay,,mức 4,7,\n"
    );
    let problem = assert_problem(
        post(&app, &admin, "availability", "", bad.into_bytes()).await,
        422,
        "import_rejected",
    )
    .await;
    let errors: Vec<(u64, &str)> = problem["report"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (5, "ma_thu_tuc"),
            (6, "ma_co_quan"),
            (7, "tu_ngay"),
            (7, "muc_do_truc_tuyen"),
            (7, "muc_do_cu")
        ],
        "{problem}"
    );
}

#[actix_web::test]
async fn staff_get_one_time_passwords_once_and_sign_in_with_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);
    import(&app, &admin, "offices", "", OFFICES.into()).await;
    let file = "Tên đăng nhập,Họ và tên,Vai trò,Mã cơ quan,Mã đơn vị hành chính
mc.bacgiang,Nguyễn Thị Lan,Cán bộ một cửa,TTPV.24.07210,
cv.tinh,Trần Văn Minh,chuyên viên,TTPV.24,
ld.tinh,Lê Văn Hùng,lãnh đạo,,24
";
    let dry = import(&app, &admin, "staff", "?dry_run=true", file.into()).await;
    assert_eq!(counts(&dry), (3, 3, 0, 0));
    assert_eq!(
        dry["passwords"].as_array().unwrap().len(),
        0,
        "no password on a dry run"
    );
    assert_eq!(
        app.try_login("mc.bacgiang", "x").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let done = import(&app, &admin, "staff", "", file.into()).await;
    assert_eq!(counts(&done), (3, 3, 0, 0));
    let passwords = done["passwords"].as_array().unwrap();
    assert_eq!(passwords.len(), 3);
    assert_eq!(passwords[0]["line"], 2);
    assert_eq!(passwords[0]["username"], "mc.bacgiang");
    for p in passwords {
        let token = app
            .login(
                p["username"].as_str().unwrap(),
                p["password"].as_str().unwrap(),
            )
            .await;
        let me = app
            .get("/api/v1/auth/me", Some(&token))
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(me["user"]["password_change_required"], true, "{me}");
    }
    let me: Value = app
        .get("/api/v1/users/ld.tinh", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me["role"].as_str(), me["unit_code"].as_str()),
        (Some("official"), Some("24"))
    );
    // Only the hash is stored.
    {
        use diesel::prelude::*;
        use motcua::db::schema::users;
        let mut conn = app.db.connect();
        let hash: String = users::table
            .filter(users::username.eq("mc.bacgiang"))
            .select(users::password_hash)
            .get_result(&mut conn)
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains(passwords[0]["password"].as_str().unwrap()));
    }

    // Again: nothing changes and no password is given out again.
    let again = import(&app, &admin, "staff", "", as_xlsx(file)).await;
    assert_eq!(counts(&again), (3, 0, 0, 3));
    assert_eq!(again["passwords"].as_array().unwrap().len(), 0);
    // A change of office keeps the password; a new line gets its own.
    let moved = format!(
        "{}mc.tinh,Phạm Thu Hà,clerk,TTPV.24,\n",
        file.replace(
            "cv.tinh,Trần Văn Minh,chuyên viên,TTPV.24,",
            "cv.tinh,Trần Văn Minh,chuyên viên,TTPV.24.07210,"
        )
    );
    let changed = import(&app, &admin, "staff", "", as_xlsx(&moved)).await;
    assert_eq!(counts(&changed), (4, 1, 1, 2));
    assert_eq!(changed["passwords"][0]["username"], "mc.tinh");
    let cv = passwords
        .iter()
        .find(|p| p["username"] == "cv.tinh")
        .unwrap();
    app.login("cv.tinh", cv["password"].as_str().unwrap()).await;

    let bad = "ten_dang_nhap,ho_ten,vai_tro,ma_co_quan,ma_don_vi\nX,Một,clerk,TTPV.24,\nmc.moi,Hai,clerk,,\nmc.khac,Ba,bảo vệ,,\nmc.xa,Bốn,clerk,KHONG.CO,\n";
    let problem = assert_problem(
        post(&app, &admin, "staff", "", bad.into()).await,
        422,
        "import_rejected",
    )
    .await;
    let errors: Vec<(u64, &str)> = problem["report"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (2, "ten_dang_nhap"),
            (3, "ma_co_quan"),
            (4, "vai_tro"),
            (5, "ma_co_quan")
        ],
        "{problem}"
    );
    assert!(
        problem["report"]["passwords"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get("/api/v1/users/mc.xa", Some(&admin)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn templates_name_every_column() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let res = app
        .get("/api/v1/imports/staff/template", Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap(),
        "Tên đăng nhập,Họ và tên,Vai trò,Mã cơ quan,Mã đơn vị hành chính\n"
    );
}

#[actix_web::test]
async fn a_control_character_in_a_workbook_cell_refuses_the_file_on_its_line() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    units(&app);
    let rows = csv_rows(OFFICES);
    let mut refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let named = "Trung tâm\u{0} Phục vụ";
    refs[2][1] = named;
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let res = post(&app, &admin, "offices", "", xlsx(&slices)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "import_rejected", "{body}");
    let errors = body["report"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["line"], 3);
    assert!(
        errors[0]["message_en"]
            .as_str()
            .is_some_and(|m| m == "cell 2 holds the control character U+0000"),
        "{body}"
    );
    let listed: Value = app.get_json("/api/v1/offices").await;
    assert_eq!(listed["total"], 0, "nothing written");
}
