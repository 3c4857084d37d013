//! Routing rules as data and the routing preview (SPEC section 4).

use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_problem};
use crate::orders::customer;
use crate::requests::{intake, take_in};

async fn preview(app: &TestApp, token: &str, customer_id: &str, title: &str) -> Value {
    let reply = app
        .call(
            "POST",
            "/api/v1/routing/preview",
            Some(token),
            Some(
                json!({"customer_id": customer_id, "category": "fault", "product_kind": "software",
                "priority": "routine", "title": title}),
            ),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

/// `GET /routing/rules`.
async fn rules(app: &TestApp, token: &str) -> Reply {
    app.call("GET", "/api/v1/routing/rules", Some(token), None)
        .await
}

/// `PUT /routing/rules` with `body`.
async fn put_rules(app: &TestApp, token: &str, body: Value) -> Reply {
    app.call("PUT", "/api/v1/routing/rules", Some(token), Some(body))
        .await
}

/// The rules of `listed` (a rule list as the API shows it) with one put
/// first that sends printer faults to the hardware technicians whatever
/// the product kind.
fn printers_first(listed: &Value) -> Vec<Value> {
    let mut rules = listed["rules"].as_array().unwrap().clone();
    rules.insert(
        0,
        json!({"name": "打印机 → 硬件", "title_keywords": ["打印机"], "department": "technical_hardware"}),
    );
    rules
}

#[tokio::test]
async fn the_default_rules_are_the_specs_and_an_admin_replaces_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, technician) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "路由").await;

    let listed = rules(&app, &admin).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body["version"], 0);
    let names: Vec<&str> = listed.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "咨询 → 销售",
            "投诉 → 客服",
            "软件 → 软件技术",
            "硬件 → 硬件技术"
        ]
    );
    let before = preview(&app, &admin, &c, "打印机卡纸").await;
    assert_eq!(before["routing"]["department"], "technical_software");
    assert_eq!(before["assignee_id"], technician.as_str());
    assert_eq!(before["billable"], true);

    let replaced = printers_first(&listed.body);
    let saved = put_rules(&app, &admin, json!({"version": 0, "rules": replaced})).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["version"], 1);

    let after = preview(&app, &admin, &c, "打印机卡纸").await;
    assert_eq!(after["routing"]["department"], "technical_hardware");
    assert_eq!(after["routing"]["rule"], "打印机 → 硬件");
    assert_eq!(after["assignee_id"], Value::Null);
    let taken = take_in(&app, &admin, {
        let mut body = intake(&c, "fault", "software", "routine");
        body["title"] = json!("打印机卡纸");
        body
    })
    .await;
    assert_eq!(taken["department"], "technical_hardware");

    let stale = put_rules(&app, &admin, json!({"version": 0, "rules": replaced})).await;
    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
}

/// Scaled out on PostgreSQL: instance B keeps the rules in memory, and a
/// change saved through instance A reaches it (NOTIFY on commit) without a
/// restart. SQLite is the single-instance embedded database.
#[tokio::test]
async fn a_rule_change_on_one_instance_reaches_the_others_on_postgres() {
    if !TestApp::on_postgres() {
        return;
    }
    let a = TestApp::spawn().await;
    let b = a.spawn_beside().await;
    let admin_a = a.admin_token().await;
    let admin_b = b.admin_token().await;
    let c = customer(&a, &admin_a, "多实例").await;
    let routed = preview(&b, &admin_b, &c, "打印机卡纸").await;
    assert_eq!(routed["routing"]["department"], "technical_software");

    let listed = rules(&a, &admin_a).await;
    let replaced = printers_first(&listed.body);
    let saved = put_rules(&a, &admin_a, json!({"version": 0, "rules": replaced})).await;
    assert_eq!(saved.status, 200, "{}", saved.body);

    // The notification travels asynchronously; it takes milliseconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let routed = preview(&b, &admin_b, &c, "打印机卡纸").await;
        if routed["routing"]["department"] == "technical_hardware" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "instance B still routes by the old rules: {routed}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn only_admins_change_rules_and_bad_rules_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (manager, _) = app.user_with_role("manager").await;
    let (sales, _) = app.user_with_role("sales").await;
    let rule = json!({"name": "全部 → 客服", "department": "service"});

    let refused = put_rules(&app, &manager, json!({"rules": [rule]})).await;
    assert_problem(&refused, 403);
    let c = customer(&app, &admin, "预览").await;
    let no_preview = app
        .call(
            "POST",
            "/api/v1/routing/preview",
            Some(&sales),
            Some(json!({"customer_id": c, "category": "fault", "product_kind": "software", "priority": "routine", "title": "x"})),
        )
        .await;
    assert_problem(&no_preview, 403);

    let long = "长".repeat(101);
    let cases = [
        (json!({"rules": []}), 422, "rules"),
        (
            json!({"rules": [{"name": " ", "department": "service"}]}),
            422,
            "rules[0].name",
        ),
        (
            json!({"rules": [{"name": long, "department": "service"}]}),
            422,
            "rules[0].name",
        ),
        (
            json!({"rules": [{"name": "x", "department": "service", "title_keywords": [""]}]}),
            422,
            "rules[0].title_keywords",
        ),
        (
            json!({"rules": [{"name": "x", "department": "moon"}]}),
            400,
            "rules[0].department",
        ),
        (
            json!({"rules": [{"name": "x", "department": "service", "colour": 1}]}),
            400,
            "rules[0].colour",
        ),
    ];
    for (body, status, field) in cases {
        let reply = put_rules(&app, &admin, body.clone()).await;
        let problem = assert_problem(&reply, status);
        assert!(
            problem["errors"].get(field).is_some(),
            "{body} should name {field}: {problem}"
        );
    }
    let unchanged = rules(&app, &admin).await;
    assert_eq!(unchanged.body["version"], 0);
    let unknown = app
        .call(
            "POST",
            "/api/v1/routing/preview",
            Some(&admin),
            Some(json!({"customer_id": uuid::Uuid::new_v4(), "category": "fault", "product_kind": "software", "priority": "routine", "title": "x"})),
        )
        .await;
    assert!(
        assert_problem(&unknown, 422)["errors"]
            .get("customer_id")
            .is_some()
    );
}

#[tokio::test]
async fn the_preview_tries_draft_rules_without_saving_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "草稿").await;
    let listed = rules(&app, &admin).await;
    let asked = |rules: Value| {
        json!({"customer_id": c, "category": "fault", "product_kind": "software",
            "priority": "routine", "title": "打印机卡纸", "rules": rules})
    };

    let tried = app
        .call(
            "POST",
            "/api/v1/routing/preview",
            Some(&admin),
            Some(asked(json!(printers_first(&listed.body)))),
        )
        .await;
    assert_eq!(tried.status, 200, "{}", tried.body);
    assert_eq!(tried.body["routing"]["department"], "technical_hardware");
    assert_eq!(tried.body["routing"]["rule"], "打印机 → 硬件");
    let in_force = preview(&app, &admin, &c, "打印机卡纸").await;
    assert_eq!(in_force["routing"]["department"], "technical_software");
    assert_eq!(rules(&app, &admin).await.body["version"], 0);

    let blank = app
        .call(
            "POST",
            "/api/v1/routing/preview",
            Some(&admin),
            Some(asked(json!([{"name": " ", "department": "service"}]))),
        )
        .await;
    assert!(
        assert_problem(&blank, 422)["errors"]
            .get("rules[0].name")
            .is_some()
    );
}
