use serde_json::json;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn an_admin_creates_lists_and_changes_users() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let created = app
        .call(
            "POST",
            "/api/v1/users",
            Some(&admin),
            Some(json!({"email": "Zhang.Wei@Example.com", "display_name": "张伟", "password": "a long password",
                        "role": "technician", "department": "technical_software", "skills": ["erp", "oracle"]})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["email"], "zhang.wei@example.com");
    assert_eq!(created.body["version"], 1);
    let id = created.body["id"].as_str().unwrap();

    let listed = app
        .call("GET", "/api/v1/users?role=technician", Some(&admin), None)
        .await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["items"][0]["skills"], json!(["erp", "oracle"]));

    let changed = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({"version": 1, "role": "assistant", "department": "service"})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["role"], "assistant");
    assert_eq!(changed.body["version"], 2);
}

#[tokio::test]
async fn a_stale_version_is_refused_with_409_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, id) = app.user_with_role("sales").await;
    let path = format!("/api/v1/users/{id}");
    let first = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "display_name": "first"})),
        )
        .await;
    assert_eq!(first.status, 200);

    let stale = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "display_name": "second"})),
        )
        .await;

    assert_problem(&stale, 409);
    let now = app.call("GET", &path, Some(&admin), None).await;
    assert_eq!(now.body["display_name"], "first");
    assert_eq!(now.body["version"], 2);
}

#[tokio::test]
async fn a_duplicate_email_is_a_409_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let body = json!({"email": "dup@test.local", "display_name": "A", "password": "a long password", "role": "sales", "department": "sales"});
    assert_eq!(
        app.call("POST", "/api/v1/users", Some(&admin), Some(body.clone()))
            .await
            .status,
        201
    );

    let again = app
        .call("POST", "/api/v1/users", Some(&admin), Some(body))
        .await;

    let problem = assert_problem(&again, 409);
    assert!(problem["errors"]["email"].is_array(), "{problem}");
}

#[tokio::test]
async fn only_admins_manage_users() {
    let app = TestApp::spawn().await;
    for role in [
        "manager",
        "account_manager",
        "sales",
        "service",
        "assistant",
        "technician",
        "marketing",
    ] {
        let (token, _) = app.user_with_role(role).await;
        let reply = app.call("GET", "/api/v1/users", Some(&token), None).await;
        assert_problem(&reply, 403);
    }
}

#[tokio::test]
async fn bad_user_input_gets_problems_naming_the_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let cases = [
        (
            json!({"email": "not-an-email", "display_name": "A", "password": "a long password", "role": "sales", "department": "sales"}),
            422,
            "email",
        ),
        (
            json!({"email": "a@b.cn", "display_name": "A", "password": "short", "role": "sales", "department": "sales"}),
            422,
            "password",
        ),
        (
            json!({"email": "a@b.cn", "display_name": "x".repeat(10_000), "password": "a long password", "role": "sales", "department": "sales"}),
            422,
            "display_name",
        ),
        (
            json!({"email": "a@b.cn", "display_name": "A", "password": "a long password", "role": "pope", "department": "sales"}),
            400,
            "role",
        ),
        (
            json!({"email": "a@b.cn", "display_name": "A", "password": "a long password", "role": "sales", "department": "sales", "salary": 1}),
            400,
            "salary",
        ),
        (
            json!({"email": 42, "display_name": "A", "password": "a long password", "role": "sales", "department": "sales"}),
            400,
            "email",
        ),
    ];
    for (body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/users", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        assert!(
            problem["errors"][field].is_array(),
            "expected an error on {field}: {problem}"
        );
    }
    let malformed = app
        .send_raw(
            "POST",
            "/api/v1/users",
            &admin,
            "application/json",
            "{\"email\": ",
        )
        .await;
    assert_problem(&malformed, 400);
    let listed = app.call("GET", "/api/v1/users", Some(&admin), None).await;
    assert_eq!(
        listed.body["total"], 1,
        "only the admin exists: {}",
        listed.body
    );
}

#[tokio::test]
async fn list_limits_above_two_hundred_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let reply = app
        .call("GET", "/api/v1/users?limit=201", Some(&admin), None)
        .await;

    assert!(assert_problem(&reply, 422)["errors"]["limit"].is_array());
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_returns_the_first_result() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let body = json!({"email": "once@test.local", "display_name": "Once", "password": "a long password", "role": "sales", "department": "sales"});
    let send = |body: serde_json::Value| {
        app.client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "create-once-1")
            .json(&body)
            .send()
    };

    let first = send(body.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let second = send(body.clone()).await.unwrap();
    assert_eq!(second.status(), 201);
    assert_eq!(second.headers().get("Idempotent-Replayed").unwrap(), "true");
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(first, second);

    let other = send(json!({"email": "other@test.local", "display_name": "Other", "password": "a long password", "role": "sales", "department": "sales"})).await.unwrap();
    assert_eq!(other.status(), 422);
    let listed = app
        .call("GET", "/api/v1/users?role=sales", Some(&admin), None)
        .await;
    assert_eq!(listed.body["total"], 1);
}
