//! What `POST /requests/{id}/actions` refuses, and to whom: only the
//! assigned technician works a request, an action the state does not allow
//! names the state, a bad field is named and changes nothing; and what a
//! technician may see of the customer while working the request.

use serde_json::json;

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::request_actions::{act, done, read, timeline};
use crate::requests::{covered_customer, intake, take_in};

#[tokio::test]
async fn only_the_assigned_technician_works_a_request_and_illegal_steps_name_the_state() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (first, first_id) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(created["assignee_id"], first_id.as_str());
    let (second, second_id) = app.user_with_role("technician").await;
    let (sales, _) = app.user_with_role("sales").await;

    let not_theirs = act(&app, &second, &created, json!({"action": "call_back"})).await;
    assert_problem(&not_theirs, 403);
    let not_a_worker = act(&app, &sales, &created, json!({"action": "call_back"})).await;
    assert_problem(&not_a_worker, 403);
    let technicians_do_not_assign = act(
        &app,
        &first,
        &created,
        json!({"action": "assign", "assignee_id": second_id}),
    )
    .await;
    assert_problem(&technicians_do_not_assign, 403);
    let too_soon = act(
        &app,
        &first,
        &created,
        json!({"action": "resolve", "method": "phone", "fault_description": "x", "solution": "y"}),
    )
    .await;
    let problem = assert_problem(&too_soon, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert!(
        problem["detail"].as_str().unwrap().contains("`assigned`"),
        "{problem}"
    );
    let covered_is_free = act(
        &app,
        &admin,
        &created,
        json!({"action": "quote", "fee_cents": 100, "method": "phone"}),
    )
    .await;
    assert_eq!(
        assert_problem(&covered_is_free, 409)["code"],
        "illegal_transition"
    );

    // Reassigned by hand, the call-back clock restarts for the new technician.
    let reassigned = done(
        &app,
        &admin,
        &created,
        json!({"action": "assign", "assignee_id": second_id}),
    )
    .await;
    assert_eq!(reassigned["assignee_id"], second_id.as_str());
    assert_eq!(reassigned["status"], "assigned");
    let refused = act(&app, &first, &reassigned, json!({"action": "call_back"})).await;
    assert_problem(&refused, 403);
    done(&app, &second, &reassigned, json!({"action": "call_back"})).await;
    app.assert_open_loads_recount().await;
}

#[tokio::test]
async fn bad_actions_are_refused_naming_the_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.user_with_role("technician").await;
    let c = customer(&app, &admin, "坏输入").await;
    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let called = done(&app, &admin, &created, json!({"action": "call_back"})).await;
    let huge = "长".repeat(10_001);

    let cases = [
        (json!({"action": "fly"}), 400, None),
        (
            json!({"action": "call_back", "colour": "red"}),
            400,
            Some("colour"),
        ),
        (json!({"action": "cancel"}), 422, Some("reason")),
        // The reason is kept on the request too, in 500 characters.
        (
            json!({"action": "cancel", "reason": "长".repeat(501)}),
            422,
            Some("reason"),
        ),
        (
            json!({"action": "call_back", "reason": "多余"}),
            422,
            Some("reason"),
        ),
        (
            json!({"action": "quote", "fee_cents": -1, "method": "phone"}),
            422,
            Some("fee_cents"),
        ),
        (
            json!({"action": "quote", "fee_cents": 1.5, "method": "phone"}),
            400,
            Some("fee_cents"),
        ),
        (
            json!({"action": "quote", "fee_cents": 10, "method": "by_pigeon"}),
            400,
            Some("method"),
        ),
        (
            json!({"action": "wait_customer", "reason": huge}),
            422,
            Some("reason"),
        ),
        (
            json!({"action": "second_visit", "outstanding_issue": "x", "next_visit_at": "2025-03-01T10:00:00+08:00"}),
            422,
            Some("next_visit_at"),
        ),
        (
            json!({"action": "second_visit", "outstanding_issue": "x", "next_visit_at": "next week"}),
            400,
            Some("next_visit_at"),
        ),
        (
            json!({"action": "sign_form", "signer": "customer", "signed_at": "2030-01-01T00:00:00Z"}),
            422,
            Some("signed_at"),
        ),
        (
            json!({"action": "resolve", "method": "phone", "fault_description": "", "solution": "y"}),
            422,
            Some("fault_description"),
        ),
        (
            json!({"action": "assign", "assignee_id": uuid::Uuid::new_v4()}),
            422,
            Some("assignee_id"),
        ),
    ];
    for (body, status, field) in cases {
        let reply = act(&app, &admin, &called, body.clone()).await;
        let problem = assert_problem(&reply, status);
        if let Some(field) = field {
            assert!(
                problem["errors"].get(field).is_some(),
                "{body} should name {field}: {problem}"
            );
        }
    }
    let mut stale = json!({"action": "wait_customer", "reason": "等客户"});
    stale["version"] = json!(1);
    let reply = app
        .call(
            "POST",
            &format!(
                "/api/v1/requests/{}/actions",
                called["id"].as_str().unwrap()
            ),
            Some(&admin),
            Some(stale),
        )
        .await;
    assert_eq!(assert_problem(&reply, 409)["code"], "stale_version");
    let missing = app
        .call(
            "POST",
            &format!("/api/v1/requests/{}/actions", uuid::Uuid::new_v4()),
            Some(&admin),
            Some(json!({"action": "call_back", "version": 1})),
        )
        .await;
    assert_problem(&missing, 404);

    let unchanged = read(&app, &admin, &called).await;
    assert_eq!(unchanged["version"], called["version"]);
    assert_eq!(unchanged["status"], "in_progress");
    assert_eq!(timeline(&unchanged), timeline(&called));
}

#[tokio::test]
async fn a_technician_sees_contacts_unmasked_only_while_working_the_customers_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(&admin),
            Some(json!({"name": "李工", "phone": "13812345678", "preferred_channel": "phone"})),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    let reveal = format!(
        "/api/v1/contacts/{}/reveal",
        contact.body["id"].as_str().unwrap()
    );
    let before = app.call("POST", &reveal, Some(&technician), None).await;
    assert_problem(&before, 403);

    let created = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let working = app.call("POST", &reveal, Some(&technician), None).await;
    assert_eq!(working.status, 200, "{}", working.body);
    assert_eq!(working.body["phone"], "13812345678");

    done(
        &app,
        &admin,
        &created,
        json!({"action": "cancel", "reason": "误报"}),
    )
    .await;
    let after = app.call("POST", &reveal, Some(&technician), None).await;
    assert_problem(&after, 403);
}
