//! Service request intake: numbering, the contract check, routing, SLA clocks
//! and the timeline (SPEC section 4).

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};

pub fn intake(customer_id: &str, category: &str, product_kind: &str, priority: &str) -> Value {
    json!({"customer_id": customer_id, "channel": "phone", "category": category,
        "product_kind": product_kind, "work_type": "maintenance", "priority": priority,
        "title": "系统无法登录", "description": "早上开始报错"})
}

pub async fn take_in(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = app
        .call("POST", "/api/v1/requests", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 201, "taking in a request: {}", reply.body);
    reply.body
}

/// A customer with a paid contract covering 2025-03-01..2026-02-28.
pub async fn covered_customer(app: &TestApp, admin: &str) -> String {
    let c = customer(app, admin, "有合同").await;
    let p = product(app, admin, "ERP", "software").await;
    let sold = order(app, admin, &c, &p, "2024-06-01", 1_000_000).await;
    let line = sold["lines"][0]["id"].as_str().unwrap();
    let created = app
        .call(
            "POST",
            "/api/v1/contracts",
            Some(admin),
            Some(json!({"customer_id": c, "package_code": "STANDARD",
                "period_start": "2025-03-01", "period_end": "2026-02-28",
                "order_line_ids": [line]})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap();
    for (version, step) in [
        (1, json!({"action": "agree"})),
        (2, json!({"action": "sign"})),
        (
            3,
            json!({"action": "invoice", "invoice_method": "courier", "invoice_sent_on": "2025-03-01"}),
        ),
        (4, json!({"action": "pay", "paid_on": "2025-03-02"})),
    ] {
        let mut body = step;
        body["version"] = json!(version);
        let reply = app
            .call(
                "POST",
                &format!("/api/v1/contracts/{id}/actions"),
                Some(admin),
                Some(body),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    c
}

pub fn clock<'a>(request: &'a Value, target: &str) -> &'a Value {
    request["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|clock| clock["target"] == target)
        .unwrap_or_else(|| panic!("no {target} clock in {request}"))
}

#[tokio::test]
async fn a_covered_software_fault_goes_to_the_least_loaded_software_technician() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, busy) = app.user_with_role("technician").await;
    let (_, idle) = app.user_with_role("technician").await;
    let other = customer(&app, &admin, "其他").await;
    // The first request goes to one of them; make sure it is `busy`'s by
    // checking who took it, then the next must go to the other.
    let first = take_in(&app, &admin, intake(&other, "fault", "software", "routine")).await;
    let loaded = first["assignee_id"].as_str().unwrap().to_owned();
    assert!(loaded == busy || loaded == idle);
    let free = if loaded == busy { &idle } else { &busy };
    let c = covered_customer(&app, &admin).await;

    let created = take_in(&app, &admin, intake(&c, "fault", "software", "important")).await;

    assert_eq!(first["number"], "SR-2025-000001");
    assert_eq!(created["number"], "SR-2025-000002");
    assert_eq!(created["billable"], false);
    assert!(created["contract_id"].is_string(), "{created}");
    assert_eq!(created["department"], "technical_software");
    assert_eq!(created["status"], "assigned");
    assert_eq!(created["assignee_id"], free.as_str());
    assert_eq!(created["routing_reason"]["decided_by"], "least_load");
    assert_eq!(created["routing_reason"]["rule"], "软件 → 软件技术");
    assert_eq!(created["routing_reason"]["eligible_count"], 2);
    let response = clock(&created, "response_important");
    assert_eq!(
        response["deadline"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        "2025-03-06T18:00:00+08:00"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(response["status"], "running");
    clock(&created, "resolution_maintenance");
    clock(&created, "call_back");
    let kinds: Vec<&str> = created["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["created", "assigned"]);

    let id = created["id"].as_str().unwrap();
    let read = app
        .call("GET", &format!("/api/v1/requests/{id}"), Some(&admin), None)
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["number"], "SR-2025-000002");
    assert_eq!(read.body["timeline"][0]["kind"], "created");
    let audit = app
        .call(
            "GET",
            &format!("/api/v1/audit?entity_type=request&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.body);
}

#[tokio::test]
async fn a_customer_without_a_contract_is_billable_and_nobody_free_leaves_it_new() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "无合同").await;

    let created = take_in(&app, &admin, intake(&c, "fault", "hardware", "urgent")).await;

    assert_eq!(created["billable"], true);
    assert_eq!(created["contract_id"], Value::Null);
    assert_eq!(created["department"], "technical_hardware");
    assert_eq!(created["status"], "new");
    assert_eq!(created["assignee_id"], Value::Null);
    assert_eq!(created["routing_reason"]["eligible_count"], 0);
    assert!(
        created["sla"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["target"] != "call_back")
    );
    assert_eq!(
        clock(&created, "response_urgent")["deadline"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        "2025-03-04T10:00:00+08:00"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
}

#[tokio::test]
async fn a_consultation_goes_to_sales() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, seller) = app.user_with_role("sales").await;
    let c = customer(&app, &admin, "咨询").await;

    let created = take_in(
        &app,
        &admin,
        intake(&c, "consultation", "software", "routine"),
    )
    .await;

    assert_eq!(created["department"], "sales");
    assert_eq!(created["assignee_id"], seller.as_str());
    assert_eq!(created["routing_reason"]["decided_by"], "only_candidate");
}

#[tokio::test]
async fn fifty_concurrent_intakes_get_fifty_gapless_numbers_and_an_even_spread() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut technicians = Vec::new();
    for _ in 0..3 {
        technicians.push(app.user_with_role("technician").await.1);
    }
    let c = customer(&app, &admin, "并发").await;

    let replies = futures_join_all(
        (0..50)
            .map(|_| {
                app.call(
                    "POST",
                    "/api/v1/requests",
                    Some(&admin),
                    Some(intake(&c, "fault", "software", "routine")),
                )
            })
            .collect(),
    )
    .await;

    let mut numbers: Vec<String> = replies
        .iter()
        .map(|reply| {
            assert_eq!(reply.status, 201, "{}", reply.body);
            reply.body["number"].as_str().unwrap().to_owned()
        })
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=50).map(|n| format!("SR-2025-{n:06}")).collect();
    assert_eq!(numbers, expected);
    // Intakes written together are still routed one after another: each
    // pick counts the ones before it, so the three share the work evenly.
    let mut taken: Vec<usize> = technicians
        .iter()
        .map(|technician| {
            replies
                .iter()
                .filter(|reply| reply.body["assignee_id"] == technician.as_str())
                .count()
        })
        .collect();
    taken.sort();
    assert_eq!(taken, [16, 17, 17]);
    app.assert_open_loads_recount().await;
}

/// Runs every future concurrently on this task and collects the outputs in order.
async fn futures_join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn an_sla_clock_runs_then_is_at_risk_then_breached_as_time_passes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "时钟").await;
    // Urgent: 24 wall-clock hours, due 2025-03-04 10:00 +08:00; at risk under 4h48m left.
    let created = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    let id = created["id"].as_str().unwrap();
    let status_after = |hours: i64| {
        let app = &app;
        async move {
            app.clock.advance(TimeDelta::hours(hours));
            // Access tokens last 15 minutes of the injected clock too.
            let admin = app.admin_token().await;
            let read = app
                .call("GET", &format!("/api/v1/requests/{id}"), Some(&admin), None)
                .await;
            assert_eq!(read.status, 200, "{}", read.body);
            let clock = clock(&read.body, "response_urgent");
            (
                clock["status"].as_str().unwrap().to_owned(),
                clock["time_left_seconds"].as_i64().unwrap(),
            )
        }
    };

    let running = status_after(1).await;
    let at_risk = status_after(19).await;
    let breached = status_after(5).await;

    assert_eq!(running, ("running".to_owned(), 23 * 3600));
    assert_eq!(at_risk, ("at_risk".to_owned(), 4 * 3600));
    assert_eq!(breached, ("breached".to_owned(), 0));
}

