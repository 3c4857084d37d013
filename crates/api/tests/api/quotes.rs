//! Fee quotes: for given figures (SPEC examples G to J) and for a
//! customer's real purchases and contracts.

use serde_json::{Value, json};

use crate::contracts::{contract, step};
use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};

fn fee_of<'a>(quote: &'a Value, package: &str) -> &'a Value {
    quote["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["package"] == package)
        .unwrap_or_else(|| panic!("no {package} in {quote}"))
}

#[tokio::test]
async fn quotes_match_the_spec_examples_g_to_j() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = app
        .call(
            "PUT",
            "/api/v1/packages/TEN",
            Some(&admin),
            Some(json!({"name": "十", "rate_bp": 1000})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let (service, _) = app.user_with_role("service").await;
    let cases = [
        (
            "G",
            json!({"kind": "first", "purchases_cents": 12_000_000}),
            "STANDARD",
            12_000_000,
            1_440_000,
        ),
        (
            "H",
            json!({"kind": "renewal", "previous_covered_cents": 20_000_000, "new_purchases_cents": 3_500_000}),
            "BASIC",
            23_500_000,
            2_068_000,
        ),
        (
            "I",
            json!({"kind": "renewal", "previous_covered_cents": 123_457, "new_purchases_cents": 0}),
            "STANDARD",
            123_457,
            16_296,
        ),
        (
            "J",
            json!({"kind": "first", "purchases_cents": 4_545}),
            "TEN",
            4_545,
            455,
        ),
    ];

    for (name, body, package, covered, fee) in cases {
        let reply = app
            .call(
                "POST",
                "/api/v1/contracts/quote",
                Some(&service),
                Some(body),
            )
            .await;
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        let entry = fee_of(&reply.body, package);
        assert_eq!(entry["covered_value_cents"], covered, "{name}");
        assert_eq!(entry["fee_cents"], fee, "{name}");
    }
}

#[tokio::test]
async fn a_quote_lists_every_active_package_by_rate() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let retired = app
        .call(
            "PUT",
            "/api/v1/packages/PREMIUM",
            Some(&admin),
            Some(json!({"version": 1, "active": false})),
        )
        .await;
    assert_eq!(retired.status, 200, "{}", retired.body);

    let reply = app
        .call(
            "POST",
            "/api/v1/contracts/quote",
            Some(&admin),
            Some(json!({"kind": "first", "purchases_cents": 100})),
        )
        .await;

    let packages: Vec<&str> = reply.body["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["package"].as_str().unwrap())
        .collect();
    assert_eq!(packages, ["BASIC", "STANDARD"]);
    assert_eq!(reply.body["quotes"][0]["rate_bp"], 800);
}

#[tokio::test]
async fn bad_quote_figures_are_4xx_naming_the_field_never_500() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let thousand_percent = app
        .call(
            "PUT",
            "/api/v1/packages/MAX",
            Some(&admin),
            Some(json!({"name": "max", "rate_bp": 100_000})),
        )
        .await;
    assert_eq!(thousand_percent.status, 201);
    let cases: Vec<(&str, Value, u16, Option<&str>)> = vec![
        (
            "negative",
            json!({"kind": "first", "purchases_cents": -1}),
            422,
            Some("purchases_cents"),
        ),
        (
            "beyond i64",
            json!({"kind": "first", "purchases_cents": 9_223_372_036_854_775_808_u64}),
            422,
            Some("purchases_cents"),
        ),
        (
            "way beyond i64",
            json!({"kind": "first", "purchases_cents": 1e30}),
            422,
            Some("purchases_cents"),
        ),
        (
            "fraction",
            json!({"kind": "first", "purchases_cents": 1.5}),
            422,
            Some("purchases_cents"),
        ),
        (
            "text",
            json!({"kind": "first", "purchases_cents": "100"}),
            422,
            Some("purchases_cents"),
        ),
        (
            "negative previous",
            json!({"kind": "renewal", "previous_covered_cents": -5, "new_purchases_cents": 0}),
            422,
            Some("previous_covered_cents"),
        ),
        (
            "sum beyond i64",
            json!({"kind": "renewal", "previous_covered_cents": i64::MAX, "new_purchases_cents": 1}),
            422,
            Some("new_purchases_cents"),
        ),
        (
            "fee beyond i64",
            json!({"kind": "first", "purchases_cents": i64::MAX}),
            422,
            Some("purchases_cents"),
        ),
        (
            "unknown field",
            json!({"kind": "first", "purchases_cents": 1, "discount": 1}),
            400,
            Some("discount"),
        ),
        (
            "field of the other kind",
            json!({"kind": "first", "purchases_cents": 1, "new_purchases_cents": 1}),
            400,
            Some("new_purchases_cents"),
        ),
        (
            "unknown kind",
            json!({"kind": "third", "purchases_cents": 1}),
            400,
            None,
        ),
        ("no kind", json!({"purchases_cents": 1}), 400, None),
        (
            "missing amount",
            json!({"kind": "renewal", "previous_covered_cents": 1}),
            400,
            None,
        ),
    ];

    for (name, body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/contracts/quote", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        if let Some(field) = field {
            assert!(problem["errors"].get(field).is_some(), "{name}: {problem}");
        }
    }
    let malformed = app
        .send_raw(
            "POST",
            "/api/v1/contracts/quote",
            &admin,
            "application/json",
            "{\"kind\":",
        )
        .await;
    assert_problem(&malformed, 400);
}

