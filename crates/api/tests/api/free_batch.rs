//! The monthly free-first-year batch: once per month, one contract per customer.

use serde_json::{Value, json};

use crate::contracts::contract_count;
use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};
use crate::quotes::{deliver, free_batch};
use crate::requests::{intake, take_in};

#[tokio::test]
async fn the_free_batch_covers_the_window_once_per_customer_and_a_second_run_creates_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let a = customer(&app, &admin, "A").await;
    let b = customer(&app, &admin, "B").await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    order(&app, &admin, &a, &hw, "2025-01-24", 100).await; // January's batch
    let first = order(&app, &admin, &a, &hw, "2025-01-25", 1_000).await; // February's first day
    order(&app, &admin, &a, &hw, "2025-02-24", 2_000).await; // February's last day
    order(&app, &admin, &a, &hw, "2025-02-25", 300).await; // March's batch
    order(&app, &admin, &b, &hw, "2025-02-10", 5_000).await;
    let installed = app
        .call(
            "PATCH",
            &format!(
                "/api/v1/orders/{}/lines/{}",
                first["id"].as_str().unwrap(),
                first["lines"][0]["id"].as_str().unwrap()
            ),
            Some(&admin),
            Some(json!({"version": 1, "installation_completed_on": "2025-02-01"})),
        )
        .await;
    assert_eq!(installed.status, 200);

    let ran = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&service),
            Some(json!({"month": "2025-02"})),
        )
        .await;
    let again = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&service),
            Some(json!({"month": "2025-02"})),
        )
        .await;
    let too_early = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&service),
            Some(json!({"month": "2025-03"})),
        )
        .await;

    assert_eq!(ran.status, 201, "{}", ran.body);
    assert_eq!(ran.body["already_run"], false);
    assert_eq!(ran.body["contracts_created"], 2);
    assert_eq!(ran.body["lines_covered"], 3);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["already_run"], true);
    assert_eq!(again.body["contracts_created"], 0);
    assert_eq!(assert_problem(&too_early, 409)["code"], "window_open");
    let of_a = app
        .call(
            "GET",
            &format!("/api/v1/contracts?customer_id={a}&kind=free"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(of_a.body["total"], 1);
    let free = &of_a.body["items"][0];
    assert_eq!(free["status"], "paid");
    assert_eq!(free["fee_cents"], 0);
    assert_eq!(free["covered_value_cents"], 3_000);
    // The earliest start is the installed line's warranty start, not the later order date.
    assert_eq!(free["period_start"], "2025-02-01");
    assert_eq!(free["period_end"], "2026-01-31");
    assert_eq!(free["free_batch_month"], "2025-02");
    let detail = app
        .call(
            "GET",
            &format!("/api/v1/contracts/{}", free["id"].as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(detail.body["covered_lines"].as_array().unwrap().len(), 2);
    assert_eq!(contract_count(&app, &admin).await, 2);
}

#[tokio::test]
async fn concurrent_free_batch_runs_create_the_contracts_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    for name in ["A", "B", "C"] {
        let c = customer(&app, &admin, name).await;
        order(&app, &admin, &c, &hw, "2025-01-10", 100).await;
    }
    let run = || {
        app.call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&admin),
            Some(json!({"month": "2025-01"})),
        )
    };

    let replies = futures_join(run(), run(), run()).await;

    let mut statuses: Vec<u16> = replies.iter().map(|reply| reply.status).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [200, 200, 201],
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    assert_eq!(contract_count(&app, &admin).await, 3);
}

async fn futures_join<F: std::future::Future>(a: F, b: F, c: F) -> [F::Output; 3] {
    let (a, b, c) = tokio::join!(a, b, c);
    [a, b, c]
}

#[tokio::test]
async fn bad_free_batch_months_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for month in [
        json!("2025-13"),
        json!("2025-1"),
        json!("25-01"),
        json!(202501),
        json!("x".repeat(10_240)),
    ] {
        let reply = app
            .call(
                "POST",
                "/api/v1/contracts/free-batch",
                Some(&admin),
                Some(json!({"month": month})),
            )
            .await;
        assert!(
            assert_problem(&reply, 400)["errors"].get("month").is_some(),
            "{month}: {}",
            reply.body
        );
    }
    let unknown = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&admin),
            Some(json!({"month": "2025-01", "force": true})),
        )
        .await;
    assert_problem(&unknown, 400);
}

