//! Packages, quotes, contracts and their lifecycle, the free batch and the audit log.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};

/// Creates a paid draft contract and returns it.
async fn contract(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = app
        .call("POST", "/api/v1/contracts", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 201, "creating a contract: {}", reply.body);
    reply.body
}

/// Takes a lifecycle action (`POST /contracts/{id}/actions`) and returns the reply.
async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> crate::helpers::Reply {
    app.call(
        "POST",
        &format!("/api/v1/contracts/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

fn fee_of<'a>(quote: &'a Value, package: &str) -> &'a Value {
    quote["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["package"] == package)
        .unwrap_or_else(|| panic!("no {package} in {quote}"))
}

async fn contract_count(app: &TestApp, token: &str) -> u64 {
    let listed = app
        .call("GET", "/api/v1/contracts", Some(token), None)
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["total"].as_u64().unwrap()
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
    assert_eq!(
        reply.body["last_year_service"],
        json!({"requests_by_category": {}, "on_site_visits": 0, "sla_compliance": null})
    );
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

#[tokio::test]
async fn a_contract_goes_from_draft_to_paid_recording_invoice_and_payment() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let (_, technician) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "C").await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(&admin),
            Some(json!({"name": "李雷", "preferred_channel": "phone"})),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    let p = product(&app, &admin, "P", "hardware").await;
    let sold = order(&app, &admin, &c, &p, "2024-06-01", 1_000_000).await;
    let line = sold["lines"][0]["id"].as_str().unwrap();
    let created = contract(&app, &service, json!({"customer_id": c, "package_code": "STANDARD",
        "period_start": "2025-03-01", "period_end": "2026-02-28", "sites": 2, "installed_versions": "ERP 5.1",
        "maintenance_contact_id": contact.body["id"], "technician_id": technician, "order_line_ids": [line]})).await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["fee_cents"], 120_000);
    assert_eq!(created["covered_lines"][0]["order_line_id"], line);
    let id = created["id"].as_str().unwrap();

    let agreed = step(&app, &service, id, json!({"version": 1, "action": "agree"})).await;
    let signed = step(&app, &service, id, json!({"version": 2, "action": "sign"})).await;
    let invoiced = step(
        &app,
        &service,
        id,
        json!({"version": 3, "action": "invoice",
        "invoice_method": "courier", "invoice_sent_on": "2025-03-05"}),
    )
    .await;
    let paid = step(
        &app,
        &service,
        id,
        json!({"version": 4, "action": "pay", "paid_on": "2025-03-20"}),
    )
    .await;
    let expired = step(
        &app,
        &service,
        id,
        json!({"version": 5, "action": "expire"}),
    )
    .await;

    assert_eq!(agreed.body["status"], "agreed", "{}", agreed.body);
    assert_eq!(signed.body["status"], "signed");
    assert_eq!(invoiced.body["status"], "invoiced", "{}", invoiced.body);
    assert_eq!(invoiced.body["invoice_method"], "courier");
    assert_eq!(invoiced.body["invoice_sent_on"], "2025-03-05");
    assert_eq!(paid.body["status"], "paid");
    assert_eq!(paid.body["paid_on"], "2025-03-20");
    assert_eq!(expired.body["status"], "expired");
    assert_eq!(expired.body["version"], 6);
    let audit = app
        .call(
            "GET",
            &format!("/api/v1/audit?entity_type=contract&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    assert_eq!(audit.body["total"], 6);
    let signed_entries = app
        .call(
            "GET",
            &format!("/api/v1/audit?action=contract.sign&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(signed_entries.body["total"], 1);
    assert_eq!(signed_entries.body["items"][0]["after"]["status"], "signed");
}

#[tokio::test]
async fn a_contract_is_cancelled_with_a_reason_and_illegal_steps_name_the_state() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let body = json!({"customer_id": c, "package_code": "BASIC", "period_start": "2025-03-01", "period_end": "2026-02-28"});
    let draft = contract(&app, &admin, body.clone()).await;
    let id = draft["id"].as_str().unwrap();

    let sign_a_draft = step(&app, &admin, id, json!({"version": 1, "action": "sign"})).await;
    let pay_a_draft = step(&app, &admin, id, json!({"version": 1, "action": "pay"})).await;
    let no_reason = step(&app, &admin, id, json!({"version": 1, "action": "cancel"})).await;
    let blank_reason = step(
        &app,
        &admin,
        id,
        json!({"version": 1, "action": "cancel", "reason": "  "}),
    )
    .await;
    let no_invoice_fields =
        step(&app, &admin, id, json!({"version": 1, "action": "invoice"})).await;
    let stray_field = step(
        &app,
        &admin,
        id,
        json!({"version": 1, "action": "agree", "reason": "x"}),
    )
    .await;
    let unknown_action = step(
        &app,
        &admin,
        id,
        json!({"version": 1, "action": "renegotiate"}),
    )
    .await;
    let stale = step(&app, &admin, id, json!({"version": 7, "action": "agree"})).await;
    let cancelled = step(
        &app,
        &admin,
        id,
        json!({"version": 1, "action": "cancel", "reason": "customer chose a competitor"}),
    )
    .await;
    let after_cancel = step(&app, &admin, id, json!({"version": 2, "action": "agree"})).await;

    let problem = assert_problem(&sign_a_draft, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert_eq!(
        problem["detail"],
        "cannot sign a contract that is `draft`: the customer agrees on the phone first"
    );
    assert!(
        assert_problem(&pay_a_draft, 409)["detail"]
            .as_str()
            .unwrap()
            .contains("draft")
    );
    assert!(
        assert_problem(&no_reason, 422)["errors"]
            .get("reason")
            .is_some()
    );
    assert!(
        assert_problem(&blank_reason, 422)["errors"]
            .get("reason")
            .is_some()
    );
    let missing = assert_problem(&no_invoice_fields, 422);
    assert_eq!(
        missing["errors"]["invoice_method"][0],
        "is required to `invoice`"
    );
    assert!(missing["errors"].get("invoice_sent_on").is_some());
    assert_eq!(
        assert_problem(&stray_field, 422)["errors"]["reason"][0],
        "is not used by `agree`"
    );
    assert!(
        assert_problem(&unknown_action, 400)["errors"]
            .get("action")
            .is_some()
    );
    let stale = assert_problem(&stale, 409);
    assert_eq!(stale["code"], "stale_version");
    assert!(
        stale["detail"]
            .as_str()
            .unwrap()
            .contains("now at version 1"),
        "{stale}"
    );
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(
        cancelled.body["cancel_reason"],
        "customer chose a competitor"
    );
    assert!(
        assert_problem(&after_cancel, 409)["detail"]
            .as_str()
            .unwrap()
            .contains("cancelled")
    );

    let paid = contract(&app, &admin, body).await;
    let pid = paid["id"].as_str().unwrap();
    for (version, action) in [
        (1, json!({"action": "agree"})),
        (2, json!({"action": "sign"})),
        (
            3,
            json!({"action": "invoice", "invoice_method": "post", "invoice_sent_on": "2025-03-02"}),
        ),
        (4, json!({"action": "pay"})),
    ] {
        let mut body = action;
        body["version"] = json!(version);
        let reply = step(&app, &admin, pid, body).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let cancel_paid = step(
        &app,
        &admin,
        pid,
        json!({"version": 5, "action": "cancel", "reason": "too late"}),
    )
    .await;
    assert!(
        assert_problem(&cancel_paid, 409)["detail"]
            .as_str()
            .unwrap()
            .contains("paid")
    );
    let fetched = app
        .call(
            "GET",
            &format!("/api/v1/contracts/{pid}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(fetched.body["paid_on"], "2025-03-03");
}

#[tokio::test]
async fn bad_contracts_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let other = customer(&app, &admin, "Other").await;
    let (_, sales_user) = app.user_with_role("sales").await;
    let foreign_contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{other}/contacts"),
            Some(&admin),
            Some(json!({"name": "王", "preferred_channel": "phone"})),
        )
        .await;
    let p = product(&app, &admin, "P", "hardware").await;
    let foreign_order = order(&app, &admin, &other, &p, "2025-01-01", 100).await;
    let base = json!({"customer_id": c, "package_code": "BASIC", "period_start": "2025-03-01", "period_end": "2026-02-28"});
    let with = |field: &str, value: Value| {
        let mut body = base.clone();
        body[field] = value;
        body
    };
    let cases: Vec<(&str, Value, u16, Option<&str>)> = vec![
        (
            "end before start",
            with("period_end", json!("2025-02-28")),
            422,
            Some("period_end"),
        ),
        (
            "invalid date",
            with("period_end", json!("2025-02-30")),
            400,
            Some("period_end"),
        ),
        (
            "unknown package",
            with("package_code", json!("GOLD")),
            422,
            Some("package_code"),
        ),
        ("zero sites", with("sites", json!(0)), 422, Some("sites")),
        (
            "10 kB versions",
            with("installed_versions", json!("v".repeat(10_240))),
            422,
            Some("installed_versions"),
        ),
        (
            "contact of another customer",
            with("maintenance_contact_id", foreign_contact.body["id"].clone()),
            422,
            Some("maintenance_contact_id"),
        ),
        (
            "technician who is not one",
            with("technician_id", json!(sales_user)),
            422,
            Some("technician_id"),
        ),
        (
            "line of another customer",
            with("order_line_ids", json!([foreign_order["lines"][0]["id"]])),
            422,
            Some("order_line_ids"),
        ),
        (
            "previous that is not a contract",
            with("previous_contract_id", json!(uuid::Uuid::new_v4())),
            422,
            Some("previous_contract_id"),
        ),
        (
            "fee given by the client",
            with("fee_cents", json!(1)),
            400,
            Some("fee_cents"),
        ),
        (
            "wrong type",
            with("sites", json!("two")),
            400,
            Some("sites"),
        ),
    ];

    for (name, body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/contracts", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        if let Some(field) = field {
            assert!(problem["errors"].get(field).is_some(), "{name}: {problem}");
        }
    }
    assert_eq!(contract_count(&app, &admin).await, 0);
}

#[tokio::test]
async fn a_contract_change_needs_the_current_version() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let created = contract(
        &app,
        &admin,
        json!({"customer_id": c, "package_code": "BASIC",
        "period_start": "2025-03-01", "period_end": "2026-02-28"}),
    )
    .await;
    let path = format!("/api/v1/contracts/{}", created["id"].as_str().unwrap());

    let changed = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "sites": 3})),
        )
        .await;
    let stale = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "sites": 5})),
        )
        .await;

    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_problem(&stale, 409);
    let now = app.call("GET", &path, Some(&admin), None).await;
    assert_eq!(now.body["sites"], 3);
    assert_eq!(now.body["version"], 2);
}