#[tokio::test]
async fn a_customer_quote_is_a_first_contract_over_the_last_twelve_months_of_orders() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    order(&app, &admin, &c, &p, "2024-03-02", 1_000_000).await; // a day too early
    order(&app, &admin, &c, &p, "2024-03-03", 7_000_000).await;
    order(&app, &admin, &c, &p, "2025-03-02", 5_000_000).await;
    order(&app, &admin, &c, &p, "2025-03-03", 9_000_000).await; // the start itself

    let reply = app
        .call(
            "GET",
            &format!("/api/v1/customers/{c}/quote?start=2025-03-03"),
            Some(&admin),
            None,
        )
        .await;

    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["kind"], "first");
    assert_eq!(reply.body["purchases_cents"], 12_000_000);
    assert_eq!(reply.body["purchases_from"], "2024-03-03");
    assert_eq!(reply.body["purchases_to"], "2025-03-02");
    assert_eq!(fee_of(&reply.body, "STANDARD")["fee_cents"], 1_440_000);
    // No requests: every figure says so rather than inventing one.
    assert_eq!(
        reply.body["last_year_service"],
        json!({"from": "2024-03-03", "to": "2025-03-02", "requests_by_category": {},
            "on_site_visits": 0, "sla_by_target": {}, "sla_compliance": null,
            "average_satisfaction": null})
    );
}

/// A renewal is negotiated on the customer's real service of the 12
/// months before the start: its requests by category and how their SLA
/// targets fared; a request taken in on or after the start is not counted.
#[tokio::test]
async fn a_customer_quote_shows_last_years_service_from_the_customers_requests() {
    use crate::request_actions::done;
    use crate::requests::{intake, take_in};

    // Monday 2025-06-02, 10:00 in Beijing.
    let app = TestApp::spawn_at("2025-06-02T02:00:00Z".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "上年服务").await;
    // Someone for routing to give the requests to.
    app.user_with_role("technician").await;
    let called = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    take_in(
        &app,
        &admin,
        intake(&c, "consultation", "software", "routine"),
    )
    .await;
    let called = done(&app, &admin, &called, json!({"action": "call_back"})).await;
    assert!(called["id"].is_string());

    // A month on, every target not met has passed its deadline; a request
    // taken in now is on the quote's start day, outside last year.
    app.clock.advance(chrono::TimeDelta::days(30));
    let admin = app.admin_token().await;
    take_in(&app, &admin, intake(&c, "service", "software", "routine")).await;
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/customers/{c}/quote?start=2025-07-02"),
            Some(&admin),
            None,
        )
        .await;

    assert_eq!(reply.status, 200, "{}", reply.body);
    let service = &reply.body["last_year_service"];
    assert_eq!(service["from"], "2024-07-02");
    assert_eq!(service["to"], "2025-07-01");
    assert_eq!(
        service["requests_by_category"],
        json!({"fault": 1, "consultation": 1}),
        "{service}"
    );
    // The call-back met both its own target and the urgent response; both
    // resolutions and the routine response are long overdue: 2 of 5 met.
    assert_eq!(
        service["sla_by_target"],
        json!({
            "call_back": {"due": 1, "met": 1},
            "response_urgent": {"due": 1, "met": 1},
            "response_routine": {"due": 1, "met": 0},
            "resolution_maintenance": {"due": 2, "met": 0},
        }),
        "{service}"
    );
    assert_eq!(service["sla_compliance"], json!(0.4));
    assert_eq!(service["on_site_visits"], 0);
    assert_eq!(service["average_satisfaction"], Value::Null);
}