#[tokio::test]
async fn only_intake_roles_take_in_requests_and_everyone_reads_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (marketing, _) = app.user_with_role("marketing").await;
    let (assistant, _) = app.user_with_role("assistant").await;
    let c = customer(&app, &admin, "角色").await;

    let refused = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(&marketing),
            Some(intake(&c, "fault", "software", "routine")),
        )
        .await;
    let taken = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(&assistant),
            Some(intake(&c, "fault", "software", "routine")),
        )
        .await;
    let listed = app
        .call("GET", "/api/v1/requests", Some(&marketing), None)
        .await;

    assert_problem(&refused, 403);
    assert_eq!(taken.status, 201, "{}", taken.body);
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body["total"], 1);
}

#[tokio::test]
async fn bad_intakes_are_refused_naming_the_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "坏输入").await;
    let with = |field: &str, value: Value| {
        let mut body = intake(&c, "fault", "software", "routine");
        body[field] = value;
        body
    };
    let cases = [
        (
            "customer_id",
            with("customer_id", json!("00000000-0000-4000-8000-000000000000")),
            422,
        ),
        ("title", with("title", json!("长".repeat(201))), 422),
        ("title", with("title", json!("   ")), 422),
        (
            "description",
            with("description", json!("x".repeat(10_001))),
            422,
        ),
        ("category", with("category", json!("wish")), 400),
        ("colour", with("colour", json!("red")), 400),
    ];

    for (field, body, status) in cases {
        let reply = app
            .call("POST", "/api/v1/requests", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        assert!(problem.to_string().contains(field), "{field}: {problem}");
    }

    let listed = app
        .call("GET", "/api/v1/requests", Some(&admin), None)
        .await;
    assert_eq!(listed.body["total"], 0);
    // The refused intake gave its number back.
    let next = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(next["number"], "SR-2025-000001");
}
