//! What a customer's review allows (SPEC 2): a `rejected` customer gets no
//! orders, contracts, visits or requests; a `pending_review` one no orders
//! or contracts, and its requests are taken in flagged, with the reviewers
//! told; a `verified` one everything.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::{pending_customer, product, verify};
use crate::requests::{intake, take_in};

/// What is asked for `customer`: an order, a contract, a routine visit and
/// a request, each answered.
async fn ask_everything(app: &TestApp, token: &str, customer: &str, product: &str) -> Asked {
    let order = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(token),
            Some(json!({"customer_id": customer, "order_date": "2025-02-01",
                "lines": [{"product_id": product, "quantity": 1, "unit_price_cents": 100_000}]})),
        )
        .await;
    // A line of the order if it was entered; otherwise one that does not
    // exist (the gate answers before the lines are read).
    let line = order.body["lines"][0]["id"]
        .as_str()
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let contract = app
        .call(
            "POST",
            "/api/v1/contracts",
            Some(token),
            Some(json!({"customer_id": customer, "package_code": "STANDARD",
                "period_start": "2025-03-01", "period_end": "2026-02-28",
                "order_line_ids": [line]})),
        )
        .await;
    let visit = app
        .call(
            "POST",
            "/api/v1/visits",
            Some(token),
            Some(json!({"kind": "routine", "customer_id": customer,
                "due_at": "2025-03-10T10:00:00+08:00"})),
        )
        .await;
    let request = app
        .call(
            "POST",
            "/api/v1/requests",
            Some(token),
            Some(intake(customer, "fault", "software", "routine")),
        )
        .await;
    Asked {
        order,
        contract,
        visit,
        request,
    }
}

struct Asked {
    order: crate::helpers::Reply,
    contract: crate::helpers::Reply,
    visit: crate::helpers::Reply,
    request: crate::helpers::Reply,
}

/// Reviews `customer` (registered by someone else) as a manager.
async fn review(app: &TestApp, customer: &str, decision: &str) {
    let (manager, _) = app.user_with_role("manager").await;
    let reply = app
        .call(
            "POST",
            &format!("/api/v1/customers/{customer}/review"),
            Some(&manager),
            Some(json!({"version": 1, "decision": decision, "reason": "地址不存在"})),
        )
        .await;
    assert_eq!(reply.status, 200, "reviewing: {}", reply.body);
}

