use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

fn new_clerk(username: &str, office: &str) -> Value {
    json!({
        "username": username,
        "display_name": "Nguyễn Thị Thu",
        "password": "mật-khẩu-đủ-dài",
        "role": "clerk",
        "office_code": office,
    })
}

#[actix_web::test]
async fn admins_create_read_and_list_accounts() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("000.00.15.H12", "00004");
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            &new_clerk("Thu.NT", &office),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["location"], "/api/v1/users/thu.nt");
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["username"], "thu.nt");
    assert_eq!(created["display_name"], "Nguyễn Thị Thu");
    assert_eq!(created["role"], "clerk");
    assert_eq!(created["office_code"], "000.00.15.H12");
    assert_eq!(created["version"], 1);
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());

    let res = app.get("/api/v1/users/THU.NT", Some(&admin)).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    let read: Value = res.json().await.unwrap();
    assert_eq!(read, created);

    // The new account signs in with its password.
    app.login("thu.nt", "mật-khẩu-đủ-dài").await;

    let list: Value = app
        .get("/api/v1/users", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["admin", "thu.nt"]);
    assert_eq!(list["next_cursor"], Value::Null);

    let clerks: Value = app
        .get("/api/v1/users?role=clerk", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(clerks["total"], 1);
}

#[actix_web::test]
async fn the_list_pages_with_a_cursor() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    for name in ["can.bo.a", "can.bo.b", "can.bo.c"] {
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/users",
                Some(&admin),
                &new_clerk(name, &office),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=2".to_owned();
    loop {
        let page: Value = app.get(&path, Some(&admin)).await.json().await.unwrap();
        assert_eq!(page["total"], 4);
        for u in page["items"].as_array().unwrap() {
            seen.push(u["username"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/users?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, vec!["admin", "can.bo.a", "can.bo.b", "can.bo.c"]);
}

#[actix_web::test]
async fn usernames_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    app.send_json(
        Method::POST,
        "/api/v1/users",
        Some(&admin),
        &new_clerk("tiep.nhan", &office),
    )
    .await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            &new_clerk("Tiep.Nhan", &office),
        )
        .await;
    assert_problem(res, 409, "username_taken").await;
}

#[actix_web::test]
async fn validation_names_every_field_and_rule() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let res = app
        .request(Method::POST, "/api/v1/users")
        .bearer_auth(&admin)
        .header("accept-language", "en")
        .json(
            &json!({"username": "Nguyễn", "display_name": "", "password": "short", "role": "root"}),
        )
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 422, "validation_failed").await;
    let got: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("display_name", "length"),
        ("password", "length"),
        ("role", "one_of"),
        ("username", "username"),
    ];
    assert_eq!(
        got,
        expected.map(|(f, r)| (f.to_owned(), r.to_owned())).to_vec()
    );
    assert_eq!(
        body["errors"][1]["message"],
        "must be between 10 and 256 characters long"
    );
}

#[actix_web::test]
async fn roles_need_the_right_binding() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    let cases = [
        (json!({"role": "clerk"}), "office_code", "required"),
        (json!({"role": "official"}), "unit_code", "required"),
        (
            json!({"role": "admin", "office_code": office}),
            "office_code",
            "not_allowed",
        ),
        (
            json!({"role": "clerk", "office_code": "H99.99"}),
            "office_code",
            "exists",
        ),
        (
            json!({"role": "official", "unit_code": "99999"}),
            "unit_code",
            "exists",
        ),
    ];
    for (i, (binding, field, rule)) in cases.into_iter().enumerate() {
        let mut body = json!({"username": format!("user{i}"), "display_name": "A", "password": "long-enough-1"});
        body.as_object_mut()
            .unwrap()
            .extend(binding.as_object().unwrap().clone());
        let res = app
            .send_json(Method::POST, "/api/v1/users", Some(&admin), &body)
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        assert_eq!(problem["errors"][0]["rule"], rule, "{body}");
    }
}

