use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, assert_problem};

#[tokio::test]
async fn the_first_admin_logs_in_and_gets_a_bearer_pair() {
    let app = TestApp::spawn().await;

    let reply = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;

    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["expires_in"], 900);
    assert!(reply.body["refresh_token"].as_str().unwrap().len() >= 32);
    let me = app
        .call(
            "GET",
            "/api/v1/auth/me",
            reply.body["access_token"].as_str(),
            None,
        )
        .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["email"], ADMIN_EMAIL);
    assert_eq!(me.body["role"], "admin");
    assert!(me.body.get("password_hash").is_none());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;

    let wrong_password = app.login(ADMIN_EMAIL, "not the password").await;
    let unknown_email = app.login("nobody@test.local", ADMIN_PASSWORD).await;

    assert_problem(&wrong_password, 401);
    assert_problem(&unknown_email, 401);
    assert_eq!(wrong_password.body["detail"], unknown_email.body["detail"]);
}

#[tokio::test]
async fn requests_without_or_with_a_bad_token_get_401() {
    let app = TestApp::spawn().await;

    let missing = app.call("GET", "/api/v1/users", None, None).await;
    let garbage = app
        .call("GET", "/api/v1/users", Some("not-a-jwt"), None)
        .await;

    assert_problem(&missing, 401);
    assert_problem(&garbage, 401);
}

#[tokio::test]
async fn an_access_token_expires_after_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;

    app.clock
        .advance(TimeDelta::minutes(15) + TimeDelta::seconds(1));
    let reply = app.call("GET", "/api/v1/auth/me", Some(&token), None).await;

    assert_problem(&reply, 401);
}

#[tokio::test]
async fn refresh_rotates_the_token_and_a_reused_one_revokes_the_whole_login() {
    let app = TestApp::spawn().await;
    let first = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.body["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let rotated = app
        .call(
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": first})),
        )
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let second = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);

    let reused = app
        .call(
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": first})),
        )
        .await;
    assert_problem(&reused, 401);
    let after_reuse = app
        .call(
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": second})),
        )
        .await;
    assert_problem(&after_reuse, 401);
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let refresh = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.body["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let logout = app
        .call(
            "POST",
            "/api/v1/auth/logout",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_eq!(logout.status, 204);

    let reply = app
        .call(
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_problem(&reply, 401);
}

#[tokio::test]
async fn a_deactivated_user_can_no_longer_log_in_or_refresh() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, id) = app.user_with_role("service").await;
    let user = app
        .call("GET", &format!("/api/v1/users/{id}"), Some(&admin), None)
        .await;
    let email = user.body["email"].as_str().unwrap().to_owned();
    let refresh = app.login(&email, "a long password").await.body["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let deactivated = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({"version": 1, "active": false})),
        )
        .await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);

    assert_problem(&app.login(&email, "a long password").await, 401);
    let refreshed = app
        .call(
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_problem(&refreshed, 401);
}
