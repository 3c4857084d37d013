//! Complaints: the lifecycle to the return visit, manager approval, overdue
//! promises on the injected clock, bad input, stale versions and retries.

use chrono::TimeDelta;
use rapport_entity::{complaint_events, complaints};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_problem};
use crate::orders::customer;

/// The test apps start at 2025-03-03 10:00 +08:00; this is a day and a half later.
const TOMORROW_EVENING: &str = "2025-03-04T18:00:00+08:00";

/// Takes a complaint from `customer_id` and returns it.
async fn complaint(app: &TestApp, token: &str, customer_id: &str, promised_by: &str) -> Value {
    let reply = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(token),
            Some(json!({"customer_id": customer_id, "summary": "工程师迟到", "details": "约好九点，十一点才到", "promised_by": promised_by})),
        )
        .await;
    assert_eq!(reply.status, 201, "taking a complaint: {}", reply.body);
    reply.body
}

/// Takes a complaint from `customer_id`, promised by tomorrow evening, and returns its id.
async fn complaint_id(app: &TestApp, token: &str, customer_id: &str) -> String {
    let taken = complaint(app, token, customer_id, TOMORROW_EVENING).await;
    taken["id"].as_str().unwrap().to_owned()
}

/// Takes an action and returns the reply.
async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> Reply {
    app.call(
        "POST",
        &format!("/api/v1/complaints/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

/// Takes an action that must succeed and returns the complaint.
async fn step_ok(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let reply = step(app, token, id, body.clone()).await;
    assert_eq!(reply.status, 200, "{body}: {}", reply.body);
    reply.body
}

/// Takes a new complaint through investigation to `solution_proposed` (version 3).
async fn proposed(app: &TestApp, service: &str, id: &str) {
    step_ok(app, service, id, json!({"version": 1, "action": "investigate", "responsible_department": "technical_software"})).await;
    step_ok(
        app,
        service,
        id,
        json!({"version": 2, "action": "propose_solution", "solution": "补丁"}),
    )
    .await;
}

/// Takes a complaint through to `approved` and returns its version.
async fn approved(app: &TestApp, service: &str, manager: &str, id: &str) -> i64 {
    proposed(app, service, id).await;
    let done = step_ok(app, manager, id, json!({"version": 3, "action": "approve"})).await;
    done["version"].as_i64().unwrap()
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/complaints{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply.body
}

fn ids(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect()
}

fn kinds(detail: &Value) -> Vec<&str> {
    detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_complaint_goes_from_received_to_revisited_with_a_managers_approval() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, service_id) = app.user_with_role("service").await;
    let (manager, manager_id) = app.user_with_role("manager").await;
    let c = customer(&app, &admin, "投诉客户").await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(&admin),
            Some(json!({"name": "王强", "phone": "13812345678", "preferred_channel": "phone"})),
        )
        .await;
    let contact_id = contact.body["id"].as_str().unwrap();

    let taken = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&service),
            Some(
                json!({"customer_id": c, "contact_id": contact_id, "summary": "  工程师迟到  ",
                        "details": "约好九点，十一点才到", "promised_by": TOMORROW_EVENING}),
            ),
        )
        .await;
    assert_eq!(taken.status, 201, "{}", taken.body);
    let id = taken.body["id"].as_str().unwrap();
    let steps = [
        (
            &service,
            json!({"action": "investigate", "responsible_department": "technical_hardware"}),
        ),
        (
            &service,
            json!({"action": "propose_solution", "solution": "换人上门"}),
        ),
        (
            &manager,
            json!({"action": "reject_solution", "reason": "先查排班"}),
        ),
        (
            &service,
            json!({"action": "propose_solution", "solution": "调整排班并致歉", "cause": "排班冲突"}),
        ),
        (&manager, json!({"action": "approve"})),
        (&service, json!({"action": "resolve"})),
        (
            &service,
            json!({"action": "revisit", "satisfaction": 4, "note": "客户接受"}),
        ),
    ];
    let mut statuses = Vec::new();
    for (version, (token, body)) in (1..).zip(steps) {
        let mut body = body;
        body["version"] = json!(version);
        let reply = step_ok(&app, token, id, body).await;
        statuses.push(reply["status"].as_str().unwrap().to_owned());
    }
    let done = app
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}"),
            Some(&admin),
            None,
        )
        .await;

    assert_eq!(taken.body["status"], "received");
    assert_eq!(taken.body["summary"], "工程师迟到");
    assert_eq!(taken.body["contact_id"], contact_id);
    assert_eq!(taken.body["overdue"], false);
    assert_eq!(taken.body["created_by"], service_id.as_str());
    assert_eq!(kinds(&taken.body), ["received"]);
    assert_eq!(
        statuses,
        [
            "investigating",
            "solution_proposed",
            "investigating",
            "solution_proposed",
            "approved",
            "resolved",
            "revisited"
        ]
    );
    assert_eq!(done.status, 200, "{}", done.body);
    let done = done.body;
    assert_eq!(done["version"], 8);
    assert_eq!(done["responsible_department"], "technical_hardware");
    assert_eq!(done["cause"], "排班冲突");
    assert_eq!(done["solution"], "调整排班并致歉");
    assert_eq!(done["approved_by"], manager_id.as_str());
    assert_eq!(done["approved_at"], "2025-03-03T02:00:00Z");
    assert_eq!(done["resolved_at"], "2025-03-03T02:00:00Z");
    assert_eq!(done["revisited_at"], "2025-03-03T02:00:00Z");
    assert_eq!(done["satisfaction"], 4);
    assert_eq!(
        kinds(&done),
        [
            "received",
            "investigate",
            "propose_solution",
            "reject_solution",
            "propose_solution",
            "approve",
            "resolve",
            "revisit"
        ]
    );
    let rejected = &done["timeline"][3];
    assert_eq!(rejected["actor_id"], manager_id.as_str());
    assert_eq!(rejected["version"], 4);
    assert_eq!(rejected["before"]["solution"], "换人上门");
    assert_eq!(
        rejected["after"],
        json!({"status": "investigating", "solution": null, "reason": "先查排班"})
    );
    assert_eq!(done["timeline"][7]["after"]["note"], "客户接受");
    let audit = app
        .call(
            "GET",
            &format!("/api/v1/audit?entity_type=complaint&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    assert_eq!(audit.body["total"], 8);
}

#[tokio::test]
async fn the_service_desk_cannot_approve_or_reject_a_solution() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "C").await;
    let id = complaint_id(&app, &service, &c).await;
    proposed(&app, &service, &id).await;

    let approve = step(
        &app,
        &service,
        &id,
        json!({"version": 3, "action": "approve"}),
    )
    .await;
    let reject = step(
        &app,
        &service,
        &id,
        json!({"version": 3, "action": "reject_solution", "reason": "不行"}),
    )
    .await;
    let technician_takes = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&technician),
            Some(json!({"customer_id": c, "summary": "x", "promised_by": TOMORROW_EVENING})),
        )
        .await;
    let technician_reads = list(&app, &technician, "").await;

    assert_eq!(assert_problem(&approve, 403)["code"], "forbidden");
    assert_problem(&reject, 403);
    assert_problem(&technician_takes, 403);
    assert_eq!(technician_reads["total"], 1);
    let still = app
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(still.body["status"], "solution_proposed");
    assert_eq!(still.body["version"], 3);
    assert_eq!(still.body["approved_by"], Value::Null);
}

