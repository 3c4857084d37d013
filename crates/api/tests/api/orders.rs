//! Products and orders: totals, warranty starts, idempotent creates, bad input and roles.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

/// Registers a customer, verified as most tests need it (a
/// `pending_review` customer gets no orders or contracts), and returns its id.
pub async fn customer(app: &TestApp, token: &str, name: &str) -> String {
    let id = pending_customer(app, token, name).await;
    verify(app, &id).await;
    id
}

/// Marks customer `id` verified in the database, as a reviewer would,
/// leaving its version as registered.
pub async fn verify(app: &TestApp, id: &str) {
    use rapport_entity::customers;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let id: uuid::Uuid = id.parse().unwrap();
    customers::Entity::update_many()
        .col_expr(customers::Column::Verification, Expr::value("verified"))
        .filter(customers::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Registers a customer, still `pending_review`, and returns its id.
pub async fn pending_customer(app: &TestApp, token: &str, name: &str) -> String {
    let reply = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(token),
            Some(
                json!({"name": name, "stage": "new", "tier": "core", "preferred_channel": "phone"}),
            ),
        )
        .await;
    assert_eq!(reply.status, 201, "creating a customer: {}", reply.body);
    reply.body["id"].as_str().unwrap().to_owned()
}

/// Adds a product and returns its id.
pub async fn product(app: &TestApp, token: &str, sku: &str, kind: &str) -> String {
    let reply = app
        .call(
            "POST",
            "/api/v1/products",
            Some(token),
            Some(json!({"sku": sku, "name": format!("Product {sku}"), "kind": kind, "list_price_cents": 100_000})),
        )
        .await;
    assert_eq!(reply.status, 201, "creating a product: {}", reply.body);
    reply.body["id"].as_str().unwrap().to_owned()
}

/// Enters a one-line order and returns the whole order.
pub async fn order(
    app: &TestApp,
    token: &str,
    customer_id: &str,
    product_id: &str,
    order_date: &str,
    unit_price_cents: i64,
) -> Value {
    let reply = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(token),
            Some(json!({"customer_id": customer_id, "order_date": order_date,
                        "lines": [{"product_id": product_id, "quantity": 1, "unit_price_cents": unit_price_cents}]})),
        )
        .await;
    assert_eq!(reply.status, 201, "creating an order: {}", reply.body);
    reply.body
}

async fn order_count(app: &TestApp, token: &str) -> u64 {
    let listed = app.call("GET", "/api/v1/orders", Some(token), None).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["total"].as_u64().unwrap()
}

#[tokio::test]
async fn an_order_computes_its_line_totals_and_total_and_keeps_the_product_kind() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer_id = customer(&app, &admin, "华东制造").await;
    let server = product(&app, &admin, "HW-1", "hardware").await;
    let erp = product(&app, &admin, "SW-1", "software").await;

    let created = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(&admin),
            Some(json!({"customer_id": customer_id, "order_date": "2025-02-10", "note": "first deal",
                        "lines": [{"product_id": server, "quantity": 3, "unit_price_cents": 1_234_567},
                                  {"product_id": erp, "quantity": 1, "unit_price_cents": 50_000_000}]})),
        )
        .await;

    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["total_cents"], 3_703_701 + 50_000_000);
    let lines = created.body["lines"].as_array().unwrap();
    assert_eq!(lines[0]["line_total_cents"], 3_703_701);
    assert_eq!(lines[0]["product_kind"], "hardware");
    assert_eq!(lines[1]["product_kind"], "software");
    assert_eq!(lines[1]["warranty_start"], Value::Null);
    let id = created.body["id"].as_str().unwrap();
    let fetched = app
        .call("GET", &format!("/api/v1/orders/{id}"), Some(&admin), None)
        .await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body["lines"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn orders_are_listed_by_customer_and_date_range() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let a = customer(&app, &admin, "A").await;
    let b = customer(&app, &admin, "B").await;
    let p = product(&app, &admin, "P", "hardware").await;
    order(&app, &admin, &a, &p, "2025-01-10", 100).await;
    order(&app, &admin, &a, &p, "2025-02-10", 200).await;
    order(&app, &admin, &b, &p, "2025-02-11", 300).await;

    let of_a = app
        .call(
            "GET",
            &format!("/api/v1/orders?customer_id={a}"),
            Some(&admin),
            None,
        )
        .await;
    let february = app
        .call(
            "GET",
            "/api/v1/orders?from=2025-02-01&to=2025-02-28",
            Some(&admin),
            None,
        )
        .await;

    assert_eq!(of_a.body["total"], 2);
    assert_eq!(of_a.body["items"][0]["order_date"], "2025-02-10");
    assert_eq!(february.body["total"], 2);
}

