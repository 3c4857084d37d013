//! A contract's lifecycle through `POST /contracts/{id}/actions`: each
//! action's fields, its refusals, and what it records.

use chrono::NaiveDate;
use rapport_domain::lifecycle::contract::Status;
use rapport_types::contracts::{ContractDetail, InvoiceMethod};
use serde_json::json;

use crate::contracts::{contract, step};
use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};

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

    let [agreed, signed, invoiced, paid, expired] =
        [agreed, signed, invoiced, paid, expired].map(|reply| {
            assert_eq!(reply.status, 200, "{}", reply.body);
            serde_json::from_value::<ContractDetail>(reply.body)
                .unwrap()
                .contract
        });
    let day = |text: &str| Some(text.parse::<NaiveDate>().unwrap());
    assert_eq!(agreed.status, Status::Agreed);
    assert_eq!(signed.status, Status::Signed);
    assert_eq!(invoiced.status, Status::Invoiced);
    assert_eq!(invoiced.invoice_method, Some(InvoiceMethod::Courier));
    assert_eq!(invoiced.invoice_sent_on, day("2025-03-05"));
    assert_eq!(
        (paid.status, paid.paid_on),
        (Status::Paid, day("2025-03-20"))
    );
    assert_eq!((expired.status, expired.version), (Status::Expired, 6));
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