#[actix_web::test]
async fn a_retried_create_returns_the_first_answer_and_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    let send = |body: Value| {
        let request = app
            .request(Method::POST, "/api/v1/users")
            .bearer_auth(&admin)
            .header("idempotency-key", "create-thu-1")
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let first = send(new_clerk("thu.nt", &office)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();

    let again = send(new_clerk("thu.nt", &office)).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"], "/api/v1/users/thu.nt");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first);

    let list: Value = app
        .get("/api/v1/users", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);

    let other = send(new_clerk("someone.else", &office)).await;
    assert_problem(other, 422, "idempotency_key_reused").await;
}

#[actix_web::test]
async fn concurrent_retries_with_one_key_create_one_account() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    let body = new_clerk("dong.thoi", &office);
    let requests = (0..6).map(|_| {
        app.request(Method::POST, "/api/v1/users")
            .bearer_auth(&admin)
            .header("idempotency-key", "same-key")
            .json(&body)
            .send()
    });
    let responses = futures_util::future::join_all(requests).await;
    let mut ids = Vec::new();
    for res in responses {
        let res = res.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

#[actix_web::test]
async fn updates_need_the_current_version() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    app.send_json(
        Method::POST,
        "/api/v1/users",
        Some(&admin),
        &new_clerk("thu.nt", &office),
    )
    .await;

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"display_name": "Thu"}),
        )
        .await;
    assert_problem(res, 428, "precondition_required").await;

    let res = app
        .request(Method::PATCH, "/api/v1/users/thu.nt")
        .bearer_auth(&admin)
        .header("if-match", "\"1\"")
        .json(&json!({"display_name": "Nguyễn Thị Thu (Tổ 1)"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["display_name"], "Nguyễn Thị Thu (Tổ 1)");
    assert_eq!(body["version"], 2);

    let res = app
        .request(Method::PATCH, "/api/v1/users/thu.nt")
        .bearer_auth(&admin)
        .header("if-match", "\"1\"")
        .json(&json!({"display_name": "stale"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 412, "precondition_failed").await;
    assert_eq!(problem["current_version"], 2);

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"display_name": "stale", "version": 1}),
        )
        .await;
    assert_problem(res, 409, "version_conflict").await;

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"display_name": "Thu", "version": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn a_new_password_or_deactivation_signs_the_account_out() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    let clerk = app
        .staff(&admin, "thu.nt", "clerk", Some(&office), None)
        .await;
    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"password": "một-mật-khẩu-mới", "version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(
        app.get("/api/v1/auth/me", Some(&clerk)).await,
        401,
        "unauthenticated",
    )
    .await;
    let clerk = app.login("thu.nt", "một-mật-khẩu-mới").await;

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"active": false, "version": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(
        app.get("/api/v1/auth/me", Some(&clerk)).await,
        401,
        "unauthenticated",
    )
    .await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"username": "thu.nt", "password": "một-mật-khẩu-mới"}),
        )
        .await;
    assert_problem(res, 401, "invalid_credentials").await;
}

#[actix_web::test]
async fn role_changes_take_the_new_binding() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    app.add_office("H56.15", "00007");
    app.send_json(
        Method::POST,
        "/api/v1/users",
        Some(&admin),
        &new_clerk("thu.nt", &office),
    )
    .await;

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"office_code": "H56.15", "version": 1}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["office_code"], "H56.15");
    assert_eq!(body["role"], "clerk");

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"role": "official", "version": 2}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "unit_code");

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/thu.nt",
            Some(&admin),
            &json!({"role": "official", "unit_code": "00007", "version": 2}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["role"], "official");
    assert_eq!(body["unit_code"], "00007");
    assert_eq!(body["office_code"], Value::Null);
}

#[actix_web::test]
async fn the_last_administrator_cannot_be_removed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/admin",
            Some(&admin),
            &json!({"active": false, "version": 1}),
        )
        .await;
    assert_problem(res, 409, "last_admin").await;
    app.staff(&admin, "admin2", "admin", None, None).await;
    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/users/admin",
            Some(&admin),
            &json!({"active": false, "version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