#[tokio::test]
async fn each_line_keeps_its_own_free_year_and_a_late_warranty_start_loses_no_day() {
    let app = TestApp::spawn_at("2026-10-20T10:00:00+08:00".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    let sw = product(&app, &admin, "SW", "software").await;
    // October's window: 2025-09-25 up to (not including) 2025-10-25.
    let software = order(&app, &admin, &c, &sw, "2025-09-25", 4_000).await;
    let hardware = order(&app, &admin, &c, &hw, "2025-10-24", 1_000).await;
    order(&app, &admin, &c, &hw, "2025-10-25", 300).await; // November's batch
    // Installed after its order date: the free year runs from installation.
    deliver(
        &app,
        &admin,
        &hardware,
        "installation_completed_on",
        "2025-10-30",
    )
    .await;

    let ran = free_batch(&app, &admin, "2025-10").await;
    let id = ran["contract_ids"][0].as_str().unwrap().to_owned();
    let line_of = |body: &Value, order: &Value| -> Value {
        body["covered_lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|line| line["order_line_id"] == order["lines"][0]["id"])
            .cloned()
            .unwrap()
    };
    let before = detail(&app, &admin, &id).await;
    assert_eq!(ran["lines_covered"], 2);
    assert_eq!(before["period_start"], "2025-10-30");
    assert_eq!(before["period_end"], "2026-10-29");
    let hw_line = line_of(&before, &hardware);
    assert_eq!(hw_line["free_from"], "2025-10-30");
    assert_eq!(hw_line["free_until"], "2026-10-29");
    // Not accepted yet: no free year runs.
    let sw_line = line_of(&before, &software);
    assert_eq!(sw_line["free_from"], Value::Null);
    assert_eq!(sw_line["free_until"], Value::Null);

    // Accepted on the year end, weeks after the batch: a whole year from then.
    deliver(
        &app,
        &admin,
        &software,
        "acceptance_signed_on",
        "2025-12-31",
    )
    .await;
    let after = detail(&app, &admin, &id).await;
    let sw_line = line_of(&after, &software);
    assert_eq!(sw_line["free_from"], "2025-12-31");
    assert_eq!(sw_line["free_until"], "2026-12-30");
    assert_eq!(line_of(&after, &hardware)["free_until"], "2026-10-29");
    assert_eq!(after["period_start"], "2025-10-30");
    assert_eq!(after["period_end"], "2026-12-30");

    // Today is 2026-10-20: the hardware's year ends in 9 days.
    assert_eq!(ending(&app, &admin, 8).await, 0);
    assert_eq!(ending(&app, &admin, 9).await, 1);
}

async fn detail(app: &TestApp, token: &str, id: &str) -> Value {
    let reply = app
        .call("GET", &format!("/api/v1/contracts/{id}"), Some(token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

/// How many free contracts have a line whose free year ends within `days`.
async fn ending(app: &TestApp, token: &str, days: u32) -> u64 {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/contracts?kind=free&ending_within_days={days}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["total"].as_u64().unwrap()
}

#[tokio::test]
async fn a_free_line_covers_requests_only_from_its_own_warranty_start() {
    let app = TestApp::spawn_at("2025-11-10T10:00:00+08:00".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let sw = product(&app, &admin, "SW", "software").await;
    let software = order(&app, &admin, &c, &sw, "2025-10-01", 4_000).await;
    let ran = free_batch(&app, &admin, "2025-10").await;

    let before = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    deliver(
        &app,
        &admin,
        &software,
        "acceptance_signed_on",
        "2025-11-10",
    )
    .await;
    let after = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;

    // Not accepted yet: the free contract covers nothing, the work is billable.
    assert_eq!(before["billable"], true);
    assert_eq!(before["contract_id"], Value::Null);
    assert_eq!(after["billable"], false);
    assert_eq!(after["contract_id"], ran["contract_ids"][0]);
}

/// Only a verified customer gets contracts: lines ordered before a
/// customer's review turned `rejected` get no free contract from the batch.
#[tokio::test]
async fn the_free_batch_passes_over_a_customer_whose_review_failed() {
    use rapport_entity::customers;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    let kept = customer(&app, &admin, "审核通过").await;
    let refused = customer(&app, &admin, "审核未通过").await;
    order(&app, &admin, &kept, &hw, "2025-01-10", 100).await;
    order(&app, &admin, &refused, &hw, "2025-01-10", 100).await;
    customers::Entity::update_many()
        .col_expr(customers::Column::Verification, Expr::value("rejected"))
        .filter(customers::Column::Id.eq(refused.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.db)
        .await
        .unwrap();

    let ran = free_batch(&app, &admin, "2025-01").await;

    assert_eq!(ran["contracts_created"], 1, "{ran}");
    let listed = app
        .call(
            "GET",
            &format!("/api/v1/contracts?customer_id={refused}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(listed.body["total"], 0, "{}", listed.body);
}