#[tokio::test]
async fn an_orders_lines_come_back_in_the_order_they_were_entered() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    // The quantity tells each line's place; the lines share their creation instant.
    let entered: Vec<i64> = vec![7, 3, 12, 1, 9, 5, 11, 2, 8, 4, 10, 6];
    let lines: Vec<Value> = entered
        .iter()
        .map(|quantity| json!({"product_id": p, "quantity": quantity, "unit_price_cents": 100}))
        .collect();
    let created = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(&admin),
            Some(json!({"customer_id": c, "order_date": "2025-01-10", "lines": lines})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap();

    let read = app
        .call("GET", &format!("/api/v1/orders/{id}"), Some(&admin), None)
        .await;
    let listed = app
        .call(
            "GET",
            &format!("/api/v1/orders?customer_id={c}"),
            Some(&admin),
            None,
        )
        .await;

    let quantities = |order: &Value| -> Vec<i64> {
        order["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line["quantity"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(quantities(&created.body), entered);
    assert_eq!(quantities(&read.body), entered);
    assert_eq!(quantities(&listed.body["items"][0]), entered);
}

#[tokio::test]
async fn warranty_starts_at_installation_for_hardware_and_at_acceptance_for_software() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    let sw = product(&app, &admin, "SW", "software").await;
    let hardware_order = order(&app, &admin, &c, &hw, "2025-01-05", 100).await;
    let software_order = order(&app, &admin, &c, &sw, "2025-01-05", 100).await;
    let line_path = |order: &Value| {
        format!(
            "/api/v1/orders/{}/lines/{}",
            order["id"].as_str().unwrap(),
            order["lines"][0]["id"].as_str().unwrap()
        )
    };

    let invoiced = app
        .call(
            "PATCH",
            &line_path(&hardware_order),
            Some(&admin),
            Some(json!({"version": 1, "invoiced_on": "2025-01-20"})),
        )
        .await;
    let installed = app
        .call(
            "PATCH",
            &line_path(&hardware_order),
            Some(&admin),
            Some(json!({"version": 2, "installation_completed_on": "2025-01-15"})),
        )
        .await;
    let software_invoiced = app
        .call(
            "PATCH",
            &line_path(&software_order),
            Some(&admin),
            Some(json!({"version": 1, "invoiced_on": "2025-01-20"})),
        )
        .await;
    let accepted = app
        .call(
            "PATCH",
            &line_path(&software_order),
            Some(&admin),
            Some(json!({"version": 2, "acceptance_signed_on": "2025-02-01"})),
        )
        .await;

    assert_eq!(
        invoiced.body["warranty_start"], "2025-01-20",
        "{}",
        invoiced.body
    );
    assert_eq!(installed.body["warranty_start"], "2025-01-15");
    assert_eq!(software_invoiced.body["warranty_start"], Value::Null);
    assert_eq!(accepted.body["warranty_start"], "2025-02-01");
    assert_eq!(accepted.body["version"], 3);
}

#[tokio::test]
async fn a_stale_line_version_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let hw = product(&app, &admin, "HW", "hardware").await;
    let created = order(&app, &admin, &c, &hw, "2025-01-05", 100).await;
    let order_id = created["id"].as_str().unwrap();
    let path = format!(
        "/api/v1/orders/{order_id}/lines/{}",
        created["lines"][0]["id"].as_str().unwrap()
    );
    let first = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "invoiced_on": "2025-01-20"})),
        )
        .await;
    assert_eq!(first.status, 200);

    let stale = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": 1, "invoiced_on": "2025-01-25"})),
        )
        .await;

    assert_problem(&stale, 409);
    let now = app
        .call(
            "GET",
            &format!("/api/v1/orders/{order_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(now.body["lines"][0]["invoiced_on"], "2025-01-20");
}

#[tokio::test]
async fn a_retried_order_with_the_same_idempotency_key_is_created_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    let body = json!({"customer_id": c, "order_date": "2025-02-01",
                      "lines": [{"product_id": p, "quantity": 2, "unit_price_cents": 500}]});
    let send = || {
        app.client
            .post(app.url("/api/v1/orders"))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "order-42")
            .json(&body)
            .send()
    };

    let first = send().await.unwrap();
    let first_status = first.status().as_u16();
    let first_body: Value = first.json().await.unwrap();
    let second = send().await.unwrap();
    let second_status = second.status().as_u16();
    let second_body: Value = second.json().await.unwrap();

    assert_eq!((first_status, second_status), (201, 201));
    assert_eq!(first_body["id"], second_body["id"]);
    assert_eq!(order_count(&app, &admin).await, 1);
}

#[tokio::test]
async fn an_archived_customer_cannot_place_an_order() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "Gone").await;
    let p = product(&app, &admin, "P", "hardware").await;
    let archived = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/archive"),
            Some(&admin),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);

    let refused = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(&admin),
            Some(json!({"customer_id": c, "order_date": "2025-02-01",
                          "lines": [{"product_id": p, "quantity": 1, "unit_price_cents": 1}]})),
        )
        .await;

    assert_eq!(assert_problem(&refused, 409)["code"], "archived");
    assert_eq!(order_count(&app, &admin).await, 0);
}

