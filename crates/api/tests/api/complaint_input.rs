//! What the complaint endpoints refuse, or take once: bad complaints, an
//! action with fields it does not take, a stale version, a retried create.

use rapport_entity::{complaint_events, complaints};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::complaints::{TOMORROW_EVENING, complaint_id, kinds, list, step, step_ok};
use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;

#[tokio::test]
async fn bad_complaints_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let other = customer(&app, &admin, "Other").await;
    let strangers_contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{other}/contacts"),
            Some(&admin),
            Some(json!({"name": "李", "phone": "13912345678", "preferred_channel": "phone"})),
        )
        .await;
    let gone = customer(&app, &admin, "Gone").await;
    let archived = app
        .call(
            "POST",
            &format!("/api/v1/customers/{gone}/archive"),
            Some(&admin),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    let good = json!({"customer_id": c, "summary": "迟到", "details": "", "promised_by": TOMORROW_EVENING});
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "unknown field",
            with("priority", json!("high")),
            400,
            "priority",
        ),
        (
            "blank summary",
            with("summary", json!("   ")),
            422,
            "summary",
        ),
        ("empty summary", with("summary", json!("")), 422, "summary"),
        (
            "long summary",
            with("summary", json!("诉".repeat(201))),
            422,
            "summary",
        ),
        (
            "10 kB summary",
            with("summary", json!("x".repeat(10_240))),
            422,
            "summary",
        ),
        (
            "10 kB details",
            with("details", json!("x".repeat(10_001))),
            422,
            "details",
        ),
        (
            "promise in the past",
            with("promised_by", json!("2025-03-03T09:59:59+08:00")),
            422,
            "promised_by",
        ),
        (
            "promise now",
            with("promised_by", json!("2025-03-03T10:00:00+08:00")),
            422,
            "promised_by",
        ),
        (
            "promise not a time",
            with("promised_by", json!("tomorrow")),
            400,
            "promised_by",
        ),
        (
            "no such customer",
            with("customer_id", json!("00000000-0000-4000-8000-000000000000")),
            422,
            "customer_id",
        ),
        (
            "someone else's contact",
            with("contact_id", strangers_contact.body["id"].clone()),
            422,
            "contact_id",
        ),
        (
            "customer id not a uuid",
            with("customer_id", json!("42")),
            400,
            "customer_id",
        ),
    ];

    for (name, body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/complaints", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        assert!(problem["errors"].get(field).is_some(), "{name}: {problem}");
    }
    let archived_customer = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&admin),
            Some(with("customer_id", json!(gone))),
        )
        .await;
    let not_json = app
        .send_raw("POST", "/api/v1/complaints", &admin, "text/plain", "hello")
        .await;

    assert_eq!(assert_problem(&archived_customer, 409)["code"], "archived");
    assert_problem(&not_json, 415);
    assert_eq!(complaints::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(
        complaint_events::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    let audit = app
        .call(
            "GET",
            "/api/v1/audit?entity_type=complaint",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.body["total"], 0);
}

#[tokio::test]
async fn each_step_takes_exactly_its_fields() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let id = complaint_id(&app, &admin, &c).await;
    let cases: Vec<(&str, Value, u16, &[&str])> = vec![
        (
            "investigate without a department",
            json!({"action": "investigate"}),
            422,
            &["responsible_department"],
        ),
        (
            "investigate with a solution",
            json!({"action": "investigate", "responsible_department": "sales", "solution": "x"}),
            422,
            &["solution"],
        ),
        (
            "investigate with a blank cause",
            json!({"action": "investigate", "responsible_department": "sales", "cause": " "}),
            422,
            &["cause"],
        ),
        (
            "an unknown department",
            json!({"action": "investigate", "responsible_department": "legal"}),
            400,
            &["responsible_department"],
        ),
        (
            "propose without a solution",
            json!({"action": "propose_solution"}),
            422,
            &["solution"],
        ),
        (
            "propose a blank solution",
            json!({"action": "propose_solution", "solution": "\n"}),
            422,
            &["solution"],
        ),
        (
            "propose a 10 kB solution",
            json!({"action": "propose_solution", "solution": "x".repeat(10_001)}),
            422,
            &["solution"],
        ),
        (
            "reject without a reason",
            json!({"action": "reject_solution"}),
            422,
            &["reason"],
        ),
        (
            "approve with a reason",
            json!({"action": "approve", "reason": "ok"}),
            422,
            &["reason"],
        ),
        (
            "resolve with a satisfaction",
            json!({"action": "resolve", "satisfaction": 5}),
            422,
            &["satisfaction"],
        ),
        (
            "revisit without a satisfaction",
            json!({"action": "revisit", "note": "x"}),
            422,
            &["satisfaction"],
        ),
        (
            "revisit scored 6",
            json!({"action": "revisit", "satisfaction": 6}),
            422,
            &["satisfaction"],
        ),
        (
            "revisit scored 0",
            json!({"action": "revisit", "satisfaction": 0}),
            422,
            &["satisfaction"],
        ),
        (
            "an unknown action",
            json!({"action": "escalate"}),
            400,
            &["action"],
        ),
        (
            "an unknown field",
            json!({"action": "resolve", "priority": "high"}),
            400,
            &["priority"],
        ),
    ];

    for (name, body, status, fields) in cases {
        let mut body = body;
        body["version"] = json!(1);
        let reply = step(&app, &admin, &id, body).await;
        let problem = assert_problem(&reply, status);
        for field in fields {
            assert!(problem["errors"].get(field).is_some(), "{name}: {problem}");
        }
    }

    let untouched = app
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(untouched.body["status"], "received");
    assert_eq!(untouched.body["version"], 1);
    assert_eq!(kinds(&untouched.body), ["received"]);
}

#[tokio::test]
async fn a_stale_version_is_409_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let id = complaint_id(&app, &admin, &c).await;
    step_ok(
        &app,
        &admin,
        &id,
        json!({"version": 1, "action": "investigate", "responsible_department": "service"}),
    )
    .await;

    let stale = step(
        &app,
        &admin,
        &id,
        json!({"version": 1, "action": "propose_solution", "solution": "x"}),
    )
    .await;

    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
    let current = app
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(current.body["status"], "investigating");
    assert_eq!(current.body["solution"], Value::Null);
    assert_eq!(current.body["version"], 2);
    assert_eq!(kinds(&current.body), ["received", "investigate"]);
}

#[tokio::test]
async fn a_retried_complaint_with_the_same_idempotency_key_is_taken_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let body = json!({"customer_id": c, "summary": "迟到", "promised_by": TOMORROW_EVENING});
    let send = |body: &Value| {
        app.client
            .post(app.url("/api/v1/complaints"))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "complaint-7")
            .json(body)
            .send()
    };

    let first = send(&body).await.unwrap();
    let first_status = first.status().as_u16();
    let first_body: Value = first.json().await.unwrap();
    let second = send(&body).await.unwrap();
    let second_status = second.status().as_u16();
    let replayed = second.headers().get("Idempotent-Replayed").cloned();
    let second_body: Value = second.json().await.unwrap();
    let mut changed = body.clone();
    changed["summary"] = json!("另一件事");
    let reused = send(&changed).await.unwrap();

    assert_eq!((first_status, second_status), (201, 201));
    assert_eq!(first_body, second_body);
    assert!(replayed.is_some());
    assert_eq!(reused.status().as_u16(), 422);
    assert_eq!(list(&app, &admin, "").await["total"], 1);
    assert_eq!(
        complaint_events::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
}
