//! The audit log names who did each thing.

use serde_json::json;

use crate::helpers::TestApp;
use crate::orders::customer;

#[tokio::test]
async fn audit_entries_name_their_actor_and_none_for_the_system() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = app
        .call(
            "POST",
            "/api/v1/users",
            Some(&admin),
            Some(json!({"email": "li@test.local", "display_name": "李明 Li",
                "password": "a long password", "role": "service", "department": "service"})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let desk = app.login("li@test.local", "a long password").await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = customer(&app, &desk, "Named").await;

    let by_desk = app
        .call(
            "GET",
            &format!("/api/v1/audit?entity_type=customer&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    let users = app
        .call("GET", "/api/v1/audit?entity_type=user", Some(&admin), None)
        .await;

    assert_eq!(by_desk.status, 200, "{}", by_desk.body);
    let entry = &by_desk.body["items"][0];
    assert_eq!(entry["actor_id"], created.body["id"]);
    assert_eq!(entry["actor_name"], "李明 Li");
    assert_eq!(users.status, 200, "{}", users.body);
    let items = users.body["items"].as_array().unwrap();
    // The first administrator was made by the system; the desk user by the administrator.
    let by_system = items
        .iter()
        .find(|entry| entry["actor_id"].is_null())
        .expect("the first start's entry");
    assert!(by_system["actor_name"].is_null(), "{by_system}");
    let by_admin = items
        .iter()
        .find(|entry| entry["entity_id"] == created.body["id"])
        .expect("the new user's entry");
    let me = app.call("GET", "/api/v1/auth/me", Some(&admin), None).await;
    assert_eq!(by_admin["actor_name"], me.body["display_name"]);
}
