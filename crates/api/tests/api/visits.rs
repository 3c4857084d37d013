//! Return visits, surveys and notifications (SPEC section 6): intake →
//! routing → call-back → resolve → visit → close, the dissatisfied path,
//! one-time public survey links, executive and routine visits.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::requests::{clock, covered_customer, intake, take_in};

const CHECKLIST: &str = r#"{"appointment_made": true, "fault_explained": true, "fees_explained": true,
    "contact_left": true, "asked_other_problems": true, "database_backup_checked": false}"#;

fn checklist() -> Value {
    serde_json::from_str(CHECKLIST).unwrap()
}

async fn action(app: &TestApp, token: &str, request: &Value, body: Value) -> Value {
    let mut body = body;
    body["version"] = request["version"].clone();
    let id = request["id"].as_str().unwrap();
    let reply = app
        .call(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

/// Takes a request through call-back and a phone fix.
async fn resolved(app: &TestApp, admin: &str, technician: &str, customer_id: &str) -> Value {
    let created = take_in(
        app,
        admin,
        intake(customer_id, "fault", "software", "routine"),
    )
    .await;
    let called = action(app, technician, &created, json!({"action": "call_back"})).await;
    action(
        app,
        technician,
        &called,
        json!({"action": "resolve", "method": "phone", "fault_description": "参数错误", "solution": "电话指导修改"}),
    )
    .await
}

async fn due_visit_of(app: &TestApp, token: &str, request: &Value) -> Value {
    let id = request["id"].as_str().unwrap();
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/visits?status=due&request_id={id}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["total"], 1, "{}", reply.body);
    reply.body["items"][0].clone()
}

async fn record(
    app: &TestApp,
    token: &str,
    visit: &Value,
    satisfaction: u8,
    suggestions: &str,
) -> crate::helpers::Reply {
    app.call(
        "POST",
        &format!("/api/v1/visits/{}/record", visit["id"].as_str().unwrap()),
        Some(token),
        Some(
            json!({"version": visit["version"], "satisfaction": satisfaction,
            "suggestions": suggestions, "checklist": checklist()}),
        ),
    )
    .await
}

async fn request(app: &TestApp, token: &str, id: &str) -> Value {
    let reply = app
        .call("GET", &format!("/api/v1/requests/{id}"), Some(token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_satisfied_return_visit_closes_the_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (service, _) = app.user_with_role("service").await;
    let c = covered_customer(&app, &admin).await;
    let fixed = resolved(&app, &admin, &technician, &c).await;

    let visit = due_visit_of(&app, &service, &fixed).await;
    assert_eq!(visit["kind"], "return");
    assert_eq!(visit["overdue"], false);
    assert_eq!(
        visit["due_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        "2025-03-10T10:00:00+08:00"
            .parse::<DateTime<Utc>>()
            .unwrap()
    );
    let refused = record(&app, &technician, &visit, 5, "").await;
    assert_problem(&refused, 403);

    let done = record(&app, &service, &visit, 5, "很满意").await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["status"], "done");
    assert_eq!(done.body["satisfaction"], 5);
    assert_eq!(done.body["checklist"]["database_backup_checked"], false);
    // A visit read alone, or recorded, names its customer as the list does.
    assert_eq!(
        done.body["customer_name"], visit["customer_name"],
        "{}",
        done.body
    );
    let id = visit["id"].as_str().unwrap();
    let one = app
        .call("GET", &format!("/api/v1/visits/{id}"), Some(&service), None)
        .await;
    assert_eq!(
        one.body["customer_name"], visit["customer_name"],
        "{}",
        one.body
    );
    assert!(one.body["customer_name"].is_string());

    let closed = request(&app, &admin, fixed["id"].as_str().unwrap()).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(clock(&closed, "return_visit")["status"], "met");
    let kinds: Vec<&str> = closed["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"close"));

    let again = record(&app, &service, &done.body, 5, "").await;
    assert_eq!(assert_problem(&again, 409)["code"], "visit_not_due");
    let bad = app
        .call(
            "POST",
            &format!("/api/v1/visits/{}/record", visit["id"].as_str().unwrap()),
            Some(&service),
            Some(json!({"version": 2, "satisfaction": 6, "checklist": checklist()})),
        )
        .await;
    assert!(
        assert_problem(&bad, 400)["errors"]
            .get("satisfaction")
            .is_some()
    );
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn a_dissatisfied_visit_reopens_the_request_tells_the_team_and_starts_the_review() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let (account_manager, account_manager_id) = app.user_with_role("account_manager").await;
    let created = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(&admin),
            Some(json!({"name": "不满意客户", "stage": "new", "tier": "core",
                "preferred_channel": "phone", "account_manager_id": account_manager_id})),
        )
        .await;
    let c = created.body["id"].as_str().unwrap().to_owned();
    // Verified: the account manager, a reviewer, hears only of the visit.
    crate::orders::verify(&app, &c).await;
    let fixed = resolved(&app, &admin, &technician, &c).await;
    let visit = due_visit_of(&app, &admin, &fixed).await;
    // What the technician heard before (the assignment) is read.
    let read = app
        .call(
            "POST",
            "/api/v1/notifications/read-all",
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.body);

    let answered = record(&app, &account_manager, &visit, 2, "响应太慢").await;
    assert_eq!(answered.status, 200, "{}", answered.body);

    let reopened = request(&app, &admin, fixed["id"].as_str().unwrap()).await;
    assert_eq!(reopened["status"], "reopened");
    assert_eq!(reopened["assignee_id"], technician_id.as_str());
    let review = clock(&reopened, "dissatisfied_review");
    assert_eq!(review["status"], "running");
    assert_eq!(
        review["deadline"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        "2025-03-04T10:00:00+08:00"
            .parse::<DateTime<Utc>>()
            .unwrap()
    );
    for token in [&technician, &account_manager] {
        let inbox = app
            .call(
                "GET",
                "/api/v1/notifications?unread=true",
                Some(token),
                None,
            )
            .await;
        assert_eq!(inbox.status, 200, "{}", inbox.body);
        assert_eq!(inbox.body["total"], 1, "{}", inbox.body);
        let notice = &inbox.body["items"][0]["notice"];
        assert_eq!(notice["kind"], "dissatisfied_visit");
        assert_eq!(notice["suggestions"], "响应太慢");
        assert!(
            notice["satisfaction"]
                .as_u64()
                .is_some_and(|score| score <= 2),
            "{notice}"
        );
    }
    let inbox = app
        .call("GET", "/api/v1/notifications", Some(&technician), None)
        .await;
    let note = inbox.body["items"][0]["id"].as_str().unwrap().to_owned();
    let read = app
        .call(
            "POST",
            &format!("/api/v1/notifications/{note}/read"),
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert!(read.body["read_at"].is_string());
    let not_mine = app
        .call(
            "POST",
            &format!("/api/v1/notifications/{note}/read"),
            Some(&account_manager),
            None,
        )
        .await;
    assert_problem(&not_mine, 404);
    let unread = app
        .call(
            "GET",
            "/api/v1/notifications?unread=true",
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(unread.body["total"], 0);

    // The technician calls back: the review has started; a new fix gets a fresh visit.
    let called = action(&app, &technician, &reopened, json!({"action": "call_back"})).await;
    assert_eq!(clock(&called, "dissatisfied_review")["status"], "met");
    let fixed_again = action(
        &app,
        &technician,
        &called,
        json!({"action": "resolve", "method": "remote", "fault_description": "索引缺失", "solution": "重建索引"}),
    )
    .await;
    due_visit_of(&app, &admin, &fixed_again).await;
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn a_survey_link_works_once_without_login_and_expires() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (service, _) = app.user_with_role("service").await;
    let c = covered_customer(&app, &admin).await;
    let fixed = resolved(&app, &admin, &technician, &c).await;
    let id = fixed["id"].as_str().unwrap();

    let refused = app
        .call(
            "POST",
            &format!("/api/v1/requests/{id}/survey"),
            Some(&technician),
            None,
        )
        .await;
    assert_problem(&refused, 403);
    let link = app
        .call(
            "POST",
            &format!("/api/v1/requests/{id}/survey"),
            Some(&service),
            None,
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    let token = link.body["token"].as_str().unwrap().to_owned();
    assert_eq!(link.body["path"], format!("/survey/{token}"));
    assert_eq!(link.body["url"], app.url(&format!("/survey/{token}")));
    let public = format!("/api/v1/public/surveys/{token}");

    let form = app.call("GET", &public, None, None).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert_eq!(form.body["number"], fixed["number"]);
    let bad = app
        .call(
            "POST",
            &public,
            None,
            Some(json!({"resolution": 6, "speed": 4, "attitude": 5})),
        )
        .await;
    assert!(
        assert_problem(&bad, 400)["errors"]
            .get("resolution")
            .is_some()
    );
    let answered = app
        .call(
            "POST",
            &public,
            None,
            Some(json!({"resolution": 5, "speed": 4, "attitude": 5, "comment": "谢谢"})),
        )
        .await;
    assert_eq!(answered.status, 204, "{}", answered.body);
    let twice = app
        .call(
            "POST",
            &public,
            None,
            Some(json!({"resolution": 1, "speed": 1, "attitude": 1})),
        )
        .await;
    assert_problem(&twice, 410);
    assert_problem(&app.call("GET", &public, None, None).await, 410);
    let after = request(&app, &admin, id).await;
    assert_eq!(clock(&after, "satisfaction_survey")["status"], "met");
    // The team reads the answers on the request's timeline.
    let timeline = after["timeline"].as_array().unwrap();
    let sent = timeline
        .iter()
        .find(|e| e["kind"] == "survey_sent")
        .unwrap();
    assert_eq!(sent["after"]["survey_id"], link.body["id"]);
    let answers = timeline
        .iter()
        .find(|e| e["kind"] == "survey_answered")
        .unwrap();
    assert!(answers["actor_id"].is_null(), "{answers}");
    assert_eq!(
        answers["after"],
        json!({"survey_id": link.body["id"], "resolution": 5, "speed": 4, "attitude": 5, "comment": "谢谢"})
    );

    let unknown = app
        .call("GET", "/api/v1/public/surveys/not-a-token", None, None)
        .await;
    assert_problem(&unknown, 404);
    let second = app
        .call(
            "POST",
            &format!("/api/v1/requests/{id}/survey"),
            Some(&service),
            None,
        )
        .await;
    let late = format!(
        "/api/v1/public/surveys/{}",
        second.body["token"].as_str().unwrap()
    );
    app.clock.advance(TimeDelta::days(15));
    assert_problem(&app.call("GET", &late, None, None).await, 410);
}

#[tokio::test]
async fn executive_and_routine_visits_are_scheduled_and_fall_overdue() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (account_manager, _) = app.user_with_role("account_manager").await;
    let covered = covered_customer(&app, &admin).await;
    let uncovered = customer(&app, &admin, "无合同").await;
    let contact = |customer_id: String, executive: bool| {
        let app = &app;
        let admin = &admin;
        async move {
            let reply = app
                .call(
                    "POST",
                    &format!("/api/v1/customers/{customer_id}/contacts"),
                    Some(admin),
                    Some(json!({"name": "张总", "phone": "13900000000", "preferred_channel": "phone", "is_executive": executive})),
                )
                .await;
            assert_eq!(reply.status, 201, "{}", reply.body);
            reply.body["id"].as_str().unwrap().to_owned()
        }
    };
    let boss = contact(covered.clone(), true).await;
    let clerk = contact(covered.clone(), false).await;
    let other_boss = contact(uncovered.clone(), true).await;
    let schedule = |body: Value| {
        let app = &app;
        let token = account_manager.clone();
        async move {
            app.call("POST", "/api/v1/visits", Some(&token), Some(body))
                .await
        }
    };
    let due = "2025-03-05T10:00:00+08:00";

    let not_an_executive = schedule(
        json!({"kind": "executive", "customer_id": covered, "contact_id": clerk, "due_at": due}),
    )
    .await;
    assert!(
        assert_problem(&not_an_executive, 422)["errors"]
            .get("contact_id")
            .is_some()
    );
    let no_contract = schedule(json!({"kind": "executive", "customer_id": uncovered, "contact_id": other_boss, "due_at": due})).await;
    assert!(
        assert_problem(&no_contract, 422)["errors"]
            .get("customer_id")
            .is_some()
    );
    let not_by_hand =
        schedule(json!({"kind": "return", "customer_id": covered, "due_at": due})).await;
    assert!(
        assert_problem(&not_by_hand, 422)["errors"]
            .get("kind")
            .is_some()
    );

    let far_off = schedule(
        json!({"kind": "routine", "customer_id": uncovered, "due_at": "9999-12-31T10:00:00+08:00"}),
    )
    .await;
    assert!(
        assert_problem(&far_off, 422)["errors"]
            .get("due_at")
            .is_some()
    );

    let executive = schedule(
        json!({"kind": "executive", "customer_id": covered, "contact_id": boss, "due_at": due}),
    )
    .await;
    assert_eq!(executive.status, 201, "{}", executive.body);
    let routine = schedule(
        json!({"kind": "routine", "customer_id": uncovered, "due_at": "2025-03-20T10:00:00+08:00"}),
    )
    .await;
    assert_eq!(routine.status, 201, "{}", routine.body);

    app.clock.advance(TimeDelta::days(3));
    let admin = app.admin_token().await;
    let overdue = app
        .call("GET", "/api/v1/visits?overdue=true", Some(&admin), None)
        .await;
    assert_eq!(overdue.body["total"], 1, "{}", overdue.body);
    assert_eq!(overdue.body["items"][0]["kind"], "executive");
    assert_eq!(overdue.body["items"][0]["overdue"], true);
    let recorded = record(&app, &admin, &executive.body, 4, "希望增加培训").await;
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    let due_list = app
        .call("GET", "/api/v1/visits?status=due", Some(&admin), None)
        .await;
    assert_eq!(due_list.body["total"], 1);
    assert_eq!(due_list.body["items"][0]["kind"], "routine");

    // A routine visit made restarts the customer's tier cadence.
    let recorded = record(&app, &admin, &routine.body, 5, "").await;
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    let visited = app
        .call(
            "GET",
            &format!("/api/v1/customers/{uncovered}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(visited.body["last_routine_visit_on"], "2025-03-06");
    assert_eq!(visited.body["next_routine_visit_on"], "2025-04-06");
    assert_eq!(visited.body["version"], 2, "{}", visited.body);
}

/// A notification stored before notices had kinds and parameters reads
/// back as the text it was stored with.
#[tokio::test]
async fn a_notification_from_before_notices_had_parameters_reads_as_stored() {
    use rapport_entity::notifications;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, Database};

    let app = TestApp::spawn().await;
    let (token, user) = app.user_with_role("service").await;
    let db = Database::connect(app.database_url()).await.unwrap();
    notifications::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(user.parse().unwrap()),
        kind: Set("quote_declined".to_owned()),
        subject: Set("SR-2026-000001 远景：客户拒绝报价".to_owned()),
        body: Set("预算不足".to_owned()),
        params: Set(None),
        entity_type: Set("request".to_owned()),
        entity_id: Set(uuid::Uuid::new_v4().to_string()),
        created_at: Set(chrono::Utc::now()),
        read_at: Set(None),
    }
    .insert(&db)
    .await
    .unwrap();
    db.close().await.unwrap();

    let inbox = app
        .call("GET", "/api/v1/notifications", Some(&token), None)
        .await;
    assert_eq!(
        inbox.body["items"][0]["notice"],
        json!({"kind": "message", "subject": "SR-2026-000001 远景：客户拒绝报价", "body": "预算不足"}),
        "{}",
        inbox.body
    );
}