#[tokio::test]
async fn a_customer_quote_renews_the_last_paid_contract_with_purchases_during_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "software").await;
    order(&app, &admin, &c, &p, "2023-06-01", 20_000_000).await;
    let first = contract(
        &app,
        &admin,
        json!({"customer_id": c, "package_code": "BASIC",
        "period_start": "2024-01-01", "period_end": "2024-12-31"}),
    )
    .await;
    assert_eq!(first["covered_value_cents"], 20_000_000);
    assert_eq!(first["fee_cents"], 1_600_000);
    let id = first["id"].as_str().unwrap();
    assert_eq!(
        step(&app, &admin, id, json!({"version": 1, "action": "agree"}))
            .await
            .status,
        200
    );
    assert_eq!(
        step(&app, &admin, id, json!({"version": 2, "action": "sign"}))
            .await
            .status,
        200
    );
    order(&app, &admin, &c, &p, "2024-05-01", 3_500_000).await;

    let quote = app
        .call(
            "GET",
            &format!("/api/v1/customers/{c}/quote?start=2025-01-01"),
            Some(&admin),
            None,
        )
        .await;
    let renewal = contract(
        &app,
        &admin,
        json!({"customer_id": c, "package_code": "BASIC",
        "period_start": "2025-01-01", "period_end": "2025-12-31"}),
    )
    .await;

    assert_eq!(quote.status, 200, "{}", quote.body);
    assert_eq!(quote.body["kind"], "renewal");
    assert_eq!(quote.body["previous_contract_id"], id);
    assert_eq!(quote.body["previous_covered_cents"], 20_000_000);
    assert_eq!(quote.body["purchases_cents"], 3_500_000);
    assert_eq!(fee_of(&quote.body, "BASIC")["fee_cents"], 2_068_000);
    assert_eq!(renewal["previous_contract_id"], id);
    assert_eq!(renewal["covered_value_cents"], 23_500_000);
    assert_eq!(renewal["fee_cents"], 2_068_000);
}

/// Records the delivery date `field` on the only line of `order`.
pub(crate) async fn deliver(app: &TestApp, token: &str, order: &Value, field: &str, on: &str) {
    let reply = app
        .call(
            "PATCH",
            &format!(
                "/api/v1/orders/{}/lines/{}",
                order["id"].as_str().unwrap(),
                order["lines"][0]["id"].as_str().unwrap()
            ),
            Some(token),
            Some(json!({"version": 1, field: on})),
        )
        .await;
    assert_eq!(reply.status, 200, "delivering: {}", reply.body);
}

/// Runs the free batch of `month`.
pub(crate) async fn free_batch(app: &TestApp, token: &str, month: &str) -> Value {
    let reply = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(token),
            Some(json!({ "month": month })),
        )
        .await;
    assert_eq!(reply.status, 201, "running the batch: {}", reply.body);
    reply.body
}

