//! Complaints: the lifecycle to the return visit, manager approval, illegal
//! steps, overdue promises on the injected clock, and complaints opened by
//! intake. What the endpoints refuse is in `complaint_input`.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_problem};
use crate::orders::customer;

/// The test apps start at 2025-03-03 10:00 +08:00; this is a day and a half later.
pub const TOMORROW_EVENING: &str = "2025-03-04T18:00:00+08:00";

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
pub async fn complaint_id(app: &TestApp, token: &str, customer_id: &str) -> String {
    let taken = complaint(app, token, customer_id, TOMORROW_EVENING).await;
    taken["id"].as_str().unwrap().to_owned()
}

/// Takes an action and returns the reply.
pub async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> Reply {
    app.call(
        "POST",
        &format!("/api/v1/complaints/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

/// Takes an action that must succeed and returns the complaint.
pub async fn step_ok(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
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

pub async fn list(app: &TestApp, token: &str, query: &str) -> Value {
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

pub fn kinds(detail: &Value) -> Vec<&str> {
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
