//! What is pushed as a request comes in and changes hands (SPEC 11): its
//! assignee and its department's assistants are told, stored as kinds with
//! parameters; and a reader marks everything read at once.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::orders::customer;
use crate::request_actions::done;
use crate::requests::{intake, take_in};

async fn notices(app: &TestApp, token: &str) -> Vec<Value> {
    let inbox = app
        .call(
            "GET",
            "/api/v1/notifications?unread=true",
            Some(token),
            None,
        )
        .await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["notice"].clone())
        .collect()
}

#[tokio::test]
async fn the_assignee_and_the_departments_assistants_hear_of_a_new_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (other_assistant, _) = app.user_with_role("assistant").await;
    let (sales, _) = app.user_with_role("sales").await;
    // The software department's only member: its assistant, to whom
    // routing gives the request too.
    let (assistant, assistant_id) = app.user_with_role("assistant").await;
    let moved = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{assistant_id}"),
            Some(&admin),
            Some(json!({"version": 1, "department": "technical_software"})),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let c = customer(&app, &admin, "通知客户").await;

    let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    assert_eq!(request["assignee_id"], json!(assistant_id), "{request}");

    let facts = json!({"request_number": request["number"], "title": "系统无法登录",
        "priority": "urgent"});
    let with_kind = |kind: &str| {
        let mut notice = facts.clone();
        notice["kind"] = json!(kind);
        notice
    };
    // Both written by the intake, in the same instant.
    let mut told = notices(&app, &assistant).await;
    told.sort_by_key(|notice| notice["kind"].as_str().unwrap().to_owned());
    assert_eq!(told, [with_kind("assigned"), with_kind("new_request")]);
    // Another department's assistant and other roles hear nothing.
    assert!(notices(&app, &other_assistant).await.is_empty());
    assert!(notices(&app, &sales).await.is_empty());

    // Reassigned by someone else: the new assignee hears of it.
    let (technician, technician_id) = app.user_with_role("technician").await;
    done(
        &app,
        &admin,
        &request,
        json!({"action": "assign", "assignee_id": technician_id}),
    )
    .await;
    assert_eq!(notices(&app, &technician).await, [with_kind("assigned")]);

    // Everything read at once.
    let marked = app
        .call(
            "POST",
            "/api/v1/notifications/read-all",
            Some(&assistant),
            None,
        )
        .await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    assert_eq!(marked.body, json!({"marked": 2}));
    assert!(notices(&app, &assistant).await.is_empty());
    let again = app
        .call(
            "POST",
            "/api/v1/notifications/read-all",
            Some(&assistant),
            None,
        )
        .await;
    assert_eq!(again.body, json!({"marked": 0}));
}

#[tokio::test]
async fn a_waiting_app_learns_of_a_new_notification_at_once_and_of_nothing_when_none_came() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "长轮询客户").await;

    let first = app
        .call(
            "GET",
            "/api/v1/notifications/unread",
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body, json!({"unread": 0, "latest": null}));

    // Nothing new: the answer comes when the wait is over, unchanged.
    let started = std::time::Instant::now();
    let quiet = app
        .call(
            "GET",
            "/api/v1/notifications/unread?unread=0&wait_seconds=2",
            Some(&technician),
            None,
        )
        .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(1500));
    assert_eq!(quiet.body, json!({"unread": 0, "latest": null}));

    // A request assigned to them while they wait: the answer comes at once.
    let started = std::time::Instant::now();
    let waiting = app.call(
        "GET",
        "/api/v1/notifications/unread?unread=0&wait_seconds=20",
        Some(&technician),
        None,
    );
    let assign = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
        done(
            &app,
            &admin,
            &request,
            json!({"action": "assign", "assignee_id": technician_id}),
        )
        .await
    };
    let (news, _) = tokio::join!(waiting, assign);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(news.status, 200, "{}", news.body);
    assert_eq!(news.body["unread"], 1, "{}", news.body);
    assert!(news.body["latest"].is_string(), "{}", news.body);

    let too_long = app
        .call(
            "GET",
            "/api/v1/notifications/unread?wait_seconds=31",
            Some(&technician),
            None,
        )
        .await;
    let problem = crate::helpers::assert_problem(&too_long, 422);
    assert!(problem["errors"]["wait_seconds"].is_array(), "{problem}");
    let unknown = app
        .call(
            "GET",
            "/api/v1/notifications/unread?wait=3",
            Some(&technician),
            None,
        )
        .await;
    crate::helpers::assert_problem(&unknown, 400);
}
