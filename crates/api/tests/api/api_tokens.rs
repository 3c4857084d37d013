use serde_json::json;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn an_api_token_acts_within_its_scopes_and_stops_when_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, service_id) = app.user_with_role("service").await;
    let issued = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&admin),
            Some(json!({"name": "ERP sync", "user_id": service_id, "scopes": ["read_customers"]})),
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.body);
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("rpt_"));

    let read = app
        .call("GET", "/api/v1/customers", Some(&token), None)
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    let write = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(&token),
            Some(
                json!({"name": "x", "stage": "new", "tier": "core", "preferred_channel": "phone"}),
            ),
        )
        .await;
    assert_problem(&write, 403);

    let listed = app
        .call("GET", "/api/v1/api-tokens", Some(&admin), None)
        .await;
    assert!(
        !listed.body.to_string().contains(&token),
        "the secret is shown once only"
    );
    let id = issued.body["id"].as_str().unwrap();
    let revoked = app
        .call(
            "POST",
            &format!("/api/v1/api-tokens/{id}/revoke"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);

    assert_problem(
        &app.call("GET", "/api/v1/customers", Some(&token), None)
            .await,
        401,
    );
}

#[tokio::test]
async fn a_scope_the_users_role_may_not_use_is_refused_at_issue_naming_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, marketing_id) = app.user_with_role("marketing").await;

    let issued = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&admin),
            Some(json!({"name": "survey tool", "user_id": marketing_id, "scopes": ["read_customers", "manage_users"]})),
        )
        .await;

    let problem = assert_problem(&issued, 422);
    let messages = problem["errors"]["scopes"].to_string();
    assert!(messages.contains("manage_users"), "{problem}");
    assert!(!messages.contains("read_customers"), "{problem}");
    let listed = app
        .call("GET", "/api/v1/api-tokens", Some(&admin), None)
        .await;
    assert_eq!(listed.body, json!([]));
}

#[tokio::test]
async fn a_token_never_mints_a_token_with_scopes_it_lacks() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let minting = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&admin),
            Some(json!({"name": "provisioning", "scopes": ["manage_users"]})),
        )
        .await;
    assert_eq!(minting.status, 201, "{}", minting.body);
    let minting = minting.body["token"].as_str().unwrap().to_owned();

    let wider = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&minting),
            Some(json!({"name": "wider", "scopes": ["manage_users", "read_customers"]})),
        )
        .await;
    let same = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&minting),
            Some(json!({"name": "same", "scopes": ["manage_users"]})),
        )
        .await;

    let problem = assert_problem(&wider, 422);
    let messages = problem["errors"]["scopes"].to_string();
    assert!(messages.contains("read_customers"), "{problem}");
    assert!(!messages.contains("manage_users"), "{problem}");
    assert_eq!(same.status, 201, "{}", same.body);
}

#[tokio::test]
async fn only_admins_issue_tokens_and_bad_scopes_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (manager, _) = app.user_with_role("manager").await;

    let by_manager = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&manager),
            Some(json!({"name": "x", "scopes": ["read_customers"]})),
        )
        .await;
    assert_problem(&by_manager, 403);
    let unknown_scope = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&admin),
            Some(json!({"name": "x", "scopes": ["fly"]})),
        )
        .await;
    assert_problem(&unknown_scope, 400);
    let no_scope = app
        .call(
            "POST",
            "/api/v1/api-tokens",
            Some(&admin),
            Some(json!({"name": "x", "scopes": []})),
        )
        .await;
    assert!(assert_problem(&no_scope, 422)["errors"]["scopes"].is_array());
    let forged = app
        .call("GET", "/api/v1/customers", Some("rpt_0000"), None)
        .await;
    assert_problem(&forged, 401);
}
