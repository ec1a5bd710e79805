use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADMIN_PASSWORD, assert_problem, spawn_app, spawn_app_with};

#[actix_web::test]
async fn login_me_logout_round_trip() {
    let app = spawn_app().await;
    let res = app.try_login("Admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64, "256 random bits, hex");
    let expires_at =
        chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap()).unwrap();
    assert!(expires_at > chrono::Utc::now());

    let res = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["user"]["username"], "admin");
    assert_eq!(me["user"]["role"], "admin");
    assert!(me["user"].get("password_hash").is_none());

    let res = app
        .send_json(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[actix_web::test]
async fn tokens_are_stored_only_as_digests() {
    use diesel::prelude::*;
    use motcua::db::schema::sessions;
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let mut conn = app.db.connect();
    let stored: Vec<String> = sessions::table
        .select(sessions::token_hash)
        .load(&mut conn)
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], motcua::domain::credentials::token_digest(&token));
}

#[actix_web::test]
async fn expired_tokens_are_refused() {
    let app = spawn_app_with(|s| s.auth.token_ttl_minutes = 0).await;
    let token = app.admin_token().await;
    let res = app.get("/api/v1/auth/me", Some(&token)).await;
    let body = assert_problem(res, 401, "unauthenticated").await;
    assert!(body["detail"].as_str().unwrap().contains("Bearer"));
}

#[actix_web::test]
async fn missing_malformed_and_unknown_tokens_are_401_with_a_challenge() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/auth/me", None).await;
    assert_eq!(
        res.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    assert_problem(res, 401, "unauthenticated").await;
    let res = app.get("/api/v1/auth/me", Some("not-a-token")).await;
    assert_problem(res, 401, "unauthenticated").await;
    let res = app
        .request(Method::GET, "/api/v1/auth/me")
        .header("authorization", "Basic YWRtaW46eA==")
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthenticated").await;
}

#[actix_web::test]
async fn wrong_password_and_unknown_user_answer_alike() {
    let app = spawn_app().await;
    let wrong = app.try_login("admin", "nope-nope-nope").await;
    let wrong = assert_problem(wrong, 401, "invalid_credentials").await;
    let unknown = app.try_login("ghost", "nope-nope-nope").await;
    let unknown = assert_problem(unknown, 401, "invalid_credentials").await;
    assert_eq!(wrong, unknown);
}

#[actix_web::test]
async fn repeated_failures_from_one_address_close_the_username_to_it_even_for_the_right_password() {
    let app = spawn_app_with(|s| {
        s.auth.max_failures_per_username = 3;
        s.auth.max_failures_per_address = 100;
    })
    .await;
    for _ in 0..3 {
        let res = app.try_login("admin", "wrong-password").await;
        assert_problem(res, 401, "invalid_credentials").await;
    }
    let res = app.try_login("ADMIN", ADMIN_PASSWORD).await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn repeated_failures_from_one_address_are_throttled_across_usernames() {
    let app = spawn_app_with(|s| {
        s.auth.max_failures_per_username = 100;
        s.auth.max_failures_per_address = 4;
    })
    .await;
    for i in 0..4 {
        let res = app.try_login(&format!("user{i}"), "wrong-password").await;
        assert_problem(res, 401, "invalid_credentials").await;
    }
    let res = app.try_login("admin", ADMIN_PASSWORD).await;
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn throttling_state_lives_in_the_database() {
    // A second server on the same database sees the first one's failures.
    let app = spawn_app_with(|s| s.auth.max_failures_per_username = 2).await;
    for _ in 0..2 {
        app.try_login("admin", "wrong-password").await;
    }
    let mut settings = crate::helpers::test_settings(&app.db);
    settings.auth.max_failures_per_username = 2;
    let second = motcua::startup::Application::build(settings).await.unwrap();
    let address = format!("http://127.0.0.1:{}", second.port());
    actix_web::rt::spawn(second.run_until_stopped());
    let res = app
        .client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn a_successful_login_clears_the_username_failures() {
    let app = spawn_app_with(|s| s.auth.max_failures_per_username = 3).await;
    for _ in 0..2 {
        app.try_login("admin", "wrong-password").await;
    }
    app.admin_token().await;
    for _ in 0..2 {
        app.try_login("admin", "wrong-password").await;
    }
    app.admin_token().await;
}

#[actix_web::test]
async fn login_validates_its_fields() {
    let app = spawn_app().await;
    let res = app.try_login("", "").await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["password", "username"]);
    assert_eq!(body["errors"][0]["rule"], "length");
}

#[actix_web::test]
async fn a_parallel_burst_of_wrong_passwords_gets_no_more_tries_than_the_limit() {
    let app = spawn_app_with(|s| {
        s.auth.max_failures_per_username = 5;
        s.auth.max_failures_per_address = 100;
    })
    .await;
    let burst = (0..20).map(|_| app.try_login("admin", "wrong-password"));
    let statuses: Vec<u16> = futures_util::future::join_all(burst)
        .await
        .iter()
        .map(|res| res.status().as_u16())
        .collect();
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((evaluated, refused), (5, 15), "{statuses:?}");
    // The right password is refused too until the window passes.
    let res = app.try_login("admin", ADMIN_PASSWORD).await;
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn a_parallel_burst_from_one_address_gets_no_more_tries_than_the_limit() {
    let app = spawn_app_with(|s| {
        s.auth.max_failures_per_username = 100;
        s.auth.max_failures_per_address = 4;
    })
    .await;
    let names: Vec<String> = (0..20).map(|i| format!("user{i}")).collect();
    let burst = names
        .iter()
        .map(|name| app.try_login(name, "wrong-password"));
    let statuses: Vec<u16> = futures_util::future::join_all(burst)
        .await
        .iter()
        .map(|res| res.status().as_u16())
        .collect();
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(evaluated, 4, "{statuses:?}");
    assert_eq!(statuses.len() - evaluated, 16, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
}

async fn login_from(app: &crate::helpers::TestApp, address: &str, password: &str) -> u16 {
    app.request(Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-for", address)
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[actix_web::test]
async fn strangers_guessing_from_many_addresses_cannot_lock_the_owner_out() {
    let app = spawn_app_with(|s| {
        s.auth.trust_forwarded_headers = true;
        s.auth.max_failures_per_username = 5;
        s.auth.max_failures_per_username_overall = 8;
        s.auth.failing_after = 3;
    })
    .await;
    // Four addresses guess five times each: the username's overall limit (8) fills.
    let mut statuses = Vec::new();
    for n in 1..=4 {
        for _ in 0..5 {
            statuses.push(login_from(&app, &format!("198.51.100.{n}"), "wrong-password").await);
        }
    }
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    // Each address gets its first `failing_after` guesses, and the first fill the bucket.
    assert!(evaluated <= 8 + 3 * 3, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // A failing address is refused even with the right password.
    assert_eq!(login_from(&app, "198.51.100.1", ADMIN_PASSWORD).await, 429);
    // The owner's clean address signs in.
    assert_eq!(login_from(&app, "203.0.113.9", ADMIN_PASSWORD).await, 200);
    // A new stranger gets at most `failing_after` guesses before being refused.
    let mut fresh = Vec::new();
    for _ in 0..5 {
        fresh.push(login_from(&app, "198.51.100.77", "wrong-password").await);
    }
    assert_eq!(fresh, vec![401, 401, 401, 429, 429], "{fresh:?}");
}
