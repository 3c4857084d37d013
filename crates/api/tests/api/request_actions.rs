//! The lifecycle of a service request over `POST /requests/{id}/actions`
//! (SPEC section 4): call-back, the billable path with its paused clocks,
//! on-site forms, resolution, reopen and cancel, the contract's calendar,
//! and the assign form. What is refused is in `request_refusals`.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::requests::{clock, covered_customer, intake, take_in};

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn deadline(request: &Value, target: &str) -> DateTime<Utc> {
    instant(clock(request, target)["deadline"].as_str().unwrap())
}

pub fn timeline(request: &Value) -> Vec<String> {
    request["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Sends `body` (with the request's current version) and returns the reply.
pub async fn act(
    app: &TestApp,
    token: &str,
    request: &Value,
    body: Value,
) -> crate::helpers::Reply {
    let mut body = body;
    body["version"] = request["version"].clone();
    let id = request["id"].as_str().unwrap();
    app.call(
        "POST",
        &format!("/api/v1/requests/{id}/actions"),
        Some(token),
        Some(body),
    )
    .await
}

/// Like `act`, expecting success; returns the request after the action.
pub async fn done(app: &TestApp, token: &str, request: &Value, body: Value) -> Value {
    let reply = act(app, token, request, body.clone()).await;
    assert_eq!(reply.status, 200, "{body}: {}", reply.body);
    reply.body
}

pub async fn read(app: &TestApp, token: &str, request: &Value) -> Value {
    let id = request["id"].as_str().unwrap();
    let reply = app
        .call("GET", &format!("/api/v1/requests/{id}"), Some(token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_covered_request_is_called_back_fixed_remotely_and_waits_for_its_return_visit() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(created["assignee_id"], technician_id.as_str());

    let called = done(
        &app,
        &technician,
        &created,
        json!({"action": "call_back", "note": "已电话联系"}),
    )
    .await;
    assert_eq!(called["status"], "in_progress");
    assert_eq!(clock(&called, "call_back")["status"], "met");
    assert_eq!(clock(&called, "response_routine")["status"], "met");
    app.clock.advance(TimeDelta::minutes(10));

    let resolved = done(
        &app,
        &technician,
        &called,
        json!({"action": "resolve", "method": "remote", "fault_description": "证书过期",
            "solution": "远程更新证书", "fixed_at": "2025-03-03T10:05:00+08:00"}),
    )
    .await;

    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["remote"], true);
    assert_eq!(resolved["resolution_method"], "remote");
    assert_eq!(resolved["solution"], "远程更新证书");
    assert_eq!(clock(&resolved, "resolution_maintenance")["status"], "met");
    // Recorded at 10:10 for a fix at 10:05: inside the 2 hours.
    assert_eq!(clock(&resolved, "remote_record")["status"], "met");
    assert_eq!(
        deadline(&resolved, "return_visit"),
        instant("2025-03-10T10:10:00+08:00")
    );
    assert_eq!(
        timeline(&resolved),
        ["created", "assigned", "call_back", "resolve"]
    );
    let call_back = &resolved["timeline"][2];
    assert_eq!(call_back["before"]["status"], "assigned");
    assert_eq!(call_back["after"]["status"], "in_progress");
    assert_eq!(call_back["after"]["note"], "已电话联系");
    assert_eq!(call_back["actor_id"], technician_id.as_str());

    let remote = app
        .call("GET", "/api/v1/requests?remote=true", Some(&admin), None)
        .await;
    assert_eq!(remote.body["total"], 1, "{}", remote.body);
    let audit = app
        .call(
            "GET",
            "/api/v1/audit?action=request.resolve",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.body);
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn a_billable_request_pauses_for_the_quote_and_its_clocks_move_by_the_wait() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "无合同客户").await;
    let created = take_in(&app, &service, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(created["billable"], true);
    // Maintenance: 3 working days from Monday 10:00 is Thursday 18:00.
    assert_eq!(
        deadline(&created, "resolution_maintenance"),
        instant("2025-03-06T18:00:00+08:00")
    );
    let called = done(&app, &technician, &created, json!({"action": "call_back"})).await;

    let quoted = done(
        &app,
        &service,
        &called,
        json!({"action": "quote", "fee_cents": 80000, "method": "on_site",
            "scheduled_for": "2025-03-05T14:00:00+08:00", "note": "含上门费"}),
    )
    .await;
    assert_eq!(quoted["status"], "waiting_customer");
    assert_eq!(quoted["quote"]["fee_cents"], 80000);
    assert_eq!(quoted["paused_since"], called["updated_at"]);
    // Resuming is not how a quote ends.
    let refused = act(&app, &technician, &quoted, json!({"action": "resume"})).await;
    assert_eq!(assert_problem(&refused, 409)["code"], "illegal_transition");

    // The customer answers a day later: 9 business hours of waiting.
    app.clock.advance(TimeDelta::days(1));
    let admin = app.admin_token().await;
    let paused = read(&app, &admin, &quoted).await;
    assert_eq!(
        clock(&paused, "resolution_maintenance")["status"],
        "running"
    );
    let accepted = done(&app, &admin, &quoted, json!({"action": "accept_quote"})).await;

    assert_eq!(accepted["status"], "in_progress");
    assert_eq!(accepted["paused_since"], Value::Null);
    assert_eq!(accepted["quote"]["answer"], "accepted");
    assert_eq!(accepted["pauses"].as_array().unwrap().len(), 1);
    assert_eq!(
        deadline(&accepted, "resolution_maintenance"),
        instant("2025-03-07T18:00:00+08:00")
    );

    // A second billable request whose quote is declined is cancelled as `declined`.
    let other = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let other = done(&app, &admin, &other, json!({"action": "call_back"})).await;
    let other = done(
        &app,
        &admin,
        &other,
        json!({"action": "quote", "fee_cents": 50000, "method": "remote"}),
    )
    .await;
    let declined = done(
        &app,
        &admin,
        &other,
        json!({"action": "decline_quote", "note": "太贵"}),
    )
    .await;
    assert_eq!(declined["status"], "cancelled");
    assert_eq!(declined["cancel_reason"], "declined");
    assert_eq!(declined["quote"]["answer"], "declined");
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn on_site_work_is_completed_once_both_signatures_are_on_the_form() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (assistant, _) = app.user_with_role("assistant").await;
    let (account_manager, _) = app.user_with_role("account_manager").await;
    let c = covered_customer(&app, &admin).await;
    let created = take_in(
        &app,
        &assistant,
        intake(&c, "fault", "software", "important"),
    )
    .await;
    let called = done(&app, &technician, &created, json!({"action": "call_back"})).await;
    let on_site = json!({"action": "resolve", "method": "on_site",
        "fault_description": "硬盘故障", "solution": "更换硬盘"});

    let unsigned = act(&app, &assistant, &called, on_site.clone()).await;
    assert_eq!(
        assert_problem(&unsigned, 409)["code"],
        "service_form_unsigned"
    );
    let too_early = act(
        &app,
        &account_manager,
        &called,
        json!({"action": "sign_form", "signer": "account_manager", "signed_at": "2025-03-03T09:50:00+08:00"}),
    )
    .await;
    assert!(
        assert_problem(&too_early, 409)["detail"]
            .as_str()
            .unwrap()
            .contains("in_progress"),
        "{}",
        too_early.body
    );
    let second = done(
        &app,
        &technician,
        &called,
        json!({"action": "second_visit", "outstanding_issue": "缺配件", "next_visit_at": "2025-03-04T10:00:00+08:00"}),
    )
    .await;
    assert_eq!(second["outstanding_issue"], "缺配件");
    let parts = done(
        &app,
        &technician,
        &second,
        json!({"action": "confirm_parts", "description": "硬盘 1TB", "amount_cents": 45000, "confirmed_by": "王工"}),
    )
    .await;
    assert_eq!(parts["parts"]["amount_cents"], 45000);
    let customer_signed = done(
        &app,
        &technician,
        &parts,
        json!({"action": "sign_form", "signer": "customer", "signed_at": "2025-03-03T09:55:00+08:00"}),
    )
    .await;
    assert_eq!(
        deadline(&customer_signed, "on_site_signature"),
        instant("2025-03-05T09:55:00+08:00")
    );
    // Only an account manager (or a manager) signs for the account manager.
    let not_theirs = act(
        &app,
        &technician,
        &customer_signed,
        json!({"action": "sign_form", "signer": "account_manager", "signed_at": "2025-03-03T09:58:00+08:00"}),
    )
    .await;
    assert_problem(&not_theirs, 403);
    let signed = done(
        &app,
        &account_manager,
        &customer_signed,
        json!({"action": "sign_form", "signer": "account_manager", "signed_at": "2025-03-03T09:58:00+08:00"}),
    )
    .await;
    assert_eq!(clock(&signed, "on_site_signature")["status"], "met");

    let completed = done(&app, &assistant, &signed, on_site).await;
    assert_eq!(completed["status"], "resolved");
    assert_eq!(completed["remote"], false);
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn a_resolved_request_reopens_restarts_its_clocks_and_cancels_with_a_reason() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let called = done(&app, &technician, &created, json!({"action": "call_back"})).await;
    let resolved = done(
        &app,
        &technician,
        &called,
        json!({"action": "resolve", "method": "phone", "fault_description": "配置错误", "solution": "电话指导"}),
    )
    .await;

    let reopened = done(
        &app,
        &admin,
        &resolved,
        json!({"action": "reopen", "reason": "客户反馈问题仍在"}),
    )
    .await;
    assert_eq!(reopened["status"], "reopened");
    // The return visit of the first resolution is no longer due.
    let id = reopened["id"].as_str().unwrap();
    let due_visits = app
        .call(
            "GET",
            &format!("/api/v1/visits?status=due&request_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(due_visits.body["total"], 0, "{}", due_visits.body);
    assert_eq!(clock(&reopened, "call_back")["status"], "running");
    assert_eq!(
        clock(&reopened, "resolution_maintenance")["status"],
        "running"
    );
    let again = done(&app, &technician, &reopened, json!({"action": "call_back"})).await;
    assert_eq!(again["status"], "in_progress");

    let blank = act(
        &app,
        &admin,
        &again,
        json!({"action": "cancel", "reason": "  "}),
    )
    .await;
    assert_eq!(
        assert_problem(&blank, 422)["errors"]["reason"][0],
        "must not be blank"
    );
    let cancelled = done(
        &app,
        &admin,
        &again,
        json!({"action": "cancel", "reason": "客户自行解决"}),
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "客户自行解决");
    let twice = act(
        &app,
        &admin,
        &cancelled,
        json!({"action": "cancel", "reason": "再次"}),
    )
    .await;
    let problem = assert_problem(&twice, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert!(
        problem["detail"].as_str().unwrap().contains("`cancelled`"),
        "{problem}"
    );
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn a_request_under_a_7x24_contract_runs_on_the_contracts_calendar() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.user_with_role("technician").await;
    let all_week = json!({
        "time_zone": "Asia/Shanghai",
        "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        "periods": [{"start": "00:00", "end": "24:00"}]
    });
    let calendar = app
        .call(
            "PUT",
            "/api/v1/calendars/premium_7x24",
            Some(&admin),
            Some(all_week),
        )
        .await;
    assert_eq!(calendar.status, 201, "{}", calendar.body);
    let c = covered_customer(&app, &admin).await;
    let contracts = app
        .call(
            "GET",
            &format!("/api/v1/contracts?customer_id={c}"),
            Some(&admin),
            None,
        )
        .await;
    let contract = &contracts.body["items"][0];
    let path = format!("/api/v1/contracts/{}", contract["id"].as_str().unwrap());
    let unknown = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": contract["version"], "calendar_name": "nope"})),
        )
        .await;
    assert!(
        assert_problem(&unknown, 422)["errors"]
            .get("calendar_name")
            .is_some()
    );
    let named = app
        .call(
            "PATCH",
            &path,
            Some(&admin),
            Some(json!({"version": contract["version"], "calendar_name": "premium_7x24"})),
        )
        .await;
    assert_eq!(named.status, 200, "{}", named.body);
    assert_eq!(named.body["calendar_name"], "premium_7x24");

    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;

    assert_eq!(created["calendar_name"], "premium_7x24");
    // 4 business hours on a 7×24 calendar are 4 wall-clock hours.
    assert_eq!(
        deadline(&created, "call_back"),
        instant("2025-03-03T14:00:00+08:00")
    );
    // 3 working days from Monday close at the end of Thursday (24:00).
    assert_eq!(
        deadline(&created, "resolution_maintenance"),
        instant("2025-03-07T00:00:00+08:00")
    );
}

#[tokio::test]
async fn declining_a_quote_tells_a_core_customers_account_manager() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.user_with_role("technician").await;
    let (account_manager, account_manager_id) = app.user_with_role("account_manager").await;
    let created = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(&admin),
            Some(json!({"name": "核心客户", "stage": "new", "tier": "core",
                "preferred_channel": "phone", "account_manager_id": account_manager_id})),
        )
        .await;
    let c = created.body["id"].as_str().unwrap().to_owned();
    // Verified: the account manager, a reviewer, hears only of the quote.
    crate::orders::verify(&app, &c).await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let called = done(&app, &admin, &request, json!({"action": "call_back"})).await;
    let quoted = done(
        &app,
        &admin,
        &called,
        json!({"action": "quote", "fee_cents": 120000, "method": "on_site"}),
    )
    .await;

    done(
        &app,
        &admin,
        &quoted,
        json!({"action": "decline_quote", "note": "预算不足"}),
    )
    .await;

    let inbox = app
        .call("GET", "/api/v1/notifications", Some(&account_manager), None)
        .await;
    assert_eq!(inbox.body["total"], 1, "{}", inbox.body);
    let notice = &inbox.body["items"][0]["notice"];
    assert_eq!(notice["kind"], "quote_declined");
    assert_eq!(notice["request_number"], request["number"]);
    assert_eq!(notice["note"], "预算不足");
    assert!(notice["customer_name"].is_string(), "{notice}");
    assert_eq!(inbox.body["items"][0]["entity_id"], request["id"]);
}

#[tokio::test]
async fn the_assign_form_offers_the_department_with_routings_pick_first_and_any_of_them_can_be_chosen()
 {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, first) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    // The first technician takes one request, so the second, who is new, is routing's pick.
    let busy = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    assert_eq!(busy["assignee_id"], json!(first));
    let (_, second) = app.user_with_role("technician").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(request["assignee_id"], json!(second));

    let path = format!(
        "/api/v1/requests/{}/assignees",
        request["id"].as_str().unwrap()
    );
    let offered = app.call("GET", &path, Some(&admin), None).await;
    assert_eq!(offered.status, 200, "{}", offered.body);
    let ids: Vec<&str> = offered
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![second.as_str(), first.as_str()],
        "{}",
        offered.body
    );
    // Loads count what each already holds: routine 1 against urgent 3.
    assert_eq!(offered.body[0]["suggested"], json!(true));
    assert_eq!(offered.body[0]["weighted_load"], json!(1));
    assert_eq!(offered.body[1]["suggested"], json!(false));
    assert_eq!(offered.body[1]["weighted_load"], json!(3));
    assert_eq!(offered.body[1]["has_skills"], json!(true));
    // A technician works requests but does not assign them.
    assert_problem(&app.call("GET", &path, Some(&technician), None).await, 403);

    let reassigned = done(
        &app,
        &admin,
        &request,
        json!({"action": "assign", "version": request["version"], "assignee_id": first}),
    )
    .await;
    assert_eq!(reassigned["assignee_id"], json!(first));
}
