//! The demo `make run` loads is readable: every list, and the detail of
//! every item listed, answers 200 to the administrator. One row the code
//! cannot decode (the demo once stored an invoice method outside the
//! allowed codes) turned whole lists into 500s.

use serde_json::Value;

use crate::helpers::TestApp;

/// Reads `path` as `token`, asserting a 200, and returns the body.
async fn read(app: &TestApp, token: &str, path: &str) -> Value {
    let reply = app.call("GET", path, Some(token), None).await;
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
    reply.body
}

/// The items of a list answer, paged (`{items, …}`) or a plain array.
fn items(body: &Value) -> Vec<Value> {
    body.get("items")
        .unwrap_or(body)
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Reads the list at `list` and then `detail` + each item's id; returns the items.
async fn list_and_details(app: &TestApp, token: &str, list: &str, detail: &str) -> Vec<Value> {
    let listed = items(&read(app, token, list).await);
    for item in &listed {
        let id = item["id"].as_str().unwrap();
        read(app, token, &format!("{detail}/{id}")).await;
    }
    listed
}

#[tokio::test]
async fn every_list_and_detail_of_the_demo_answers_ok_to_the_admin() {
    let app = TestApp::spawn_with_demo_data().await;
    let admin = app.admin_token().await;

    let customers = list_and_details(
        &app,
        &admin,
        "/api/v1/customers?limit=200&include_archived=true",
        "/api/v1/customers",
    )
    .await;
    for customer in &customers {
        let id = customer["id"].as_str().unwrap();
        list_and_details(
            &app,
            &admin,
            &format!("/api/v1/customers/{id}/contacts"),
            "/api/v1/contacts",
        )
        .await;
        read(&app, &admin, &format!("/api/v1/customers/{id}/follow-ups")).await;
        read(&app, &admin, &format!("/api/v1/contracts?customer_id={id}")).await;
        read(&app, &admin, &format!("/api/v1/orders?customer_id={id}")).await;
    }
    let contracts = list_and_details(
        &app,
        &admin,
        "/api/v1/contracts?limit=200",
        "/api/v1/contracts",
    )
    .await;
    read(&app, &admin, "/api/v1/contracts?ending_within_days=30").await;
    let orders = list_and_details(&app, &admin, "/api/v1/orders?limit=200", "/api/v1/orders").await;
    let products = list_and_details(
        &app,
        &admin,
        "/api/v1/products?limit=200&include_archived=true",
        "/api/v1/products",
    )
    .await;
    let users = list_and_details(&app, &admin, "/api/v1/users?limit=200", "/api/v1/users").await;
    list_and_details(
        &app,
        &admin,
        "/api/v1/requests?limit=200",
        "/api/v1/requests",
    )
    .await;
    read(&app, &admin, "/api/v1/requests/queue?limit=200").await;
    list_and_details(&app, &admin, "/api/v1/visits?limit=200", "/api/v1/visits").await;
    read(&app, &admin, "/api/v1/customers/visits-due").await;
    list_and_details(
        &app,
        &admin,
        "/api/v1/complaints?limit=200",
        "/api/v1/complaints",
    )
    .await;
    for simple in [
        "/api/v1/notifications?limit=200",
        "/api/v1/audit?limit=200",
        "/api/v1/api-tokens",
        "/api/v1/auth/me",
        "/api/v1/calendar",
        "/api/v1/calendar/exceptions?year=2025",
        "/api/v1/packages",
        "/api/v1/routing/rules",
        "/api/v1/sla/policy",
    ] {
        read(&app, &admin, simple).await;
    }
    for name in items(&read(&app, &admin, "/api/v1/calendars").await) {
        read(
            &app,
            &admin,
            &format!("/api/v1/calendars/{}", name.as_str().unwrap()),
        )
        .await;
    }

    // The walk above saw the demo, not an empty database.
    assert_eq!(customers.len(), 3);
    assert!(!contracts.is_empty(), "the demo has no contract");
    assert_eq!(orders.len(), 3);
    assert_eq!(products.len(), 2);
    assert!(users.len() > 8, "the demo team is missing: {users:?}");
}