async fn customer_quote(app: &TestApp, token: &str, c: &str, start: &str) -> Value {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/customers/{c}/quote?start={start}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_first_contract_after_the_free_year_is_quoted_on_the_products_leaving_it() {
    let app = TestApp::spawn_at("2026-11-30T10:00:00+08:00".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    // Ordered in October 2025, installed ten days later: free until 2026-10-19.
    let bought = order(&app, &admin, &c, &p, "2025-10-10", 12_000_000).await;
    deliver(
        &app,
        &admin,
        &bought,
        "installation_completed_on",
        "2025-10-20",
    )
    .await;
    free_batch(&app, &admin, "2025-10").await;

    // (start, leaving free cover, STANDARD fee): the free year ends the day
    // after the start, on it, the day before it.
    let cases = [
        ("2026-10-18", 0, 0),
        ("2026-10-19", 12_000_000, 1_440_000),
        ("2026-10-20", 12_000_000, 1_440_000),
    ];
    for (start, leaving, fee) in cases {
        let quote = customer_quote(&app, &admin, &c, start).await;
        assert_eq!(quote["kind"], "first", "{start}");
        // Bought before the 12 months counted, so only as leaving free cover.
        assert_eq!(quote["purchases_cents"], 0, "{start}");
        assert_eq!(quote["leaving_free_cents"], leaving, "{start}");
        assert_eq!(fee_of(&quote, "STANDARD")["covered_value_cents"], leaving);
        assert_eq!(fee_of(&quote, "STANDARD")["fee_cents"], fee, "{start}");
    }
    let drafted = contract(
        &app,
        &admin,
        json!({"customer_id": c, "package_code": "STANDARD",
        "period_start": "2026-10-20", "period_end": "2027-10-19"}),
    )
    .await;
    assert_eq!(drafted["covered_value_cents"], 12_000_000);
    assert_eq!(drafted["fee_cents"], 1_440_000);
    assert_eq!(
        drafted["covered_lines"],
        json!([{"order_line_id": bought["lines"][0]["id"], "covered_value_cents": 12_000_000,
                "free_from": null, "free_until": null}])
    );
}

#[tokio::test]
async fn a_first_contract_counts_each_line_once_and_none_already_under_a_paid_contract() {
    let app = TestApp::spawn_at("2026-11-30T10:00:00+08:00".parse().unwrap()).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    // Bought in the 12 months before the start and leaving free cover on it.
    let both = order(&app, &admin, &c, &p, "2025-11-01", 5_000_000).await;
    deliver(
        &app,
        &admin,
        &both,
        "installation_completed_on",
        "2025-11-01",
    )
    .await;
    free_batch(&app, &admin, "2025-11").await;
    let quote = customer_quote(&app, &admin, &c, "2026-11-01").await;
    assert_eq!(quote["purchases_cents"], 5_000_000);
    assert_eq!(quote["leaving_free_cents"], 0);
    assert_eq!(
        quote["covered_order_line_ids"],
        json!([both["lines"][0]["id"]])
    );
    assert_eq!(fee_of(&quote, "BASIC")["covered_value_cents"], 5_000_000);

    // Signed, the contract holds that line: a later first quote leaves it out.
    let signed = contract(
        &app,
        &admin,
        json!({"customer_id": c, "package_code": "BASIC",
        "period_start": "2026-11-01", "period_end": "2027-10-31"}),
    )
    .await;
    let id = signed["id"].as_str().unwrap();
    for (version, action) in [(1, "agree"), (2, "sign")] {
        let reply = step(
            &app,
            &admin,
            id,
            json!({"version": version, "action": action}),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    order(&app, &admin, &c, &p, "2026-11-20", 300_000).await;
    let later = customer_quote(&app, &admin, &c, "2026-12-01").await;
    assert_eq!(later["kind"], "first");
    assert_eq!(later["purchases_cents"], 300_000);
    assert_eq!(fee_of(&later, "BASIC")["covered_value_cents"], 300_000);
    let refused = app
        .call(
            "POST",
            "/api/v1/contracts",
            Some(&admin),
            Some(json!({"customer_id": c, "package_code": "BASIC",
                "period_start": "2026-12-01", "period_end": "2027-11-30",
                "order_line_ids": [both["lines"][0]["id"]]})),
        )
        .await;
    let problem = assert_problem(&refused, 422);
    assert!(
        problem["errors"].get("order_line_ids").is_some(),
        "{problem}"
    );
}

#[tokio::test]
async fn a_figures_quote_adds_the_lines_leaving_free_cover() {
    let app = TestApp::spawn().await;
    let (service, _) = app.user_with_role("service").await;
    let reply = app
        .call(
            "POST",
            "/api/v1/contracts/quote",
            Some(&service),
            Some(json!({"kind": "first", "purchases_cents": 2_000_000, "leaving_free_cents": 10_000_000})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        fee_of(&reply.body, "STANDARD")["covered_value_cents"],
        12_000_000
    );
    assert_eq!(fee_of(&reply.body, "STANDARD")["fee_cents"], 1_440_000);
    let bad = app
        .call(
            "POST",
            "/api/v1/contracts/quote",
            Some(&service),
            Some(json!({"kind": "first", "purchases_cents": 1, "leaving_free_cents": -1})),
        )
        .await;
    let problem = assert_problem(&bad, 422);
    assert!(
        problem["errors"].get("leaving_free_cents").is_some(),
        "{problem}"
    );
}