/// The first administrator's id.
async fn admin_id(app: &TestApp) -> uuid::Uuid {
    use rapport_entity::users;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    users::Entity::find()
        .filter(users::Column::Email.eq(crate::helpers::ADMIN_EMAIL))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The notices of kind `customer_unverified` stored, by recipient.
async fn unverified_notices(app: &TestApp) -> BTreeMap<uuid::Uuid, Vec<Value>> {
    use rapport_entity::notifications;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let rows = notifications::Entity::find()
        .filter(notifications::Column::Kind.eq("customer_unverified"))
        .all(&app.db)
        .await
        .unwrap();
    let mut by_user: BTreeMap<uuid::Uuid, Vec<Value>> = BTreeMap::new();
    for row in rows {
        by_user
            .entry(row.user_id)
            .or_default()
            .push(row.params.unwrap_or_default());
    }
    by_user
}

#[tokio::test]
async fn a_rejected_customer_gets_no_order_contract_visit_or_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = pending_customer(&app, &admin, "查无此司").await;
    let product = product(&app, &admin, "ERP", "software").await;
    review(&app, &customer, "rejected").await;

    let asked = ask_everything(&app, &admin, &customer, &product).await;

    for (what, reply) in [
        ("order", &asked.order),
        ("contract", &asked.contract),
        ("visit", &asked.visit),
        ("request", &asked.request),
    ] {
        let problem = assert_problem(reply, 409);
        assert_eq!(problem["code"], "customer_rejected", "{what}: {problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("`rejected`"), "{what}: {detail}");
    }
    let requests = app
        .call(
            "GET",
            &format!("/api/v1/requests?customer_id={customer}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(requests.body["total"], 0, "{}", requests.body);
}

#[tokio::test]
async fn a_pending_customer_gets_no_order_or_contract_but_its_request_is_taken_in_flagged() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (sales, _) = app.user_with_role("sales").await;
    let customer = pending_customer(&app, &sales, "刚登记的客户").await;
    let product = product(&app, &admin, "ERP", "software").await;

    let asked = ask_everything(&app, &admin, &customer, &product).await;

    for (what, reply) in [("order", &asked.order), ("contract", &asked.contract)] {
        let problem = assert_problem(reply, 409);
        assert_eq!(problem["code"], "customer_unverified", "{what}: {problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("`pending_review`"), "{what}: {detail}");
    }
    assert_eq!(asked.visit.status, 201, "visit: {}", asked.visit.body);
    assert_eq!(asked.request.status, 201, "request: {}", asked.request.body);
    assert_eq!(asked.request.body["customer_unverified"], true);
    let id = asked.request.body["id"].as_str().unwrap();
    let read = app
        .call("GET", &format!("/api/v1/requests/{id}"), Some(&admin), None)
        .await;
    assert_eq!(read.body["customer_unverified"], true, "{}", read.body);
}

#[tokio::test]
async fn each_active_reviewer_is_told_once_of_a_request_for_a_pending_customer() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (manager, manager_id) = app.user_with_role("manager").await;
    let (account_manager, account_manager_id) = app.user_with_role("account_manager").await;
    let (_, gone_id) = app.user_with_role("account_manager").await;
    let deactivated = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{gone_id}"),
            Some(&admin),
            Some(json!({"version": 1, "active": false})),
        )
        .await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.body);
    let (sales, sales_id) = app.user_with_role("sales").await;
    let (service, service_id) = app.user_with_role("service").await;
    let customer = pending_customer(&app, &sales, "刚登记的客户").await;

    let request = take_in(
        &app,
        &service,
        intake(&customer, "fault", "software", "urgent"),
    )
    .await;

    let told = unverified_notices(&app).await;
    let admin_id = admin_id(&app).await;
    let mut expected = vec![admin_id.to_string(), manager_id, account_manager_id];
    expected.sort();
    let recipients: Vec<String> = told.keys().map(ToString::to_string).collect();
    assert_eq!(recipients, expected);
    for (user, notices) in &told {
        assert_eq!(notices.len(), 1, "{user} told {notices:?}");
    }
    for quiet in [&gone_id, &sales_id, &service_id] {
        assert!(!recipients.contains(quiet), "{quiet} was told");
    }
    for token in [&admin, &manager, &account_manager] {
        let listed = app
            .call("GET", "/api/v1/notifications", Some(token), None)
            .await;
        assert_eq!(listed.body["total"], 1, "{}", listed.body);
        let notification = &listed.body["items"][0];
        assert_eq!(
            notification["notice"],
            json!({"kind": "customer_unverified",
                "request_number": request["number"], "customer_name": "刚登记的客户"})
        );
        assert_eq!(notification["entity_type"], "request");
        assert_eq!(notification["entity_id"], request["id"]);
    }
}

#[tokio::test]
async fn a_verified_customer_gets_everything_and_nobody_is_told() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = pending_customer(&app, &admin, "已审核的客户").await;
    let product = product(&app, &admin, "ERP", "software").await;
    review(&app, &customer, "verified").await;

    let asked = ask_everything(&app, &admin, &customer, &product).await;

    assert_eq!(asked.order.status, 201, "order: {}", asked.order.body);
    assert_eq!(
        asked.contract.status, 201,
        "contract: {}",
        asked.contract.body
    );
    assert_eq!(asked.visit.status, 201, "visit: {}", asked.visit.body);
    assert_eq!(asked.request.status, 201, "request: {}", asked.request.body);
    assert_eq!(asked.request.body["customer_unverified"], false);
    assert!(unverified_notices(&app).await.is_empty());
}

#[tokio::test]
async fn a_request_taken_in_before_verification_stays_flagged_after_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = pending_customer(&app, &admin, "先报修后审核").await;
    let flagged = take_in(
        &app,
        &admin,
        intake(&customer, "fault", "software", "routine"),
    )
    .await;
    verify(&app, &customer).await;

    let later = take_in(
        &app,
        &admin,
        intake(&customer, "fault", "software", "routine"),
    )
    .await;

    assert_eq!(flagged["customer_unverified"], true);
    assert_eq!(later["customer_unverified"], false);
}
