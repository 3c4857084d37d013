//! The customer needs list (客户需求清单): the lifecycle from `new` to
//! `confirmed`, refusals, the response clock of the priority, filters and
//! paging, stale versions, bad input and roles.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_problem};
use crate::orders::customer;

/// Records a need for `customer_id` and returns it.
pub async fn need(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = app
        .call("POST", "/api/v1/needs", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 201, "recording a need: {}", reply.body);
    reply.body
}

fn new_need(customer_id: &str, kind: &str, priority: &str) -> Value {
    json!({"customer_id": customer_id, "type": kind, "priority": priority,
        "title": "生产管理模块数据同步延迟", "description": "希望同步延迟不超过5秒"})
}

/// Sends `body` with the need's current version.
async fn act(app: &TestApp, token: &str, need: &Value, body: Value) -> Reply {
    let mut body = body;
    body["version"] = need["version"].clone();
    let id = need["id"].as_str().unwrap();
    app.call(
        "POST",
        &format!("/api/v1/needs/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

async fn done(app: &TestApp, token: &str, need: &Value, body: Value) -> Value {
    let reply = act(app, token, need, body.clone()).await;
    assert_eq!(reply.status, 200, "{body}: {}", reply.body);
    reply.body
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app
        .call("GET", &format!("/api/v1/needs{query}"), Some(token), None)
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply.body
}

fn titles(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_need_goes_from_new_to_confirmed_with_its_plan_and_milestones() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (sales, sales_id) = app.user_with_role("sales").await;
    let (_, technician_id) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "制造企业").await;

    let created = need(&app, &sales, new_need(&c, "feature", "urgent")).await;
    assert_eq!(created["status"], "new");
    assert_eq!(created["type"], "feature");
    assert_eq!(created["customer_name"], "制造企业");
    assert_eq!(created["created_by"], sales_id.as_str());
    // Urgent: answered within 24 hours, as an urgent request.
    assert_eq!(created["response"]["target"], "response_urgent");
    assert_eq!(created["response"]["status"], "running");
    assert_eq!(
        created["response"]["deadline"], "2025-03-04T02:00:00Z",
        "{created}"
    );

    app.clock.advance(TimeDelta::minutes(10));
    let evaluated = done(
        &app,
        &sales,
        &created,
        json!({"action": "evaluate", "customer_value": 5, "fit": 4, "cost": 2,
            "solution_direction": "新模块开发，同步延迟≤5秒"}),
    )
    .await;
    assert_eq!(evaluated["status"], "evaluated");
    assert_eq!(
        evaluated["evaluation"],
        json!({"customer_value": 5, "fit": 4, "cost": 2})
    );
    assert_eq!(evaluated["response"]["status"], "met");
    assert_eq!(evaluated["response"]["met_at"], "2025-03-03T02:10:00Z");

    let planned = done(
        &app,
        &sales,
        &evaluated,
        json!({"action": "plan", "owner_id": technician_id, "milestones": [
            {"title": "提交故障排查报告", "due": "2025-03-05"},
            {"title": "新模块上线", "due": "2025-03-17"}]}),
    )
    .await;
    assert_eq!(planned["status"], "planned");
    assert_eq!(planned["owner_id"], technician_id.as_str());
    assert_eq!(planned["owner_name"], "technician");
    assert_eq!(planned["milestones"][1]["done_at"], Value::Null);

    let started = done(&app, &sales, &planned, json!({"action": "start"})).await;
    let first = done(
        &app,
        &sales,
        &started,
        json!({"action": "complete_milestone", "milestone": 0, "note": "报告已提交"}),
    )
    .await;
    assert_eq!(first["milestones"][0]["done_at"], "2025-03-03T02:10:00Z");
    // Delivery waits for every milestone.
    let early = act(&app, &sales, &first, json!({"action": "deliver"})).await;
    let problem = assert_problem(&early, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("every milestone is done before delivery"),
        "{problem}"
    );
    let second = done(
        &app,
        &sales,
        &first,
        json!({"action": "complete_milestone", "milestone": 1}),
    )
    .await;
    let delivered = done(&app, &sales, &second, json!({"action": "deliver"})).await;
    assert_eq!(delivered["status"], "delivered");
    // The customer finds it too complicated: back to work.
    let reworked = done(
        &app,
        &sales,
        &delivered,
        json!({"action": "rework", "reason": "新模块操作复杂"}),
    )
    .await;
    assert_eq!(reworked["status"], "in_progress");
    assert_eq!(reworked["delivered_at"], Value::Null);
    let again = done(&app, &sales, &reworked, json!({"action": "deliver"})).await;
    app.clock.advance(TimeDelta::minutes(3));
    let confirmed = done(
        &app,
        &sales,
        &again,
        json!({"action": "confirm", "confirmed_by": "王强", "note": "功能正常"}),
    )
    .await;
    assert_eq!(confirmed["status"], "confirmed");
    assert_eq!(confirmed["confirmed_by"], "王强");
    assert_eq!(confirmed["confirmed_at"], "2025-03-03T02:13:00Z");

    // Closed: no more changes or steps.
    let edit = app
        .call(
            "PATCH",
            &format!("/api/v1/needs/{}", confirmed["id"].as_str().unwrap()),
            Some(&sales),
            Some(json!({"version": confirmed["version"], "title": "改"})),
        )
        .await;
    assert_eq!(assert_problem(&edit, 409)["code"], "need_closed");
    let reject = act(
        &app,
        &sales,
        &confirmed,
        json!({"action": "reject", "reason": "晚了"}),
    )
    .await;
    let problem = assert_problem(&reject, 409);
    assert!(
        problem["detail"].as_str().unwrap().contains("`confirmed`"),
        "{problem}"
    );

    let audit = app
        .call(
            "GET",
            &format!(
                "/api/v1/audit?entity_id={}",
                confirmed["id"].as_str().unwrap()
            ),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    // create, evaluate, plan, start, 2 milestones, deliver, rework, deliver, confirm.
    assert_eq!(audit.body["total"], 10, "{}", audit.body);
    // The same story on the need's own timeline, with what was said.
    let read = app
        .call(
            "GET",
            &format!("/api/v1/needs/{}", confirmed["id"].as_str().unwrap()),
            Some(&sales),
            None,
        )
        .await;
    let kinds: Vec<&str> = read.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "evaluate",
            "plan",
            "start",
            "complete_milestone",
            "complete_milestone",
            "deliver",
            "rework",
            "deliver",
            "confirm"
        ]
    );
    let rework = &read.body["timeline"][7];
    assert_eq!(rework["after"]["reason"], "新模块操作复杂");
    assert_eq!(rework["before"]["status"], "delivered");
    assert_eq!(rework["after"]["status"], "in_progress");
    assert_eq!(rework["actor_id"], sales_id.as_str());
}

#[tokio::test]
async fn each_state_refuses_the_steps_it_does_not_allow_naming_the_state() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let fresh = need(&app, &admin, new_need(&c, "issue", "routine")).await;
    for body in [
        json!({"action": "start"}),
        json!({"action": "deliver"}),
        json!({"action": "confirm", "confirmed_by": "王"}),
        json!({"action": "complete_milestone", "milestone": 0}),
        json!({"action": "plan", "owner_id": "00000000-0000-4000-8000-000000000000", "milestones": [{"title": "a", "due": "2025-03-05"}]}),
    ] {
        let reply = act(&app, &admin, &fresh, body.clone()).await;
        let problem = assert_problem(&reply, 409);
        assert_eq!(problem["code"], "illegal_transition", "{body}");
        assert!(
            problem["detail"].as_str().unwrap().contains("`new`"),
            "{body}: {problem}"
        );
    }
    let rejected = done(
        &app,
        &admin,
        &fresh,
        json!({"action": "reject", "reason": "不符合产品定位"}),
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejected_reason"], "不符合产品定位");
    // Rejecting answers the need: the response target is met.
    assert_eq!(rejected["response"]["status"], "met");
}

#[tokio::test]
async fn an_unanswered_need_turns_at_risk_then_overdue_on_its_prioritys_clock() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    // Mon 2025-03-03 10:00 +08:00: important = 3 working days, Thu 18:00.
    let important = need(&app, &admin, new_need(&c, "service", "important")).await;
    assert_eq!(
        important["response"]["deadline"], "2025-03-06T10:00:00Z",
        "{important}"
    );
    let urgent = need(&app, &admin, new_need(&c, "issue", "urgent")).await;
    // At-risk in the last fifth of its 24 hours.
    app.clock.advance(TimeDelta::hours(22));
    // Access tokens last 15 minutes: log in again on the moved clock.
    let admin = app.admin_token().await;
    let read = app
        .call(
            "GET",
            &format!("/api/v1/needs/{}", urgent["id"].as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(read.body["response"]["status"], "at_risk", "{}", read.body);
    app.clock.advance(TimeDelta::hours(3));
    let admin = app.admin_token().await;
    let overdue = list(&app, &admin, "?overdue=true").await;
    assert_eq!(overdue["total"], 1, "{overdue}");
    assert_eq!(overdue["items"][0]["id"], urgent["id"]);
    assert_eq!(overdue["items"][0]["response"]["status"], "breached");
    let others = list(&app, &admin, "?overdue=false").await;
    assert_eq!(others["total"], 1);
    assert_eq!(others["items"][0]["id"], important["id"]);

    // A new priority moves an unanswered need's deadline, counted from its recording.
    let changed = app
        .call(
            "PATCH",
            &format!("/api/v1/needs/{}", important["id"].as_str().unwrap()),
            Some(&admin),
            Some(json!({"version": 1, "priority": "routine"})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["response"]["target"], "response_routine");
    assert_eq!(changed.body["response"]["deadline"], "2025-03-10T10:00:00Z");

    // Answered late, the urgent need's response is breached; measured
    // against a new priority, it is the new priority's target that counts.
    let late = done(
        &app,
        &admin,
        &overdue["items"][0],
        json!({"action": "evaluate", "customer_value": 2, "fit": 2, "cost": 4}),
    )
    .await;
    assert_eq!(late["response"]["status"], "breached");
    let relaxed = app
        .call(
            "PATCH",
            &format!("/api/v1/needs/{}", urgent["id"].as_str().unwrap()),
            Some(&admin),
            Some(json!({"version": late["version"], "priority": "routine"})),
        )
        .await;
    assert_eq!(relaxed.status, 200, "{}", relaxed.body);
    assert_eq!(relaxed.body["response"]["target"], "response_routine");
    assert_eq!(relaxed.body["response"]["status"], "met");
}

#[tokio::test]
async fn the_list_filters_by_customer_type_status_owner_and_priority_and_pages() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, owner) = app.user_with_role("account_manager").await;
    let a = customer(&app, &admin, "甲").await;
    let b = customer(&app, &admin, "乙").await;
    for (customer, kind, priority, title) in [
        (&a, "feature", "routine", "报表导出"),
        (&a, "service", "important", "操作培训"),
        (&b, "issue", "urgent", "系统故障"),
        (&b, "feature", "routine", "定制模块"),
    ] {
        let mut body = new_need(customer, kind, priority);
        body["title"] = json!(title);
        if title == "定制模块" {
            body["owner_id"] = json!(owner);
        }
        need(&app, &admin, body).await;
        app.clock.advance(TimeDelta::minutes(1));
    }
    let all = list(&app, &admin, "").await;
    assert_eq!(
        titles(&all),
        ["定制模块", "系统故障", "操作培训", "报表导出"]
    );
    assert_eq!(
        titles(&list(&app, &admin, &format!("?customer_id={a}")).await),
        ["操作培训", "报表导出"]
    );
    assert_eq!(
        titles(&list(&app, &admin, "?type=feature").await),
        ["定制模块", "报表导出"]
    );
    assert_eq!(
        titles(&list(&app, &admin, "?priority=urgent").await),
        ["系统故障"]
    );
    assert_eq!(
        titles(&list(&app, &admin, &format!("?owner_id={owner}")).await),
        ["定制模块"]
    );
    assert_eq!(list(&app, &admin, "?status=new").await["total"], 4);
    assert_eq!(list(&app, &admin, "?status=evaluated").await["total"], 0);
    assert_eq!(
        titles(&list(&app, &admin, "?q=%E5%9F%B9%E8%AE%AD").await),
        ["操作培训"]
    );
    let page = list(&app, &admin, "?limit=3&page=2").await;
    assert_eq!(titles(&page), ["报表导出"]);
    assert_eq!(page["total"], 4);
    let bad = app
        .call("GET", "/api/v1/needs?type=wish", Some(&admin), None)
        .await;
    assert_problem(&bad, 400);
    let unknown = app
        .call("GET", "/api/v1/needs?kind=feature", Some(&admin), None)
        .await;
    assert_problem(&unknown, 400);
    let limit = app
        .call("GET", "/api/v1/needs?limit=201", Some(&admin), None)
        .await;
    assert!(assert_problem(&limit, 422)["errors"]["limit"].is_array());
}

#[tokio::test]
async fn a_stale_version_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let created = need(&app, &admin, new_need(&c, "feature", "routine")).await;
    let id = created["id"].as_str().unwrap();
    let first = app
        .call(
            "PATCH",
            &format!("/api/v1/needs/{id}"),
            Some(&admin),
            Some(json!({"version": 1, "title": "新标题"})),
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["version"], 2);
    let updated = &first.body["timeline"][1];
    assert_eq!(updated["kind"], "updated");
    assert_eq!(
        updated["before"],
        json!({"title": "生产管理模块数据同步延迟"})
    );
    assert_eq!(updated["after"], json!({"title": "新标题"}));
    let stale = app
        .call(
            "PATCH",
            &format!("/api/v1/needs/{id}"),
            Some(&admin),
            Some(json!({"version": 1, "title": "旧的"})),
        )
        .await;
    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
    let stale_step = act(
        &app,
        &admin,
        &created,
        json!({"action": "evaluate", "customer_value": 1, "fit": 1, "cost": 1}),
    )
    .await;
    assert_eq!(assert_problem(&stale_step, 409)["code"], "stale_version");
    let read = app
        .call("GET", &format!("/api/v1/needs/{id}"), Some(&admin), None)
        .await;
    assert_eq!(read.body["title"], "新标题");
    assert_eq!(read.body["status"], "new");
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let good = new_need(&c, "feature", "routine");
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let cases: Vec<(Value, u16, &str)> = vec![
        (with("title", json!("  ")), 422, "title"),
        (with("title", json!("需".repeat(201))), 422, "title"),
        (
            with("customer_id", json!("00000000-0000-4000-8000-000000000000")),
            422,
            "customer_id",
        ),
        (
            with("owner_id", json!("00000000-0000-4000-8000-000000000000")),
            422,
            "owner_id",
        ),
        (
            with("request_id", json!("00000000-0000-4000-8000-000000000000")),
            422,
            "request_id",
        ),
        (with("type", json!("wish")), 400, "type"),
        (with("colour", json!("red")), 400, "colour"),
    ];
    for (body, status, field) in cases {
        let reply = app
            .call("POST", "/api/v1/needs", Some(&admin), Some(body.clone()))
            .await;
        let problem = assert_problem(&reply, status);
        if status == 422 {
            assert!(problem["errors"][field].is_array(), "{body}: {problem}");
        } else {
            let named = problem["errors"][field].is_array()
                || problem["detail"].as_str().unwrap().contains(field);
            assert!(named, "{body}: {problem}");
        }
    }

    let created = need(&app, &admin, good.clone()).await;
    let step_cases: Vec<(Value, &str)> = vec![
        (
            json!({"action": "evaluate", "customer_value": 6, "fit": 3, "cost": 3}),
            "customer_value",
        ),
        (
            json!({"action": "evaluate", "customer_value": 3, "fit": 0, "cost": 3}),
            "fit",
        ),
        (
            json!({"action": "evaluate", "fit": 3, "cost": 3}),
            "customer_value",
        ),
        (
            json!({"action": "evaluate", "customer_value": 3, "fit": 3, "cost": 3, "reason": "x"}),
            "reason",
        ),
        (json!({"action": "reject", "reason": "  "}), "reason"),
        (json!({"action": "reject"}), "reason"),
        (
            json!({"action": "confirm", "confirmed_by": "王", "confirmed_at": "2030-01-01T00:00:00Z"}),
            "confirmed_at",
        ),
    ];
    for (body, field) in step_cases {
        let reply = act(&app, &admin, &created, body.clone()).await;
        let problem = assert_problem(&reply, 422);
        assert!(problem["errors"][field].is_array(), "{body}: {problem}");
    }
    let evaluated = done(
        &app,
        &admin,
        &created,
        json!({"action": "evaluate", "customer_value": 3, "fit": 3, "cost": 3}),
    )
    .await;
    for (body, field) in [
        (
            json!({"action": "plan", "owner_id": "00000000-0000-4000-8000-000000000000", "milestones": [{"title": "a", "due": "2025-03-05"}]}),
            "owner_id",
        ),
        (
            json!({"action": "plan", "owner_id": created["created_by"], "milestones": []}),
            "milestones",
        ),
        (
            json!({"action": "plan", "owner_id": created["created_by"], "milestones": [{"title": " ", "due": "2025-03-05"}]}),
            "milestones[0].title",
        ),
    ] {
        let reply = act(&app, &admin, &evaluated, body.clone()).await;
        let problem = assert_problem(&reply, 422);
        assert!(problem["errors"][field].is_array(), "{body}: {problem}");
    }
    let planned = done(
        &app,
        &admin,
        &evaluated,
        json!({"action": "plan", "owner_id": created["created_by"], "milestones": [{"title": "a", "due": "2025-03-05"}]}),
    )
    .await;
    let out_of_range = act(
        &app,
        &admin,
        &planned,
        json!({"action": "complete_milestone", "milestone": 3}),
    )
    .await;
    assert!(assert_problem(&out_of_range, 422)["errors"]["milestone"].is_array());
    let unknown = app
        .call(
            "GET",
            "/api/v1/needs/00000000-0000-4000-8000-000000000000",
            Some(&admin),
            None,
        )
        .await;
    assert_problem(&unknown, 404);
}