#[tokio::test]
async fn an_illegal_step_is_409_naming_the_current_state() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let id = complaint_id(&app, &admin, &c).await;

    let resolve_received = step(
        &app,
        &admin,
        &id,
        json!({"version": 1, "action": "resolve"}),
    )
    .await;
    let approve_received = step(
        &app,
        &admin,
        &id,
        json!({"version": 1, "action": "approve"}),
    )
    .await;
    let version = approved(&app, &admin, &admin, &id).await;
    let investigate_again = step(
        &app,
        &admin,
        &id,
        json!({"version": version, "action": "investigate", "responsible_department": "sales"}),
    )
    .await;
    let revisit_approved = step(
        &app,
        &admin,
        &id,
        json!({"version": version, "action": "revisit", "satisfaction": 5}),
    )
    .await;

    let problem = assert_problem(&resolve_received, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert_eq!(
        problem["detail"],
        "cannot resolve a complaint that is `received`: a manager approves a solution first"
    );
    assert!(
        assert_problem(&approve_received, 409)["detail"]
            .as_str()
            .unwrap()
            .contains("`received`")
    );
    for refused in [&investigate_again, &revisit_approved] {
        let problem = assert_problem(refused, 409);
        assert_eq!(problem["code"], "illegal_transition");
        assert!(problem["detail"].as_str().unwrap().contains("`approved`"));
    }
    let unknown = step(
        &app,
        &admin,
        "00000000-0000-4000-8000-000000000000",
        json!({"version": 1, "action": "resolve"}),
    )
    .await;
    assert_problem(&unknown, 404);
}

