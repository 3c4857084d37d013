//! Paid contracts: drafting, changing, listing and who may do what.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};

/// Creates a paid draft contract and returns it.
pub(crate) async fn contract(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = app
        .call("POST", "/api/v1/contracts", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 201, "creating a contract: {}", reply.body);
    reply.body
}

/// Takes a lifecycle action (`POST /contracts/{id}/actions`) and returns the reply.
pub(crate) async fn step(
    app: &TestApp,
    token: &str,
    id: &str,
    body: Value,
) -> crate::helpers::Reply {
    app.call(
        "POST",
        &format!("/api/v1/contracts/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

pub(crate) async fn contract_count(app: &TestApp, token: &str) -> u64 {
    let listed = app
        .call("GET", "/api/v1/contracts", Some(token), None)
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["total"].as_u64().unwrap()
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
async fn the_desk_picks_a_technician_and_changes_a_contracts_people_sites_versions_and_calendar() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (desk, _) = app.user_with_role("service").await;
    let (_, technician) = app.user_with_role("technician").await;
    let (_, gone) = app.user_with_role("technician").await;
    let (_, sales_user) = app.user_with_role("sales").await;
    let deactivated = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{gone}"),
            Some(&admin),
            Some(json!({"version": 1, "active": false})),
        )
        .await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);
    let calendar = app
        .call(
            "PUT",
            "/api/v1/calendars/premium_7x24",
            Some(&admin),
            Some(json!({"time_zone": "Asia/Shanghai",
                "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                "periods": [{"start": "00:00", "end": "24:00"}]})),
        )
        .await;
    assert_eq!(calendar.status, 201, "{}", calendar.body);
    let c = customer(&app, &admin, "C").await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(&admin),
            Some(json!({"name": "王", "preferred_channel": "phone"})),
        )
        .await;
    let created = contract(
        &app,
        &desk,
        json!({"customer_id": c, "package_code": "BASIC",
        "period_start": "2025-03-01", "period_end": "2026-02-28"}),
    )
    .await;
    let path = format!("/api/v1/contracts/{}", created["id"].as_str().unwrap());

    let offered = app
        .call("GET", "/api/v1/contracts/technicians", Some(&desk), None)
        .await;
    let changed = app
        .call(
            "PATCH",
            &path,
            Some(&desk),
            Some(
                json!({"version": 1, "maintenance_contact_id": contact.body["id"],
                "technician_id": technician, "sites": 4,
                "installed_versions": " ERP 9.2 ", "calendar_name": "premium_7x24"}),
            ),
        )
        .await;
    let refused = app
        .call(
            "PATCH",
            &path,
            Some(&desk),
            Some(json!({"version": 2, "technician_id": sales_user,
                "calendar_name": "no_such_calendar"})),
        )
        .await;
    let back_to_the_organisations = app
        .call(
            "PATCH",
            &path,
            Some(&desk),
            Some(json!({"version": 2, "calendar_name": ""})),
        )
        .await;
    let (sales, _) = app.user_with_role("sales").await;
    let offered_to_sales = app
        .call("GET", "/api/v1/contracts/technicians", Some(&sales), None)
        .await;

    assert_eq!(offered.status, 200, "{}", offered.body);
    let ids: Vec<&str> = offered
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [technician.as_str()], "active technicians only");
    assert_eq!(offered.body[0]["display_name"], "technician");
    assert_eq!(offered.body[0]["department"], "technical_software");
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["maintenance_contact_id"], contact.body["id"]);
    assert_eq!(changed.body["technician_id"], technician.as_str());
    assert_eq!(changed.body["technician_name"], "technician");
    assert_eq!(changed.body["sites"], 4);
    assert_eq!(changed.body["installed_versions"], "ERP 9.2");
    assert_eq!(changed.body["calendar_name"], "premium_7x24");
    let problem = assert_problem(&refused, 422);
    assert!(
        problem["errors"].get("technician_id").is_some(),
        "{problem}"
    );
    assert_eq!(back_to_the_organisations.status, 200);
    assert!(back_to_the_organisations.body["calendar_name"].is_null());
    assert_eq!(
        back_to_the_organisations.body["technician_name"],
        "technician"
    );
    assert_problem(&offered_to_sales, 403);
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
    // Each comes with its customer's name, as does one read alone.
    assert_eq!(ending.body["items"][0]["customer_name"], "C");
    let one = app
        .call(
            "GET",
            &format!("/api/v1/contracts/{}", ids[0]),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(one.body["customer_name"], "C", "{}", one.body);
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

#[tokio::test]
async fn a_named_renewal_must_be_this_customers_signed_contract_ended_before_the_start() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let other = customer(&app, &admin, "D").await;
    let year = |customer: &str, start: &str, end: &str| {
        json!({"customer_id": customer, "package_code": "BASIC",
        "period_start": start, "period_end": end})
    };
    let draft = contract(&app, &admin, year(&c, "2024-01-01", "2024-12-31")).await;
    let signed = contract(&app, &admin, year(&c, "2024-01-01", "2024-12-31")).await;
    let signed_id = signed["id"].as_str().unwrap();
    for (version, action) in [(1, "agree"), (2, "sign")] {
        let reply = step(
            &app,
            &admin,
            signed_id,
            json!({"version": version, "action": action}),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let renewing = |customer: &str, start: &str, previous: &Value| {
        let mut body = year(customer, start, "2025-12-31");
        body["previous_contract_id"] = previous["id"].clone();
        body
    };

    let refused = [
        renewing(&c, "2025-01-01", &draft),
        renewing(&c, "2024-12-01", &signed),
        renewing(&other, "2025-01-01", &signed),
    ];
    for body in refused {
        let reply = app
            .call("POST", "/api/v1/contracts", Some(&admin), Some(body))
            .await;
        assert!(
            assert_problem(&reply, 422)["errors"]
                .get("previous_contract_id")
                .is_some()
        );
    }
    let renewal = contract(&app, &admin, renewing(&c, "2025-01-01", &signed)).await;

    assert_eq!(renewal["previous_contract_id"], signed["id"]);
}
