//! The role × action matrix, walked over HTTP: for every action one endpoint
//! that needs exactly it, called by a user of every role. A role the matrix
//! refuses must get 403; a role it allows must get past the check (any
//! status but 401/403).

use rapport_api::auth::permissions::{Action, allows};
use rapport_domain::org::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// What each action is tried with: method, path, body.
struct Probe {
    action: Action,
    method: &'static str,
    path: String,
    body: Option<Value>,
}

#[tokio::test]
async fn every_role_gets_exactly_the_actions_of_the_matrix() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut tokens = vec![(Role::Admin, admin.clone())];
    let mut account_manager_id = String::new();
    for role in Role::ALL.into_iter().filter(|role| *role != Role::Admin) {
        let (token, id) = app.user_with_role(role.code()).await;
        if role == Role::AccountManager {
            account_manager_id = id;
        }
        tokens.push((role, token));
    }
    let customer = app
        .call(
            "POST",
            "/api/v1/customers",
            Some(&admin),
            Some(json!({"name": "矩阵客户", "stage": "new", "tier": "core", "preferred_channel": "phone", "account_manager_id": account_manager_id})),
        )
        .await;
    let customer_id = customer.body["id"].as_str().unwrap().to_owned();
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{customer_id}/contacts"),
            Some(&admin),
            Some(json!({"name": "联系人", "phone": "13812345678", "preferred_channel": "phone"})),
        )
        .await;
    let contact_id = contact.body["id"].as_str().unwrap().to_owned();

    let probes = [
        Probe {
            action: Action::ManageUsers,
            method: "GET",
            path: "/api/v1/users".into(),
            body: None,
        },
        Probe {
            action: Action::ReadCustomers,
            method: "GET",
            path: "/api/v1/customers".into(),
            body: None,
        },
        Probe {
            action: Action::WriteCustomers,
            method: "POST",
            path: "/api/v1/customers".into(),
            body: Some(
                json!({"name": "new", "stage": "potential", "tier": "ordinary", "preferred_channel": "email"}),
            ),
        },
        Probe {
            action: Action::ReviewCustomers,
            method: "POST",
            path: format!("/api/v1/customers/{customer_id}/review"),
            body: Some(json!({"version": 999, "decision": "verified"})),
        },
        Probe {
            action: Action::ArchiveCustomers,
            method: "POST",
            path: format!("/api/v1/customers/{customer_id}/archive"),
            body: Some(json!({"version": 999})),
        },
        Probe {
            action: Action::WriteFollowUps,
            method: "POST",
            path: format!("/api/v1/customers/{customer_id}/follow-ups"),
            body: Some(
                json!({"occurred_at": "2025-03-01T10:00:00+08:00", "method": "phone", "summary": "probe"}),
            ),
        },
        Probe {
            action: Action::RevealContacts,
            method: "POST",
            path: format!("/api/v1/contacts/{contact_id}/reveal"),
            body: None,
        },
        Probe {
            action: Action::ReadSales,
            method: "GET",
            path: "/api/v1/products".into(),
            body: None,
        },
        Probe {
            action: Action::WriteOrders,
            method: "POST",
            path: "/api/v1/products".into(),
            body: Some(
                json!({"sku": "PROBE", "name": "probe", "kind": "software", "list_price_cents": 100}),
            ),
        },
        Probe {
            action: Action::WritePackages,
            method: "PUT",
            path: "/api/v1/packages/BASIC".into(),
            body: Some(json!({"version": 999, "rate_bp": 900})),
        },
        Probe {
            action: Action::ReadContracts,
            method: "GET",
            path: "/api/v1/contracts".into(),
            body: None,
        },
        Probe {
            action: Action::WriteContracts,
            method: "POST",
            path: "/api/v1/contracts/00000000-0000-4000-8000-000000000000/actions".into(),
            body: Some(json!({"version": 1, "action": "agree"})),
        },
        Probe {
            action: Action::RunFreeBatch,
            method: "POST",
            path: "/api/v1/contracts/free-batch".into(),
            body: Some(json!({"month": "2030-01"})),
        },
        Probe {
            action: Action::ReadRequests,
            method: "GET",
            path: "/api/v1/requests".into(),
            body: None,
        },
        Probe {
            action: Action::WriteRequests,
            method: "POST",
            path: "/api/v1/requests".into(),
            body: Some(
                json!({"customer_id": customer_id, "channel": "phone", "category": "fault", "product_kind": "software", "work_type": "maintenance", "priority": "routine", "title": "探测"}),
            ),
        },
        Probe {
            action: Action::WorkRequests,
            method: "POST",
            path: format!("/api/v1/requests/{}/actions", uuid::Uuid::new_v4()),
            body: Some(json!({"action": "call_back", "version": 1})),
        },
        Probe {
            action: Action::SignServiceForms,
            method: "POST",
            path: format!("/api/v1/requests/{}/actions", uuid::Uuid::new_v4()),
            body: Some(
                json!({"action": "sign_form", "version": 1, "signer": "account_manager", "signed_at": "2025-01-01T10:00:00+08:00"}),
            ),
        },
        Probe {
            action: Action::WriteVisits,
            method: "POST",
            path: format!("/api/v1/visits/{}/record", uuid::Uuid::new_v4()),
            body: Some(
                json!({"version": 1, "satisfaction": 5, "checklist": {"appointment_made": true, "fault_explained": true, "fees_explained": true, "contact_left": true, "asked_other_problems": true, "database_backup_checked": true}}),
            ),
        },
        Probe {
            action: Action::ReadAudit,
            method: "GET",
            path: "/api/v1/audit".into(),
            body: None,
        },
        Probe {
            action: Action::ConfigureService,
            method: "PUT",
            path: "/api/v1/sla/policy".into(),
            body: Some(json!({"version": 999, "policy": {}})),
        },
        Probe {
            action: Action::ReadComplaints,
            method: "GET",
            path: "/api/v1/complaints".into(),
            body: None,
        },
        Probe {
            action: Action::WriteComplaints,
            method: "POST",
            path: "/api/v1/complaints/00000000-0000-4000-8000-000000000000/actions".into(),
            body: Some(json!({"version": 1, "action": "resolve"})),
        },
        Probe {
            action: Action::ApproveComplaints,
            method: "POST",
            path: "/api/v1/complaints/00000000-0000-4000-8000-000000000000/actions".into(),
            body: Some(json!({"version": 1, "action": "approve"})),
        },
        Probe {
            action: Action::ReadNeeds,
            method: "GET",
            path: "/api/v1/needs".into(),
            body: None,
        },
        Probe {
            action: Action::WriteNeeds,
            method: "POST",
            path: "/api/v1/needs/00000000-0000-4000-8000-000000000000/actions".into(),
            body: Some(json!({"version": 1, "action": "start"})),
        },
        Probe {
            action: Action::ReadKnowledge,
            method: "GET",
            path: "/api/v1/knowledge/articles".into(),
            body: None,
        },
        Probe {
            action: Action::WriteKnowledge,
            method: "POST",
            path: "/api/v1/knowledge/articles/00000000-0000-4000-8000-000000000000/uses".into(),
            body: Some(json!({"request_id": "00000000-0000-4000-8000-000000000000"})),
        },
        Probe {
            action: Action::PublishKnowledge,
            method: "POST",
            path: "/api/v1/knowledge/articles/00000000-0000-4000-8000-000000000000/actions".into(),
            body: Some(json!({"version": 1, "action": "publish"})),
        },
        Probe {
            action: Action::ReadReports,
            method: "GET",
            path: "/api/v1/reports/monthly?month=2026-11".into(),
            body: None,
        },
        Probe {
            action: Action::ManageWebhooks,
            method: "GET",
            path: "/api/v1/webhooks".into(),
            body: None,
        },
        Probe {
            action: Action::ManageJobs,
            method: "GET",
            path: "/api/v1/jobs".into(),
            body: None,
        },
    ];
    // Every action of the matrix has a probe.
    for action in Action::ALL {
        assert!(
            probes.iter().any(|probe| probe.action == action),
            "no probe for {action:?}"
        );
    }

    for probe in &probes {
        for (role, token) in &tokens {
            let reply = app
                .call(probe.method, &probe.path, Some(token), probe.body.clone())
                .await;
            // Technicians may reveal only for their own open requests, of which there are none here.
            let expect_allowed = allows(*role, probe.action)
                && !(probe.action == Action::RevealContacts && *role == Role::Technician);
            if expect_allowed {
                assert!(
                    reply.status != 401 && reply.status != 403,
                    "{role:?} should be allowed {:?} ({} {}), got {}: {}",
                    probe.action,
                    probe.method,
                    probe.path,
                    reply.status,
                    reply.body
                );
            } else {
                assert_eq!(
                    reply.status, 403,
                    "{role:?} must be refused {:?} ({} {}): {}",
                    probe.action, probe.method, probe.path, reply.body
                );
            }
        }
    }
}