#[tokio::test]
async fn a_complaint_is_overdue_once_its_promise_passes_until_it_is_resolved() {
    let app = TestApp::spawn_at("2025-03-03T10:00:00+08:00".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let other = customer(&app, &admin, "D").await;
    let soon = complaint(&app, &admin, &c, "2025-03-03T12:00:00+08:00").await;
    let sooner = complaint(&app, &admin, &other, "2025-03-03T11:00:00+08:00").await;
    let later = complaint(&app, &admin, &c, TOMORROW_EVENING).await;
    let kept = complaint(&app, &admin, &c, "2025-03-03T11:30:00+08:00").await;
    let soon_id = soon["id"].as_str().unwrap();
    let sooner_id = sooner["id"].as_str().unwrap();
    let later_id = later["id"].as_str().unwrap();
    let kept_id = kept["id"].as_str().unwrap();
    let version = approved(&app, &admin, &admin, kept_id).await;
    step_ok(
        &app,
        &admin,
        kept_id,
        json!({"version": version, "action": "resolve"}),
    )
    .await;
    let none_yet = list(&app, &admin, "?overdue=true").await;

    app.clock.advance(TimeDelta::hours(3));
    // Access tokens last 15 minutes on the server's clock too.
    let admin = app.admin_token().await;
    let overdue = list(&app, &admin, "?overdue=true").await;
    let on_time = list(&app, &admin, "?overdue=false").await;
    let overdue_of_c = list(&app, &admin, &format!("?overdue=true&customer_id={c}")).await;
    let received_overdue = list(&app, &admin, "?overdue=true&status=received&limit=1&page=2").await;
    let fetched = app
        .call(
            "GET",
            &format!("/api/v1/complaints/{soon_id}"),
            Some(&admin),
            None,
        )
        .await;

    assert_eq!(none_yet["total"], 0);
    assert_eq!(ids(&overdue), [sooner_id, soon_id], "most overdue first");
    assert!(
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["overdue"] == true)
    );
    let mut others = ids(&on_time);
    others.sort_unstable();
    let mut expected = vec![later_id, kept_id];
    expected.sort_unstable();
    assert_eq!(others, expected);
    assert!(
        on_time["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["overdue"] == false)
    );
    assert_eq!(ids(&overdue_of_c), [soon_id]);
    assert_eq!(received_overdue["total"], 2);
    assert_eq!(ids(&received_overdue), [soon_id]);
    assert_eq!(fetched.body["overdue"], true);
    assert_eq!(list(&app, &admin, "").await["total"], 4);
}

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

#[tokio::test]
async fn a_complaint_request_opens_a_complaint_promised_by_its_response_deadline() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let c = crate::orders::customer(&app, &admin, "投诉客户").await;

    let created = crate::requests::take_in(
        &app,
        &service,
        crate::requests::intake(&c, "complaint", "software", "important"),
    )
    .await;

    assert_eq!(created["department"], "service");
    let timeline = kinds(&created);
    assert!(timeline.contains(&"complaint_opened"), "{timeline:?}");
    let listed = app
        .call(
            "GET",
            &format!("/api/v1/complaints?customer_id={c}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
    let complaint = &listed.body["items"][0];
    assert_eq!(complaint["request_id"], created["id"]);
    assert_eq!(complaint["status"], "received");
    assert_eq!(
        complaint["promised_by"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        crate::requests::clock(&created, "response_important")["deadline"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
}
