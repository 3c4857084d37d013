//! The customer registry: registration and review by a second person,
//! versioned edits, archiving, listing and search, the routine-visit due
//! list, and bad input.

use rapport_entity::customers;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

/// A valid registration body for a customer named `name`.
pub fn new_customer(name: &str) -> Value {
    json!({"name": name, "industry": "制造业", "address": "北京市海淀区", "stage": "new", "tier": "core", "preferred_channel": "phone"})
}

/// Registers `body` and returns the customer.
pub async fn register(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = app
        .call("POST", "/api/v1/customers", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_registration_starts_pending_and_another_person_verifies_it() {
    let app = TestApp::spawn().await;
    let (sales, _) = app.user_with_role("sales").await;
    let (am, _) = app.user_with_role("account_manager").await;
    let customer = register(&app, &sales, new_customer("华为技术")).await;
    assert_eq!(customer["verification"], "pending_review");
    let id = customer["id"].as_str().unwrap();

    let reviewed = app
        .call(
            "POST",
            &format!("/api/v1/customers/{id}/review"),
            Some(&am),
            Some(json!({"version": 1, "decision": "verified"})),
        )
        .await;

    assert_eq!(reviewed.status, 200, "{}", reviewed.body);
    assert_eq!(reviewed.body["verification"], "verified");
    assert_eq!(reviewed.body["version"], 2);
    assert!(reviewed.body["reviewed_by"].is_string());
}

#[tokio::test]
async fn the_registrant_cannot_review_their_own_registration() {
    let app = TestApp::spawn().await;
    let (am, _) = app.user_with_role("account_manager").await;
    let customer = register(&app, &am, new_customer("自己审核")).await;
    let id = customer["id"].as_str().unwrap();

    let reply = app
        .call(
            "POST",
            &format!("/api/v1/customers/{id}/review"),
            Some(&am),
            Some(json!({"version": 1, "decision": "verified"})),
        )
        .await;

    assert_eq!(
        assert_problem(&reply, 409)["code"],
        "reviewer_is_registrant"
    );
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_a_review_happens_once() {
    let app = TestApp::spawn().await;
    let (sales, _) = app.user_with_role("sales").await;
    let manager = app.admin_token().await;
    let id = register(&app, &sales, new_customer("资料不全")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/customers/{id}/review");

    let no_reason = app
        .call(
            "POST",
            &path,
            Some(&manager),
            Some(json!({"version": 1, "decision": "rejected"})),
        )
        .await;
    assert!(assert_problem(&no_reason, 422)["errors"]["reason"].is_array());

    let rejected = app
        .call(
            "POST",
            &path,
            Some(&manager),
            Some(json!({"version": 1, "decision": "rejected", "reason": "营业执照号码不符"})),
        )
        .await;
    assert_eq!(rejected.status, 200);
    assert_eq!(rejected.body["rejection_reason"], "营业执照号码不符");

    let again = app
        .call(
            "POST",
            &path,
            Some(&manager),
            Some(json!({"version": 2, "decision": "verified"})),
        )
        .await;
    assert_eq!(assert_problem(&again, 409)["code"], "already_reviewed");
}

#[tokio::test]
async fn customers_are_listed_filtered_and_searched() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    register(&app, &admin, new_customer("北京远景科技")).await;
    register(&app, &admin, json!({"name": "Shanghai Ocean Trading", "stage": "potential", "tier": "ordinary", "preferred_channel": "email"})).await;
    register(&app, &admin, json!({"name": "广州数据中心", "industry": "Data", "stage": "long_term", "tier": "potential", "preferred_channel": "visit"})).await;

    let all = app
        .call("GET", "/api/v1/customers?limit=2", Some(&admin), None)
        .await;
    assert_eq!(all.body["total"], 3);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let ordinary = app
        .call("GET", "/api/v1/customers?tier=ordinary", Some(&admin), None)
        .await;
    assert_eq!(ordinary.body["total"], 1);
    assert_eq!(ordinary.body["items"][0]["name"], "Shanghai Ocean Trading");
    let searched = app
        .call("GET", "/api/v1/customers?q=ocean", Some(&admin), None)
        .await;
    assert_eq!(searched.body["total"], 1);
    let chinese = app
        .call(
            "GET",
            "/api/v1/customers?q=%E8%BF%9C%E6%99%AF",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(chinese.body["total"], 1, "{}", chinese.body);
    let bad_sort = app
        .call("GET", "/api/v1/customers?sort=salary", Some(&admin), None)
        .await;
    assert!(assert_problem(&bad_sort, 422)["errors"]["sort"].is_array());
    let bad_tier = app
        .call("GET", "/api/v1/customers?tier=gold", Some(&admin), None)
        .await;
    assert_problem(&bad_tier, 400);
}

#[tokio::test]
async fn an_archived_customer_leaves_the_list_and_cannot_be_edited() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = register(&app, &admin, new_customer("停业公司")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let archived = app
        .call(
            "POST",
            &format!("/api/v1/customers/{id}/archive"),
            Some(&admin),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);

    assert_eq!(
        app.call("GET", "/api/v1/customers", Some(&admin), None)
            .await
            .body["total"],
        0
    );
    assert_eq!(
        app.call(
            "GET",
            "/api/v1/customers?include_archived=true",
            Some(&admin),
            None
        )
        .await
        .body["total"],
        1
    );
    let edit = app
        .call(
            "PATCH",
            &format!("/api/v1/customers/{id}"),
            Some(&admin),
            Some(json!({"version": 2, "name": "复业"})),
        )
        .await;
    assert_eq!(assert_problem(&edit, 409)["code"], "archived");
    // Archiving never deletes.
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_stale_customer_update_is_refused_and_the_first_one_stands() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = register(&app, &admin, new_customer("并发公司")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/customers/{id}");
    assert_eq!(
        app.call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "tier": "ordinary"}))
        )
        .await
        .status,
        200
    );

    let stale = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "tier": "potential"})),
        )
        .await;

    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
    assert_eq!(
        app.call("GET", &path, Some(&admin), None).await.body["tier"],
        "ordinary"
    );
}