#[tokio::test]
async fn bad_orders_are_refused_with_problem_details_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let p = product(&app, &admin, "P", "hardware").await;
    let line = |quantity: Value, price: Value| json!({"product_id": p, "quantity": quantity, "unit_price_cents": price});
    let huge_line = line(json!(100_000), json!(10_000_000_000_000_i64));
    let cases: Vec<(&str, Value, u16, Option<&str>)> = vec![
        (
            "wrong type",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!("two"), json!(1))]}),
            400,
            Some("lines[0].quantity"),
        ),
        (
            "unknown field",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!(1), json!(1))], "discount": 5}),
            400,
            Some("discount"),
        ),
        (
            "invalid date",
            json!({"customer_id": c, "order_date": "2025-02-30", "lines": [line(json!(1), json!(1))]}),
            400,
            Some("order_date"),
        ),
        (
            "negative price",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!(1), json!(-1))]}),
            422,
            Some("lines[0].unit_price_cents"),
        ),
        (
            "price over 10^13",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!(1), json!(10_000_000_000_001_i64))]}),
            422,
            Some("lines[0].unit_price_cents"),
        ),
        (
            "price beyond i64",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!(1), json!(u64::MAX))]}),
            400,
            Some("lines[0].unit_price_cents"),
        ),
        (
            "zero quantity",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [line(json!(0), json!(1))]}),
            422,
            Some("lines[0].quantity"),
        ),
        (
            "no lines",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": []}),
            422,
            Some("lines"),
        ),
        (
            "total beyond i64",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": vec![huge_line; 10]}),
            422,
            Some("lines"),
        ),
        (
            "10 kB note",
            json!({"customer_id": c, "order_date": "2025-02-01", "note": "x".repeat(10_240), "lines": [line(json!(1), json!(1))]}),
            422,
            Some("note"),
        ),
        (
            "unknown product",
            json!({"customer_id": c, "order_date": "2025-02-01", "lines": [{"product_id": uuid::Uuid::new_v4(), "quantity": 1, "unit_price_cents": 1}]}),
            422,
            Some("lines[0].product_id"),
        ),
        (
            "unknown customer",
            json!({"customer_id": uuid::Uuid::new_v4(), "order_date": "2025-02-01", "lines": [line(json!(1), json!(1))]}),
            422,
            Some("customer_id"),
        ),
    ];

    for (name, body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/orders", Some(&admin), Some(body))
            .await;
        let problem = assert_problem(&reply, status);
        if let Some(field) = field {
            assert!(problem["errors"].get(field).is_some(), "{name}: {problem}");
        }
    }
    let malformed = app
        .send_raw(
            "POST",
            "/api/v1/orders",
            &admin,
            "application/json",
            "{\"customer_id\": ",
        )
        .await;
    assert_problem(&malformed, 400);
    assert_eq!(order_count(&app, &admin).await, 0);
}

#[tokio::test]
async fn a_duplicate_sku_is_a_409_naming_the_field_and_archived_products_cannot_be_ordered() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let p = product(&app, &admin, "SKU-1", "software").await;

    let duplicate = app
        .call(
            "POST",
            "/api/v1/products",
            Some(&admin),
            Some(
                json!({"sku": "SKU-1", "name": "again", "kind": "software", "list_price_cents": 1}),
            ),
        )
        .await;
    let archived = app
        .call(
            "PATCH",
            &format!("/api/v1/products/{p}"),
            Some(&admin),
            Some(json!({"version": 1, "archived": true})),
        )
        .await;
    let c = customer(&app, &admin, "C").await;
    let refused = app
        .call(
            "POST",
            "/api/v1/orders",
            Some(&admin),
            Some(json!({"customer_id": c, "order_date": "2025-02-01",
                          "lines": [{"product_id": p, "quantity": 1, "unit_price_cents": 1}]})),
        )
        .await;

    assert!(
        assert_problem(&duplicate, 409)["errors"]
            .get("sku")
            .is_some()
    );
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert!(archived.body["archived_at"].is_string());
    assert!(
        assert_problem(&refused, 422)["errors"]
            .get("lines[0].product_id")
            .is_some()
    );
    let listed = app
        .call("GET", "/api/v1/products", Some(&admin), None)
        .await;
    assert_eq!(listed.body["total"], 0);
}

#[tokio::test]
async fn roles_without_write_orders_get_403_and_no_token_gets_401() {
    let app = TestApp::spawn().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (sales, _) = app.user_with_role("sales").await;
    let body = json!({"sku": "X", "name": "X", "kind": "hardware", "list_price_cents": 1});

    let forbidden = app
        .call(
            "POST",
            "/api/v1/products",
            Some(&technician),
            Some(body.clone()),
        )
        .await;
    let anonymous = app
        .call("POST", "/api/v1/products", None, Some(body.clone()))
        .await;
    let allowed = app
        .call("POST", "/api/v1/products", Some(&sales), Some(body))
        .await;
    let read = app
        .call("GET", "/api/v1/orders", Some(&technician), None)
        .await;
    let anonymous_read = app.call("GET", "/api/v1/orders", None, None).await;

    assert_problem(&forbidden, 403);
    assert_problem(&anonymous, 401);
    assert_eq!(allowed.status, 201);
    assert_eq!(read.status, 200);
    assert_problem(&anonymous_read, 401);
}