#[tokio::test]
async fn a_need_from_a_request_must_be_that_customers_and_is_found_by_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let other = customer(&app, &admin, "Other").await;
    let request = crate::requests::take_in(
        &app,
        &admin,
        crate::requests::intake(&c, "feature", "software", "routine"),
    )
    .await;
    let request_id = request["id"].as_str().unwrap();
    let mut body = new_need(&other, "feature", "routine");
    body["request_id"] = json!(request_id);
    let wrong = app
        .call("POST", "/api/v1/needs", Some(&admin), Some(body))
        .await;
    assert!(assert_problem(&wrong, 422)["errors"]["request_id"].is_array());
    let mut body = new_need(&c, "feature", "routine");
    body["request_id"] = json!(request_id);
    let from = need(&app, &admin, body).await;
    assert_eq!(from["request_id"], request_id);
    let found = list(&app, &admin, &format!("?request_id={request_id}")).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["id"], from["id"]);
}

#[tokio::test]
async fn marketing_reads_needs_and_cannot_write_them_nor_can_technicians() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (marketing, _) = app.user_with_role("marketing").await;
    let (technician, _) = app.user_with_role("technician").await;
    let (account_manager, _) = app.user_with_role("account_manager").await;
    let c = customer(&app, &admin, "C").await;
    let created = need(&app, &account_manager, new_need(&c, "feature", "routine")).await;
    for token in [&marketing, &technician] {
        let page = list(&app, token, "").await;
        assert_eq!(page["total"], 1);
        let refused = app
            .call(
                "POST",
                "/api/v1/needs",
                Some(token),
                Some(new_need(&c, "feature", "routine")),
            )
            .await;
        assert_problem(&refused, 403);
        let step = act(
            &app,
            token,
            &created,
            json!({"action": "reject", "reason": "x"}),
        )
        .await;
        assert_problem(&step, 403);
        let edit = app
            .call(
                "PATCH",
                &format!("/api/v1/needs/{}", created["id"].as_str().unwrap()),
                Some(token),
                Some(json!({"version": 1, "title": "x"})),
            )
            .await;
        assert_problem(&edit, 403);
    }
    // A need carries no contact details at all, masked or not.
    let text = list(&app, &marketing, "").await.to_string();
    assert!(!text.contains("phone") && !text.contains("email"), "{text}");
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_records_one_need() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let client = reqwest::Client::new();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let reply = client
            .post(app.url("/api/v1/needs"))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "need-1")
            .json(&new_need(&c, "feature", "routine"))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let body: Value = reply.json().await.unwrap();
        ids.push(body["id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(list(&app, &admin, "").await["total"], 1);
}