#[tokio::test]
async fn routine_visits_fall_due_by_tier_cadence() {
    // Clock: 2025-03-03. Core monthly, potential every two months, ordinary quarterly.
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (name, tier, last) in [
        ("core-due", "core", "2025-02-01"),
        ("core-not-due", "core", "2025-02-15"),
        ("potential-due", "potential", "2024-12-20"),
        ("ordinary-not-due", "ordinary", "2025-01-01"),
    ] {
        let id = register(
            &app,
            &admin,
            json!({"name": name, "stage": "new", "tier": tier, "preferred_channel": "phone"}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let visited = app
            .call(
                "PATCH",
                &format!("/api/v1/customers/{id}"),
                Some(&admin),
                Some(json!({"version": 1, "last_routine_visit_on": last})),
            )
            .await;
        assert_eq!(visited.status, 200, "{}", visited.body);
    }

    let due = app
        .call(
            "GET",
            "/api/v1/customers/visits-due?on=2025-03-03",
            Some(&admin),
            None,
        )
        .await;

    let names: Vec<&str> = due
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["potential-due", "core-due"]);
}

#[tokio::test]
async fn bad_customer_input_gets_problems_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let cases = [
        (
            json!({"name": "", "stage": "new", "tier": "core", "preferred_channel": "phone"}),
            422,
            "name",
        ),
        (
            json!({"name": "x".repeat(10_000), "stage": "new", "tier": "core", "preferred_channel": "phone"}),
            422,
            "name",
        ),
        (
            json!({"name": "A", "stage": "new", "tier": "diamond", "preferred_channel": "phone"}),
            400,
            "tier",
        ),
        (
            json!({"name": "A", "stage": "new", "tier": "core", "preferred_channel": "phone", "owner": "me"}),
            400,
            "owner",
        ),
        (
            json!({"name": "A", "stage": "new", "tier": "core", "preferred_channel": "phone", "account_manager_id": "not-a-uuid"}),
            400,
            "account_manager_id",
        ),
        (
            json!({"name": "A", "stage": "new", "tier": "core", "preferred_channel": "phone", "account_manager_id": "6f1c1d0e-0000-4000-8000-000000000000"}),
            422,
            "account_manager_id",
        ),
        (
            json!({"name": ["A"], "stage": "new", "tier": "core", "preferred_channel": "phone"}),
            400,
            "name",
        ),
    ];
    for (body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/customers", Some(&admin), Some(body))
            .await;
        assert!(
            assert_problem(&reply, status)["errors"][field].is_array(),
            "expected an error on {field}: {}",
            reply.body
        );
    }
    assert_problem(
        &app.send_raw(
            "POST",
            "/api/v1/customers",
            &admin,
            "application/json",
            "{not json",
        )
        .await,
        400,
    );
    assert_problem(
        &app.send_raw("POST", "/api/v1/customers", &admin, "text/plain", "hello")
            .await,
        415,
    );
    assert_problem(
        &app.call("GET", "/api/v1/customers/not-a-uuid", Some(&admin), None)
            .await,
        404,
    );
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn text_holding_the_nul_character_is_refused_naming_the_field_and_nothing_is_stored() {
    // PostgreSQL cannot store U+0000 in text: it used to fail there with a 500.
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let reply = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(&admin),
            Some(new_customer("华为\u{0}技术")),
        )
        .await;
    let problem = assert_problem(&reply, 422);
    assert!(problem["errors"]["name"].is_array(), "{problem}");

    // Found wherever it is in the body, and named by its path.
    let mut nested = new_customer("华为技术");
    nested["tags"] = json!([{"label": "ok"}, {"label": "a\u{0}b"}]);
    let reply = app
        .call("POST", "/api/v1/customers", Some(&admin), Some(nested))
        .await;
    let problem = assert_problem(&reply, 422);
    assert!(problem["errors"]["tags[1].label"].is_array(), "{problem}");

    let reply = app
        .call(
            "GET",
            "/api/v1/customers?q=%E5%8D%8E%00",
            Some(&admin),
            None,
        )
        .await;
    let problem = assert_problem(&reply, 422);
    assert!(problem["errors"]["q"].is_array(), "{problem}");
    let reply = app
        .call("GET", "/api/v1/audit?entity_id=%00", Some(&admin), None)
        .await;
    let problem = assert_problem(&reply, 422);
    assert!(problem["errors"]["entity_id"].is_array(), "{problem}");

    let stored = customers::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn the_desk_finds_a_customer_by_the_last_digits_of_a_contacts_phone() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let found = crate::orders::customer(&app, &admin, "远景制造").await;
    let other = crate::orders::customer(&app, &admin, "海洋贸易").await;
    for (customer, phone) in [(&found, "13812345678"), (&other, "010-62349999")] {
        let created = app
            .call(
                "POST",
                &format!("/api/v1/customers/{customer}/contacts"),
                Some(&admin),
                Some(json!({"name": "联系人", "phone": phone, "preferred_channel": "phone"})),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    let names = |q: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let reply = app
                .call(
                    "GET",
                    &format!("/api/v1/customers?q={q}"),
                    Some(admin),
                    None,
                )
                .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
            reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|customer| customer["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names("5678").await, vec!["远景制造"]);
    assert_eq!(names("12345678").await, vec!["远景制造"]);
    assert_eq!(names("9999").await, vec!["海洋贸易"]);
    // The middle of a number is not its tail, and three digits are too few.
    assert!(names("1234").await.is_empty());
    assert!(names("678").await.is_empty());
    // Names are still searched as before.
    assert_eq!(names("%E6%B5%B7%E6%B4%8B").await, vec!["海洋贸易"]);
}

/// A required name, summary or reason of white space only is a 422 naming
/// the field (validation alone took `"   "`, stored as an empty name), and
/// nothing is stored.
#[tokio::test]
async fn blank_names_summaries_and_reasons_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (sales, _) = app.user_with_role("sales").await;
    let customer = register(&app, &sales, new_customer("空白测试")).await;
    let id = customer["id"].as_str().unwrap();
    let blank = "  \t ";
    let asked = [
        (
            "POST",
            "/api/v1/customers".to_owned(),
            new_customer(blank),
            "name",
        ),
        (
            "PATCH",
            format!("/api/v1/customers/{id}"),
            json!({"version": 1, "name": blank}),
            "name",
        ),
        (
            "POST",
            format!("/api/v1/customers/{id}/review"),
            json!({"version": 1, "decision": "rejected", "reason": blank}),
            "reason",
        ),
        (
            "POST",
            format!("/api/v1/customers/{id}/contacts"),
            json!({"name": blank, "phone": "13812345678", "preferred_channel": "phone"}),
            "name",
        ),
        (
            "POST",
            format!("/api/v1/customers/{id}/follow-ups"),
            json!({"occurred_at": "2025-02-20T10:00:00+08:00", "method": "phone", "summary": blank}),
            "summary",
        ),
        (
            "POST",
            "/api/v1/users".to_owned(),
            json!({"email": "blank@test.local", "display_name": blank, "password": "a long password", "role": "sales", "department": "sales"}),
            "display_name",
        ),
    ];
    for (method, path, body, field) in asked {
        let reply = app.call(method, &path, Some(&admin), Some(body)).await;
        let problem = assert_problem(&reply, 422);
        assert!(
            problem["errors"][field].is_array(),
            "{method} {path}: {problem}"
        );
    }

    let stored = customers::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(stored, 1);
    let unchanged = app
        .call(
            "GET",
            &format!("/api/v1/customers/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(unchanged.body["name"], "空白测试");
    assert_eq!(unchanged.body["verification"], "pending_review");
}