#[tokio::test]
async fn contracts_in_force_ending_within_n_days_are_listed_soonest_first() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let mut ids = Vec::new();
    for (end, sign) in [
        ("2025-03-31", true),
        ("2025-03-20", true),
        ("2025-03-10", false),
        ("2025-06-30", true),
    ] {
        let created = contract(
            &app,
            &admin,
            json!({"customer_id": c, "package_code": "BASIC",
            "period_start": "2024-07-01", "period_end": end}),
        )
        .await;
        let id = created["id"].as_str().unwrap().to_owned();
        if sign {
            step(&app, &admin, &id, json!({"version": 1, "action": "agree"})).await;
            let signed = step(&app, &admin, &id, json!({"version": 2, "action": "sign"})).await;
            assert_eq!(signed.status, 200);
        }
        ids.push(id);
    }

    let ending = app
        .call(
            "GET",
            "/api/v1/contracts?ending_within_days=30",
            Some(&admin),
            None,
        )
        .await;
    let drafts = app
        .call("GET", "/api/v1/contracts?status=draft", Some(&admin), None)
        .await;

    assert_eq!(ending.status, 200, "{}", ending.body);
    let listed: Vec<&str> = ending.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [ids[1].as_str(), ids[0].as_str()]);
    assert_eq!(drafts.body["total"], 1);
}

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
async fn packages_are_read_by_everyone_and_changed_only_by_admins_with_the_version() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (manager, _) = app.user_with_role("manager").await;
    let (marketing, _) = app.user_with_role("marketing").await;

    let listed = app
        .call("GET", "/api/v1/packages", Some(&marketing), None)
        .await;
    let by_manager = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&manager),
            Some(json!({"version": 1, "rate_bp": 900})),
        )
        .await;
    let changed = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"version": 1, "rate_bp": 900})),
        )
        .await;
    let stale = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"version": 1, "rate_bp": 950})),
        )
        .await;
    let no_version = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"rate_bp": 950})),
        )
        .await;
    let bad_code = app
        .call(
            "PUT",
            "/api/v1/packages/gold",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": 1})),
        )
        .await;
    let bad_rate = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": 100_001})),
        )
        .await;
    let negative_rate = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": -1})),
        )
        .await;
    let incomplete = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold"})),
        )
        .await;

    assert_eq!(listed.status, 200);
    let codes: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BASIC", "STANDARD", "PREMIUM"]);
    assert_problem(&by_manager, 403);
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["rate_bp"], 900);
    assert_problem(&stale, 409);
    assert!(
        assert_problem(&no_version, 422)["errors"]
            .get("version")
            .is_some()
    );
    assert!(
        assert_problem(&bad_code, 422)["errors"]
            .get("code")
            .is_some()
    );
    assert!(
        assert_problem(&bad_rate, 422)["errors"]
            .get("rate_bp")
            .is_some()
    );
    assert!(
        assert_problem(&negative_rate, 400)["errors"]
            .get("rate_bp")
            .is_some()
    );
    assert_problem(&incomplete, 422);
    let after = app
        .call("GET", "/api/v1/packages", Some(&admin), None)
        .await;
    assert_eq!(after.body.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn contract_roles_are_enforced_and_anonymous_callers_get_401() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (sales, _) = app.user_with_role("sales").await;
    let (manager, _) = app.user_with_role("manager").await;
    let c = customer(&app, &admin, "C").await;
    let body = json!({"customer_id": c, "package_code": "BASIC", "period_start": "2025-03-01", "period_end": "2026-02-28"});

    let create_by_technician = app
        .call(
            "POST",
            "/api/v1/contracts",
            Some(&technician),
            Some(body.clone()),
        )
        .await;
    let batch_by_sales = app
        .call(
            "POST",
            "/api/v1/contracts/free-batch",
            Some(&sales),
            Some(json!({"month": "2025-01"})),
        )
        .await;
    let audit_by_sales = app.call("GET", "/api/v1/audit", Some(&sales), None).await;
    let audit_by_manager = app
        .call(
            "GET",
            "/api/v1/audit?entity_type=customer",
            Some(&manager),
            None,
        )
        .await;
    let quote_by_technician = app
        .call(
            "POST",
            "/api/v1/contracts/quote",
            Some(&technician),
            Some(json!({"kind": "first", "purchases_cents": 1})),
        )
        .await;
    let anonymous = [
        app.call("POST", "/api/v1/contracts", None, Some(body))
            .await,
        app.call("GET", "/api/v1/contracts", None, None).await,
        app.call(
            "POST",
            "/api/v1/contracts/quote",
            None,
            Some(json!({"kind": "first", "purchases_cents": 1})),
        )
        .await,
        app.call("GET", "/api/v1/audit", None, None).await,
        app.call("GET", "/api/v1/packages", None, None).await,
    ];

    assert_problem(&create_by_technician, 403);
    assert_problem(&batch_by_sales, 403);
    assert_problem(&audit_by_sales, 403);
    assert_eq!(audit_by_manager.status, 200);
    assert_eq!(audit_by_manager.body["total"], 1);
    assert_eq!(
        audit_by_manager.body["items"][0]["action"],
        "customer.create"
    );
    assert_eq!(quote_by_technician.status, 200);
    for reply in &anonymous {
        assert_problem(reply, 401);
    }
    assert_eq!(contract_count(&app, &admin).await, 0);
}
